"""Issue 13: three locales (sr Cyrillic, sr-latn, en), one Serbian source catalogue, the
bilingual licence, and search across scripts."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from licensing.i18n_tools.po import read_po
from licensing.i18n_tools.serbian import serbian_latin
from licensing.management.commands.transliterate_catalogue import latin_catalogue
from licensing.models import Party
from licensing.screening.names.transliterate import search_key
from licensing.services import special_approval
from licensing.tasks import generate_licence_document
from tests import factories
from tests.licensing.licence_helpers import pdf_text
from tests.licensing.web.conftest import sign_in

LOCALE = Path(settings.LOCALE_PATHS[0])
CYRILLIC_PO = LOCALE / "sr" / "LC_MESSAGES" / "django.po"
LATIN_PO = LOCALE / "sr_Latn" / "LC_MESSAGES" / "django.po"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


# --- the catalogues ---

def test_every_serbian_message_is_translated_and_none_is_fuzzy():
    entries = [e for e in read_po(CYRILLIC_PO) if e.msgid and not e.obsolete]
    assert len(entries) > 1000
    untranslated = [e.msgid for e in entries if not e.translated]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]


def test_the_latin_catalogue_is_the_transliteration_of_the_cyrillic_one():
    assert LATIN_PO.read_text(encoding="utf-8") == latin_catalogue(
        CYRILLIC_PO.read_text(encoding="utf-8"))
    cyrillic = {e.key: e.msgstr for e in read_po(CYRILLIC_PO)}
    latin = {e.key: e.msgstr for e in read_po(LATIN_PO)}
    assert cyrillic.keys() == latin.keys()
    for key, forms in cyrillic.items():
        if key[1]:
            assert latin[key] == {i: serbian_latin(t) for i, t in forms.items()}, key
            assert not CYRILLIC.search("".join(latin[key].values())), key


def test_the_compiled_catalogues_are_committed_and_current():
    for po in (CYRILLIC_PO, LATIN_PO):
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} missing: run manage.py transliterate_catalogue"
        assert mo.stat().st_size > 10_000


@pytest.mark.parametrize(("cyrillic", "latin"), [
    ("Љубиша Њуњић Џеп", "Ljubiša Njunjić Džep"), ("ЉУБИША", "LJUBIŠA"),
    ("Ђорђевић, %(name)s {count}", "Đorđević, %(name)s {count}"),
    ("сертификат о крајњем кориснику", "sertifikat o krajnjem korisniku"),
])
def test_serbian_transliteration_letter_for_letter(cyrillic, latin):
    assert serbian_latin(cyrillic) == latin


# --- pages and the API in each language ---

def _page(client, path, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.get(path, **headers).content.decode()


@pytest.mark.django_db
def test_html_lang_and_the_switcher_follow_the_language(client):
    officer = factories.OfficerFactory()
    sign_in(client, officer)
    assert '<html lang="en">' in _page(client, "/queue/", "en")
    page = _page(client, "/queue/", "sr")
    assert '<html lang="sr-Cyrl">' in page and "Радна листа" in page
    page = _page(client, "/queue/", "sr-Latn")
    assert '<html lang="sr-Latn">' in page and "Radna lista" in page
    assert 'name="language"' in page


@pytest.mark.django_db
def test_the_users_choice_is_saved_on_their_profile_and_wins_over_the_browser(client):
    officer = factories.OfficerFactory()
    sign_in(client, officer)
    response = client.post("/accounts/language/", {"language": "sr-latn", "next": "/queue/"})
    assert response.status_code == 302 and response["Location"] == "/queue/"
    officer.refresh_from_db()
    assert officer.language == "sr-latn"
    assert '<html lang="sr-Latn">' in _page(client, "/queue/", "en")
    assert client.post("/accounts/language/", {"language": "xx"}).status_code == 400


@pytest.mark.django_db
def test_the_sign_in_page_has_the_switcher_and_follows_the_browser(client):
    page = _page(client, "/accounts/login/", "sr")
    assert "Пријави се" in page and 'id="language-select"' in page


@pytest.mark.django_db
def test_api_errors_in_latin_script_for_accept_language_sr_latn(api):
    applicant = factories.ApplicantFactory()
    api.as_user(applicant)
    data = factories.request_data()
    data["parties"] = [p for p in data["parties"] if p["role"] != "end_user"]
    response = api.post("/api/v1/requests/", data, format="json",
                        HTTP_ACCEPT_LANGUAGE="sr-Latn")
    assert response.status_code == 400
    text = str(response.json())
    assert "Navedite tačno jednog krajnjeg korisnika." in text
    assert not CYRILLIC.search(text)
    assert response["Content-Language"] == "sr-latn"
    response = api.post("/api/v1/requests/", data, format="json", HTTP_ACCEPT_LANGUAGE="sr")
    assert "Наведите тачно једног крајњег корисника." in str(response.json())
    response = api.post("/api/v1/requests/", data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert "Name exactly one end user." in str(response.json())


@pytest.mark.django_db
def test_unauthenticated_api_answer_in_the_asked_language(client):
    body = client.get("/api/v1/requests/", HTTP_ACCEPT_LANGUAGE="sr-Latn").json()
    assert not CYRILLIC.search(str(body)) and "Podaci" in str(body)


@pytest.mark.django_db
def test_the_public_verification_page_follows_the_visitors_language(client):
    request = factories.approved_request()
    number = request.licence.number
    assert "Провера дозволе" in _page(client, f"/verify/{number}/", "sr")
    assert "Provera dozvole" in _page(client, f"/verify/{number}/", "sr-Latn")
    assert "Licence verification" in _page(client, f"/verify/{number}/", "en")


@pytest.mark.django_db
def test_dates_are_written_per_locale(client):
    request = factories.submitted_request()
    officer = factories.OfficerFactory()
    sign_in(client, officer)
    day = request.created_at
    en = _page(client, f"/requests/{request.pk}/", "en")
    sr = _page(client, f"/requests/{request.pk}/", "sr")
    assert f"{day.day} {day:%b} {day.year}" in en
    assert f"{day.day}. " in sr and f" {day.year}." in sr


# --- the licence in two languages ---

@pytest.mark.django_db
def test_the_licence_pdf_is_in_serbian_cyrillic_and_english():
    approver = factories.ApproverFactory(full_name="Rudolf Rassendyll")
    request = factories.verified_request()
    item = request.items.get()
    licence = special_approval.grant_special_approval(
        actor=approver, request=request, reason="Allied forces.",
        approved_quantities={item.pk: 400_000})
    generate_licence_document.apply(args=[licence.pk]).get()
    text = " ".join(pdf_text(licence.documents.order_by("-version").first().file.read()).split())
    for english, serbian in [("Export licence", "Извозна дозвола"), ("Validity", "Важење"),
                             ("Parties", "Стране"), ("End user", "Крајњи корисник"),
                             ("Items and approved quantities", "Ставке и одобрене количине"),
                             ("Poland (PL)", "Пољска (PL)")]:
        assert english in text, english
        assert serbian in text, serbian  # the font embeds Cyrillic glyphs: the text extracts


# --- search across scripts ---

def test_the_search_key_is_the_same_in_both_scripts():
    assert search_key("Концерн Калашников") == "koncern kalasnikov"
    assert search_key("Kalashnikov") in search_key("Концерн Калашников")
    assert search_key("Petrović") == search_key("Петровић") == search_key("Petrovic")


def _request_with_end_user(name):
    parties = factories.request_data()["parties"]
    parties[0]["name"] = name
    return factories.submitted_request(parties=parties)


@pytest.mark.django_db
def test_the_queue_finds_parties_and_countries_whatever_the_script(client):
    kalashnikov = _request_with_end_user("Концерн Калашников")
    petrovic = _request_with_end_user("Petrović Trade d.o.o.")
    kazakhstan = factories.submitted_request(destination_country="KZ")
    other = factories.submitted_request()
    assert Party.objects.get(request=kalashnikov, role="end_user").search_key
    sign_in(client, factories.OfficerFactory())

    def found(q):
        page = _page(client, f"/queue/?state=all&q={q}", "en")
        return {r.applicant_reference for r in (kalashnikov, petrovic, kazakhstan, other)
                if r.applicant_reference in page}

    assert found("Kalashnikov") == {kalashnikov.applicant_reference}
    assert found("Калашников") == {kalashnikov.applicant_reference}
    assert found("Петровић") == {petrovic.applicant_reference}
    assert found("Казахстан") == {kazakhstan.applicant_reference}
    assert found("Kazakhstan") == {kazakhstan.applicant_reference}


@pytest.mark.django_db
def test_the_queue_search_takes_as_many_queries_in_either_script(client):
    for name in ("Концерн Калашников", "Petrović Trade"):
        _request_with_end_user(name)
    sign_in(client, factories.OfficerFactory())
    counts = []
    # one match each, typed in either script: the same queries (none per row or script)
    for q in ("Kalashnikov", "Калашников", "Petrović", "Петровић"):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/queue/?state=all&q={q}")
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


@pytest.mark.django_db
def test_the_audit_log_finds_a_party_in_the_other_script(client):
    kalashnikov = _request_with_end_user("Концерн Калашников")
    petrovic = _request_with_end_user("Petrović Trade d.o.o.")
    sign_in(client, factories.AuditorFactory())
    page = _page(client, "/audit/?q=Kalashnikov", "en")
    assert f"/audit/requests/{kalashnikov.pk}/" in page
    assert f"/audit/requests/{petrovic.pk}/" not in page
    page = _page(client, "/audit/?q=Петровић", "en")
    assert f"/audit/requests/{petrovic.pk}/" in page


# --- finding messages in the reader's language ---

def _request_without_reexport_clause():
    data = factories.request_data()
    data["end_user_certificate"]["non_reexport_clause"] = False
    request = factories.submitted_request(end_user_certificate=data["end_user_certificate"])
    return request, request.findings.get(check_name="euc_no_reexport_clause")


@pytest.mark.django_db
def test_a_finding_message_is_kept_in_english_and_read_in_each_language(client, api):
    request, finding = _request_without_reexport_clause()
    number = request.end_user_certificate.number
    english = f"The end-user certificate {number} has no non-re-export clause."
    assert finding.message == english  # the record (audit events, search) stays English
    assert finding.message_parts["t"].startswith("The end-user certificate %(number)s")
    cyrillic = (f"Сертификат о крајњем кориснику {number} нема клаузулу о забрани "
                "поновног извоза.")
    officer = factories.OfficerFactory()
    sign_in(client, officer)
    for language, text in (("en", english), ("sr", cyrillic), ("sr-latn", serbian_latin(cyrillic))):
        page = _page(client, f"/requests/{request.pk}/", language)
        assert text in page, language
    api.as_user(officer)
    for language, text in (("sr-Latn", serbian_latin(cyrillic)), ("en", english)):
        body = api.get(f"/api/v1/requests/{request.pk}/", HTTP_ACCEPT_LANGUAGE=language).json()
        messages = [f["message"] for f in body["screening"]["findings"]]
        assert text in messages, (language, messages)


@pytest.mark.django_db
def test_a_finding_stored_before_its_parts_were_kept_stays_readable():
    from django.utils import translation

    from licensing.models import Finding

    _request, finding = _request_without_reexport_clause()
    Finding.objects.filter(pk=finding.pk).update(message_parts=None)
    Finding.objects.filter(pk=finding.pk).update(message="Screening completed")
    finding = Finding.objects.get(pk=finding.pk)
    with translation.override("sr"):
        assert finding.text == "Провера завршена"  # a catalogue sentence as it is
    Finding.objects.filter(pk=finding.pk).update(message="Something only English said.")
    with translation.override("sr"):
        assert Finding.objects.get(pk=finding.pk).text == "Something only English said."
