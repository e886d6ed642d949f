"""Issue 13: what screening words (the name matcher's reasons for and against a match, the
reason of an automatic denial) is stored once, untranslated, and read in each reader's
language: the officer's request page, the API (Accept-Language) and e-mails; rows stored
before are shown as they were stored."""

from html import unescape
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from licensing.i18n_tools.serbian import serbian_latin
from licensing.models import (
    AtWarCountry,
    AuditEvent,
    Finding,
    OutboxMessage,
    ShipmentRequest,
)
from licensing.services.background import SEND_NOTIFICATION
from licensing.services.list_imports import import_denied_party_list
from licensing.services.notifications import build_messages
from tests import factories
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db

NATIONAL_LIST = Path(__file__).resolve().parent / "data" / "national_list.csv"
PARTY = "OOO Spetstekhimport"  # the national list's Cyrillic entry NAT-0001, legal form OOO


def _in(language: str, msgid: str, **params) -> str:
    with translation.override(language):
        text = gettext(msgid)
    return text % params if params else text


def _screened_match() -> tuple[ShipmentRequest, Finding]:
    import_denied_party_list(actor=None, list_name="National list", fmt="national",
                             paths=[NATIONAL_LIST])
    with translation.override("en"):  # as a worker screens: in the default language
        request = factories.submitted_request(parties=[
            {"role": "end_user", "name": "Ministry of Defence", "country": "DE",
             "address": "Berlin", "end_user_type": "government"},
            {"role": "consignee", "name": PARTY, "country": "RU", "address": "Moscow",
             "end_user_type": ""}])
    finding = next(f for f in request.findings.filter(check_name="denied_party")
                   if f.evidence["party"]["name"] == PARTY)
    return request, finding


def _page(client, request, language) -> str:
    response = client.get(f"/requests/{request.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_a_match_screened_in_english_is_explained_in_the_readers_language(client, api):
    request, finding = _screened_match()
    english_form = "legal form 'OOO' ignored"
    english_script = "compared after transliteration (Latin → Cyrillic)"
    # the record stays English; the parts say it in any language
    assert english_form in finding.evidence["reasons"]
    assert english_script in finding.evidence["evidence_for"]
    assert finding.evidence["text_parts"]["reasons"]
    cyrillic_form = _in("sr", "legal form '%(form)s' ignored", form="OOO")
    cyrillic_script = _in("sr", "compared after transliteration (%(source)s)",
                          source=_in("sr", "Latin → Cyrillic"))
    assert cyrillic_form != english_form and "ћирилиц" in cyrillic_script

    officer = factories.OfficerFactory()
    sign_in(client, officer)
    serbian = _page(client, request, "sr")
    assert cyrillic_form in serbian and cyrillic_script in serbian
    assert english_form not in serbian and english_script not in serbian
    english = _page(client, request, "en")
    assert english_form in english and english_script in english

    api.as_user(officer)
    for language, form, script in (
            ("sr-Latn", serbian_latin(cyrillic_form), serbian_latin(cyrillic_script)),
            ("en", english_form, english_script)):
        body = api.get(f"/api/v1/requests/{request.pk}/",
                       HTTP_ACCEPT_LANGUAGE=language).json()
        [shown] = [f for f in body["screening"]["findings"] if f["id"] == finding.pk]
        assert form in shown["evidence"]["reasons"], (language, shown["evidence"])
        assert script in shown["evidence"]["evidence_for"], language
        assert "text_parts" not in shown["evidence"]  # parts are storage, not output
        assert form in shown["message"], language  # "Evidence for: ..." inside the message


def test_a_match_stored_before_the_parts_were_kept_shows_its_stored_reasons(client, api):
    request, finding = _screened_match()
    old = {key: value for key, value in finding.evidence.items() if key != "text_parts"}
    old["reasons"] = ["an old reason, stored in English"]
    Finding.objects.filter(pk=finding.pk).update(evidence=old)
    officer = factories.OfficerFactory()
    sign_in(client, officer)
    assert "an old reason, stored in English" in _page(client, request, "sr")
    body = api.as_user(officer).get(f"/api/v1/requests/{request.pk}/",
                                    HTTP_ACCEPT_LANGUAGE="sr").json()
    [shown] = [f for f in body["screening"]["findings"] if f["id"] == finding.pk]
    assert shown["evidence"]["reasons"] == ["an old reason, stored in English"]


def _denied_automatically() -> ShipmentRequest:
    AtWarCountry.objects.create(country="RU", valid_from="2022-02-24",
                                basis="national designation")
    with translation.override("en"):
        request = factories.submitted_request(destination_country="RU")
    request.refresh_from_db()
    assert request.status == "denied" and request.decided_by is None
    return request


def test_an_automatic_denial_reads_in_the_readers_language(client, api):
    request = _denied_automatically()
    assert request.decision_reason.startswith("Denied automatically by screening: ")
    cyrillic = _in("sr", "Denied automatically by screening: %(findings)s", findings="")
    assert cyrillic.strip() and "Denied" not in cyrillic
    officer = factories.OfficerFactory()
    sign_in(client, officer)
    serbian = _page(client, request, "sr")
    assert cyrillic.strip() in serbian
    assert "Denied automatically by screening" not in serbian  # nor in the history
    assert "Denied automatically by screening" in _page(client, request, "en")

    body = api.as_user(officer).get(f"/api/v1/requests/{request.pk}/",
                                    HTTP_ACCEPT_LANGUAGE="sr-Latn").json()
    assert body["decision"]["reason"].startswith(serbian_latin(cyrillic).strip())
    history = [line["reason"] for line in body["history"] if line["reason"]]
    assert any(r.startswith(serbian_latin(cyrillic).strip()) for r in history), history
    # the audit record keeps the English
    event = AuditEvent.objects.get(request=request, action="request.denied_by_system")
    assert event.reason == request.decision_reason


def test_the_automatic_denial_e_mail_is_in_its_recipients_language():
    applicant = factories.ApplicantFactory(language="sr")
    AtWarCountry.objects.create(country="RU", valid_from="2022-02-24", basis="designation")
    with translation.override("en"):
        request = factories.submitted_request(applicant, destination_country="RU")
    # the notification the denial owed, as the worker will read it from the outbox
    [owed] = [m for m in OutboxMessage.objects.filter(task_name=SEND_NOTIFICATION)
              if m.args[0]["kind"] == "request.denied_by_system"
              and m.args[0]["request_id"] == request.pk]
    payload = owed.args[0]
    assert payload["reason_parts"]
    [message] = [m for m in build_messages(payload) if m.to == [applicant.email]]
    cyrillic = _in("sr", "Denied automatically by screening: %(findings)s", findings="")
    assert cyrillic.strip() in message.body
    assert "Denied automatically by screening" not in message.body


def test_a_denial_stored_before_the_parts_were_kept_shows_its_stored_reason(client):
    request = _denied_automatically()
    ShipmentRequest.objects.filter(pk=request.pk).update(decision_reason_parts=None)
    sign_in(client, factories.OfficerFactory())
    assert request.decision_reason in _page(client, request, "sr")
