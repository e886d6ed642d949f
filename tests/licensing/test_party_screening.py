"""Denied-party screening through full screening runs: the real OFAC list and the national
list, hard cases in Latin and Cyrillic, and false-positive marks (the index cache:
test_denied_party_index.py)."""

from pathlib import Path

import pytest

from licensing.errors import (
    InvalidInput,
    NotPermitted,
    TransitionConflict,
    TransitionRefused,
)
from licensing.models import AuditEvent, FalsePositiveMark, Finding, ScreeningRun
from licensing.screening.names import normalise_name
from licensing.services import party_screening, requests, special_approval
from licensing.services.list_imports import import_denied_party_list
from licensing.services.reference import current_list_versions
from tests import factories
from tests.reference_data import FIXTURES

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
# An excerpt of the OFAC set of July 2021 with the entries named below (tests/fixtures/).
OFAC_2021 = [FIXTURES / "ofac-2021-07-excerpt" / name for name in ("sdn.csv", "alt.csv",
                                                                    "add.csv")]


def import_national():
    return import_denied_party_list(actor=None, list_name="National list", fmt="national",
                                    paths=[DATA / "national_list.csv"])


def import_ofac():
    return import_denied_party_list(actor=None, list_name="OFAC SDN", fmt="ofac",
                                    paths=OFAC_2021)


def party(role, name, country, end_user_type=""):
    return {"role": role, "name": name, "country": country, "address": "Somewhere",
            "end_user_type": end_user_type}


def findings_by_party(request):
    run = request.screening_runs.filter(status="completed").latest("finished_at")
    found = {}
    for finding in run.findings.filter(check_name="denied_party"):
        party_name = finding.evidence["party"]["name"]
        found.setdefault(party_name, []).append(finding)
    return found


def test_hard_cases_in_both_scripts_are_caught_through_a_full_screening_run():
    import_ofac()
    import_national()
    applicant = factories.ApplicantFactory(organisation__name="Дунав Трејд д.о.о.",
                                           organisation__country="RS")
    request = factories.submitted_request(applicant, parties=[
        party("end_user", "Рособоронэкспорт", "RU", "government"),
        party("consignee", "ROSOBORONEXPORT JSC", "RU"),
        party("intermediate_consignee", "Концерн Калашников", "RU"),
        party("intermediate_consignee", "OOO Spetstekhimport", "RU"),
        party("freight_forwarder", "Евгений Пригожин", "RU"),
        party("freight_forwarder", "Marko Petrovic", "ME"),
        party("freight_forwarder", "Polish Armed Forces Logistics Base", "PL"),
    ])
    found = findings_by_party(request)

    def entries(name):
        return {(f.evidence["list"], f.evidence["entry"]["source_id"]) for f in found[name]}

    # Cyrillic party, Latin entry (transliterated; legal form and word order aside).
    assert ("OFAC SDN", "18782") in entries("Рособоронэкспорт")
    assert ("OFAC SDN", "18782") in entries("ROSOBORONEXPORT JSC")
    assert ("OFAC SDN", "16911") in entries("Концерн Калашников")
    # A person: Cyrillic, given name first, patronymic dropped (PRIGOZHIN, Yevgeniy Viktorovich).
    assert ("OFAC SDN", "21171") in entries("Евгений Пригожин")
    # Latin party, Cyrillic national entry; legal form OOO ignored.
    assert ("National list", "NAT-0001") in entries("OOO Spetstekhimport")
    # Diacritics and word order: PETROVIĆ, Marko.
    assert ("National list", "NAT-0004") in entries("Marko Petrovic")
    # The applicant organisation itself (Serbian Cyrillic name).
    assert ("National list", "NAT-0003") in entries("Дунав Трејд д.о.о.")
    assert "Polish Armed Forces Logistics Base" not in found

    finding = found["Рособоронэкспорт"][0]
    assert finding.severity == "high"
    assert finding.evidence["entry"]["name"] == "ROSOBORONEKSPORT OAO"
    assert finding.evidence["reasons"]
    assert "OFAC SDN" in finding.message
    run = request.screening_runs.get()
    assert run.list_versions["denied_parties:OFAC SDN"] == 1
    assert run.list_versions["denied_parties:National list"] == 1
    assert run.list_versions == current_list_versions()
    # Every match must be cleared before the end user can be verified.
    request.refresh_from_db()
    with pytest.raises(TransitionRefused):
        requests.verify_end_user(actor=factories.OfficerFactory(), request=request,
                                 channel="embassy", reference="x",
                                 verified_on=request.submitted_at.date())


