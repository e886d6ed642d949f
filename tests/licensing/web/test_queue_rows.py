"""The queue's rows rendered in Python (licensing.web.queue_rows) are the HTML the row
template rendered: the template the rows replaced is kept here as the reference, rendered by
Django for rows in every combination the cells distinguish, in the three locales."""

import itertools
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from django_countries.fields import Country

from licensing.web.queue_rows import _consultation_cell, render_rows
from licensing.workflow.states import RequestStatus

# templates/cases/queue.html's row as it was before the rows were rendered in Python (in
# queue_row_reference.html, with the loop around it).
ROW_TEMPLATE = (Path(__file__).parent / "queue_row_reference.html").read_text()


def _row(pk, *, waiting, overdue, due_soon, stopped, step, holder, referrals):
    status = (RequestStatus.SUBMITTED, RequestStatus.END_USER_VERIFIED,
              RequestStatus.SPECIAL_APPROVAL, RequestStatus.SHIPPED)[pk % 4]
    step_value = (SimpleNamespace(label="Verification & checks", working_days=4, target=3,
                                  breached=step == "breached") if step else None)
    clock = SimpleNamespace(
        stopped=stopped, current=step_value,
        overall=SimpleNamespace(running=not stopped, due_on=date(2026, 12, 24),
                                working_days=12))
    return SimpleNamespace(
        pk=pk, applicant_reference=f"REF<{pk}>&", status=status,
        get_status_display=lambda: RequestStatus(status).label, waiting_for_applicant=waiting,
        organisation=SimpleNamespace(name="Org \"A\" & Co"),
        destination_country=Country(("PL", "RS", "DE")[pk % 3]), end_user_name="Border <Guard>",
        categories=["ML1", "ML3"],
        submitted_at=datetime(2026, 11, 2, 23, 30, tzinfo=UTC),
        age_working_days=None if pk % 7 == 0 else 21, overdue=overdue, due_soon=due_soon,
        clock=None if pk % 11 == 0 else clock,
        holder=(SimpleNamespace(full_name="", email="o@x.example") if holder == "email" else
                SimpleNamespace(full_name="Ana <O>", email="a@x.example") if holder else None),
        open_findings=pk % 3, screening_status=("completed", "", "failed", "queued")[pk % 4],
        referrals_total=referrals[0], referrals_consented=referrals[1],
        referrals_objecting=referrals[2], referrals_overdue=referrals[3],
    )


ROWS = [_row(pk, waiting=w, overdue=o, due_soon=d, stopped=s, step=st, holder=h, referrals=r)
        for pk, (w, o, d, s, st, h, r) in enumerate(itertools.product(
            [False, True], [False, True], [False, True], [False, True],
            [None, "on time", "breached"], [None, "name", "email"],
            [(0, 0, 0, 0), (3, 1, 1, 0), (3, 2, 2, 1), (2, 0, 0, 2)]), start=1)]


@pytest.mark.parametrize("language", ["en", "sr", "sr-latn"])
@pytest.mark.parametrize("may_take", [True, False])
def test_the_rows_are_the_html_the_row_template_rendered(language, may_take):
    with translation.override(language):
        expected = Template(ROW_TEMPLATE).render(Context({
            "rows": ROWS, "target": 20, "may_take": may_take, "query": "q=a&b=<c>",
            "csrf_token": "token123"}))
        assert render_rows(ROWS, target=20, may_take=may_take, query="q=a&b=<c>",
                           csrf_token="token123") == expected


@pytest.mark.parametrize("language", ["en", "sr", "sr-latn"])
def test_the_consultation_cell_is_its_template(language):
    with translation.override(language):
        for row in ROWS[:4 * 8]:
            assert _consultation_cell(row) + "\n" == render_to_string(
                "cases/_consultation_cell.html", {"row": row})
