"""The work queue's rows rendered in Python: the same HTML as the row template it replaces
(each row's cells, the consultation cell, the "Assign to me" form), without the template
engine's per-row cost. Through the engine a row took about half a millisecond of CPU (a
variable look-up, an escape and often a translation per cell, two `{% url %}`, a
`{% csrf_token %}`, two custom tags and an include): about 12 ms for a page of 25 rows.
Every value is escaped as the template's autoescape would; every string a person reads
goes through gettext with the template's msgid."""

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from licensing.models import ShipmentRequest
from licensing.templatetags.ui import status_badge


def _e(value) -> str:
    """A value as `{{ value }}` prints it: localized, then escaped."""
    return conditional_escape(localize(value))


def _date(value, date_format) -> str:
    """As `{{ value|date:"DATE_FORMAT" }}`: in the current time zone, "" for no date."""
    if value in (None, ""):
        return ""
    return _e(dateformat.format(template_localtime(value), date_format))


def _url(name) -> tuple[str, str]:
    """A URL taking one pk, reversed once: (before the pk, after it)."""
    before, _sep, after = reverse(name, args=[987654321]).rpartition("987654321")
    return before, after


class _Memo(dict):
    """Per page: a value computed once per key (a state's label and badge, a country's
    name), not once per row. Translating a state's label through get_status_display
    hashed every lazy choice label (a gettext each) on every row."""

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, key):
        value = self[key] = self.compute(key)
        return value


def _consultation_cell(row) -> str:
    """templates/cases/_consultation_cell.html"""
    if not getattr(row, "referrals_total", None):
        return '<td class="consultation-state">—</td>'
    parts = [gettext("%(consented)s of %(total)s consents") % {
        "consented": _e(row.referrals_consented), "total": _e(row.referrals_total)}]
    if row.referrals_objecting:
        parts.append(', <span class="badge text-bg-danger">%s</span>' % (  # noqa: UP031
            ngettext("%(n)s objection", "%(n)s objections", row.referrals_objecting)
            % {"n": _e(row.referrals_objecting)}))
    if row.referrals_overdue:
        parts.append(', <span class="badge text-bg-warning">%s</span>' % (  # noqa: UP031
            gettext("%(n)s overdue") % {"n": _e(row.referrals_overdue)}))
    return '<td class="consultation-state">%s</td>' % "".join(parts)  # noqa: UP031


def render_rows(rows, *, target, may_take: bool, query: str, csrf_token) -> SafeString:
    """The `<tr>`s of the queue's table body, as templates/cases/queue.html rendered them."""
    over_target = _e(gettext("over target"))
    clock_stopped = _e(gettext("clock stopped"))
    assign_to_me = _e(gettext("Assign to me"))
    nobody = _e(gettext("nobody"))
    waiting = status_badge("waiting", gettext("Waiting for the applicant"))
    # As {% csrf_token %}: nothing when the token is absent (or "NOTPROVIDED").
    csrf_input = ("" if not csrf_token or csrf_token == "NOTPROVIDED" else  # noqa: S105
                  format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                              csrf_token))
    target_text = _e(target)
    query_text = _e(query)
    date_format = get_format("DATE_FORMAT")
    detail_url, take_url = _url("web:request-detail"), _url("web:case-take")
    status_labels = dict(ShipmentRequest._meta.get_field("status").flatchoices)
    # As row.get_status_display(): the choice's label, else the value itself.
    states = _Memo(lambda value: status_badge(value, str(status_labels.get(value, value))))
    screening_badges = _Memo(status_badge)
    countries = _Memo(lambda country: _e(country.name))
    out = []
    for row in rows:
        reference = _e(row.applicant_reference)
        pk, url_pk = _e(row.pk), str(row.pk)
        state = waiting if row.waiting_for_applicant else states[row.status]
        age = ""
        if row.age_working_days is not None:
            badge = ("badge text-bg-danger" if row.overdue
                     else "badge text-bg-warning" if row.due_soon else "")
            age = (f'\n        <span class="{badge}">{_e(row.age_working_days)} / '
                   f"{target_text}</span>\n        ")
            if row.overdue:
                age += f'<span class="visually-hidden">{over_target}</span>'
        clock = row.clock
        stopped = (f'<span class="badge text-bg-secondary">{clock_stopped}</span>'
                   if clock and clock.stopped else "")
        step = clock.current if clock else None
        if step:
            breached = "badge text-bg-danger" if step.breached else ""
            step_cell = (f'{_e(step.label)}: <span class="{breached}">'
                         f"{_e(step.working_days)} / {_e(step.target)}</span>")
        else:
            step_cell = "—"
        due = (_date(clock.overall.due_on, date_format) if clock and clock.overall.running
               else "—")
        if row.holder:
            holder = _e(row.holder.full_name or row.holder.email)
        elif may_take:
            holder = (
                f'\n        <form method="post" action="'
                f'{take_url[0]}{url_pk}{take_url[1]}" class="d-inline">'
                f"{csrf_input}\n"
                f'          <input type="hidden" name="next" value="queue">'
                f'<input type="hidden" name="query" value="{query_text}">\n'
                f'          <button class="btn btn-sm btn-outline-primary take-case" '
                f'type="submit" aria-label="{assign_to_me}: {reference}">{assign_to_me}'
                f"</button>\n        </form>")
        else:
            holder = nobody
        findings = (f'<span class="badge text-bg-warning">{_e(row.open_findings)}</span>'
                    if row.open_findings else "0")
        screening = screening_badges[row.screening_status] if row.screening_status else "—"
        out.append(
            f'\n    <tr tabindex="-1" id="row-{pk}">\n'
            f'      <td><a class="case-link" href="'
            f'{detail_url[0]}{url_pk}{detail_url[1]}">{reference}</a></td>\n'
            f"      <td>{_e(row.organisation.name)}</td>\n"
            f"      <td>{countries[row.destination_country]}</td>\n"
            f"      <td>{_e(row.end_user_name)}</td>\n"
            f"      <td>{', '.join(_e(c) for c in row.categories)}</td>\n"
            f"      <td>{state}</td>\n"
            f"      <td>{_date(row.submitted_at, date_format)}</td>\n"
            f"      <td>{age}\n        {stopped}</td>\n"
            f"      <td>{step_cell}</td>\n"
            f"      <td>{due}</td>\n"
            f"      <td>{holder}</td>\n"
            f"      <td>{findings}</td>\n"
            f"      <td>{screening}</td>\n"
            f"      {_consultation_cell(row)}\n\n"
            f"    </tr>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above