def test_an_inactive_list_is_not_screened():
    version = import_national()
    request = factories.submitted_request(parties=[
        party("end_user", "Balkan Defence Trade d.o.o.", "RS", "armed_forces"),
        party("consignee", "Agencja Uzbrojenia", "PL")])
    assert findings_by_party(request)
    dp_list = version.denied_party_list
    dp_list.is_active = False
    from licensing.services.list_imports import save_denied_party_list

    save_denied_party_list(actor=None, dp_list=dp_list, reason="test")
    assert "denied_parties:National list" not in current_list_versions()
    assert party_screening.search_lists("Balkan Defence Trade") == []


def test_search_lists_returns_the_entry_the_alias_and_the_reasons():
    import_national()
    [match] = party_screening.search_lists("Спецтехимпорт ООО", country="RU")
    assert (match.list_name, match.source_id) == ("National list", "NAT-0001")
    assert match.score >= 95
    assert match.reasons


# --- false-positive marks ---

def _request_naming(applicant=None, name="Balkan Defence Trade doo"):
    return factories.submitted_request(applicant, parties=[
        party("end_user", name, "RS", "armed_forces"),
        party("consignee", "Agencja Uzbrojenia", "PL")])


def _party_finding(request):
    request.refresh_from_db()
    latest = request.screening_runs.filter(status="completed").latest("finished_at")
    return latest.findings.filter(check_name="denied_party").first()


def test_a_false_positive_is_not_raised_again_until_the_mark_is_revoked():
    import_national()
    officer = factories.OfficerFactory()
    request = _request_naming()
    finding = _party_finding(request)
    assert finding.evidence["entry"]["source_id"] == "NAT-0002"

    mark = party_screening.mark_false_positive(actor=officer, finding=finding,
                                               reason="Different company, other register no.")
    assert mark.party_name_key == normalise_name("Balkan Defence Trade doo")
    assert mark.entry_source_id == "NAT-0002"
    event = AuditEvent.objects.get(action="false_positive.marked")
    assert event.request_id == request.pk and event.actor_id == officer.pk
    assert event.after["rescreened_requests"] == [request.pk]
    # The request is screened again at once and the match is gone.
    assert request.screening_runs.filter(status="queued", trigger="manual").count() == 1
    factories.run_queued_screening(request)
    assert _party_finding(request) is None
    # Another request naming the same party, however it is written, still raises it until
    # a second official confirms the mark (four eyes); then it is screened again at once.
    other = _request_naming(name="BALKAN DEFENCE TRADE D.O.O.")
    assert _party_finding(other) is not None
    with pytest.raises(NotPermitted):
        party_screening.confirm_false_positive_mark(actor=officer, mark=mark)
    party_screening.confirm_false_positive_mark(actor=factories.ApproverFactory(), mark=mark,
                                                reason="Register numbers checked.")
    confirmed = AuditEvent.objects.get(action="false_positive.confirmed")
    assert other.pk in confirmed.after["rescreened_requests"]
    factories.run_queued_screening(other)
    assert _party_finding(other) is None

    party_screening.revoke_false_positive_mark(actor=factories.ApproverFactory(), mark=mark,
                                               reason="Register number matched after all.")
    mark.refresh_from_db()
    assert mark.revoked_at is not None
    assert AuditEvent.objects.filter(action="false_positive.revoked").count() == 1
    factories.run_queued_screening(request)
    factories.run_queued_screening(other)
    again = _party_finding(request)
    assert again is not None and again.cleared_at is None
    assert _party_finding(other) is not None


def test_marking_is_for_caseworkers_with_a_reason_on_party_findings_only():
    import_national()
    request = _request_naming()
    finding = _party_finding(request)
    for actor in (finding.request.created_by, factories.AuditorFactory()):
        with pytest.raises(NotPermitted):
            party_screening.mark_false_positive(actor=actor, finding=finding, reason="x")
    with pytest.raises(InvalidInput):
        party_screening.mark_false_positive(actor=factories.OfficerFactory(), finding=finding,
                                            reason="  ")
    trader = Finding.objects.get(request=request, check_name="end_user_trader")
    with pytest.raises(InvalidInput):
        party_screening.mark_false_positive(actor=factories.OfficerFactory(), finding=trader,
                                            reason="Not a trader")
    mark = party_screening.mark_false_positive(actor=factories.OfficerFactory(),
                                               finding=finding, reason="Other company")
    with pytest.raises(TransitionConflict):
        party_screening.mark_false_positive(actor=factories.OfficerFactory(), finding=finding,
                                            reason="Again")
    party_screening.revoke_false_positive_mark(actor=factories.OfficerFactory(), mark=mark,
                                               reason="Wrong")
    with pytest.raises(TransitionConflict):
        party_screening.revoke_false_positive_mark(actor=factories.OfficerFactory(),
                                                   mark=mark, reason="Twice")
    assert FalsePositiveMark.objects.count() == 1


def test_a_list_change_reopens_review_of_a_verified_request_until_cleared():
    """Continuous screening raises a new finding on a verified request: it shows, it is
    audited as reopening the review, it blocks special approval until an officer clears it."""
    from licensing.services import screening

    request = factories.verified_request(parties=[
        party("end_user", "Polish Armed Forces", "PL", "armed_forces"),
        party("consignee", "Agencja Uzbrojenia", "PL"),
        party("freight_forwarder", "Marko Petrović", "ME")])
    import_national()  # the list now names the forwarder
    screening.queue_rescreening(request_ids=[request.pk],
                                trigger=ScreeningRun.Trigger.LIST_CHANGE)
    factories.run_queued_screening(request)
    assert request.status == "end_user_verified"
    finding = _party_finding(request)
    assert finding.evidence["entry"]["source_id"] == "NAT-0004"
    assert finding.cleared_at is None
    event = AuditEvent.objects.get(request=request, action="screening.review_reopened")
    assert event.after["findings"][0]["check"] == "denied_party"
    with pytest.raises(TransitionRefused) as refused:
        special_approval.grant_special_approval(actor=factories.ApproverFactory(), request=request,
                                        reason="Allied forces.")
    assert any("must be cleared" in problem for problem in refused.value.problems)
    screening.clear_finding(actor=factories.OfficerFactory(), finding=finding,
                            reason="Checked with the embassy: a namesake, not the broker.")
    special_approval.grant_special_approval(actor=factories.ApproverFactory(), request=request,
                                    reason="Allied forces.")
    request.refresh_from_db()
    assert request.status == "special_approval"


def test_a_new_finding_on_an_issued_licence_stops_shipments_until_cleared():
    from django.utils import timezone

    from licensing.services import licences, screening

    request = factories.approved_request(parties=[
        party("end_user", "Polish Armed Forces", "PL", "armed_forces"),
        party("consignee", "Agencja Uzbrojenia", "PL"),
        party("freight_forwarder", "Драгана Ковачевић", "BA")])
    import_national()
    for _ in range(2):  # a second list change finds nothing new: review reopened once
        screening.queue_rescreening(request_ids=[request.pk],
                                    trigger=ScreeningRun.Trigger.LIST_CHANGE)
        factories.run_queued_screening(request)
    assert AuditEvent.objects.filter(request=request,
                                     action="screening.review_reopened").count() == 1
    finding = _party_finding(request)
    assert finding.evidence["entry"]["source_id"] == "NAT-0012"
    assert request.licence.status == "issued"
    item = request.items.get()

    def ship():
        return licences.record_shipment(actor=request.created_by, request=request,
                                        shipped_on=timezone.localdate(), carrier="C",
                                        customs_declaration="CD-1",
                                        quantities=[(item.pk, 10)])

    with pytest.raises(TransitionRefused) as refused:
        ship()
    assert any("Re-screening raised 1 finding" in p for p in refused.value.problems)
    screening.clear_finding(actor=factories.OfficerFactory(), finding=finding,
                            reason="A namesake: different date of birth.")
    assert ship().pk


def test_an_unconfirmed_mark_applies_only_to_its_own_case_and_cannot_be_confirmed_twice():
    import_national()
    request = _request_naming()
    other = _request_naming(name="Balkan Defence Trade d.o.o.")
    mark = party_screening.mark_false_positive(actor=factories.OfficerFactory(),
                                               finding=_party_finding(request),
                                               reason="Different register number.")
    assert mark.request_id == request.pk and not mark.is_confirmed
    assert AuditEvent.objects.get(action="false_positive.marked").after[
        "rescreened_requests"] == [request.pk]
    factories.run_queued_screening(request)
    assert _party_finding(request) is None
    # On the other case the officer may mark it too (his own case at hand), not twice.
    assert _party_finding(other) is not None
    for actor in (other.created_by, factories.AuditorFactory()):
        with pytest.raises(NotPermitted):
            party_screening.confirm_false_positive_mark(actor=actor, mark=mark)
    party_screening.confirm_false_positive_mark(actor=factories.OfficerFactory(), mark=mark)
    with pytest.raises(TransitionConflict):
        party_screening.confirm_false_positive_mark(actor=factories.ApproverFactory(),
                                                    mark=mark)

