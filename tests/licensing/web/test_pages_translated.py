"""Issue 13: every page, for every role, in Serbian (both scripts) shows no English source
text: each visible text segment of the English rendering that also appears unchanged in
the Serbian rendering must be data (names, references, codes) or on the allow-list."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation
from django_countries import countries

from tests import factories
from tests.licensing.web.conftest import sign_in

# Proper names, codes and symbols that read the same in every language.
ALLOWED = {"SHA-256", "CSV", "JSON", "PDF", "QR", "ML3", "EUR", "IP", "OpenAPI", "API",
           "Enter", "TOTP", "UTC", "MAC", "EL-2026-XXXX-XXXX-XXXX", "/api/schema/",
           # the language switcher names each language in itself
           "Srpski (latinica)", "English"}
WORD = re.compile(r"[A-Za-z]{3,}")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.parts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def untranslated(english: str, serbian: str, data: set[str]) -> list[str]:
    serbian_parts = set(visible_text(serbian))
    left = []
    for part in visible_text(english):
        if part not in serbian_parts or part in ALLOWED:
            continue
        rest = part
        for value in sorted(data, key=len, reverse=True):
            if value:
                rest = rest.replace(value, " ")
        for value in ALLOWED:
            rest = rest.replace(value, " ")
        if WORD.search(rest):
            left.append(part)
    return left


def _data_values() -> set[str]:
    from accounts.models import Organisation, User
    from licensing.models import (
        Advice,
        Assessment,
        AuditEvent,
        Criterion,
        Document,
        EndUserCertificate,
        Licence,
        LineItem,
        Party,
        ShipmentRequest,
    )

    values = set()
    # What people typed (names, references, reasons) and identifiers (licence numbers,
    # criterion codes, the audit actions' codes an auditor's tooltip shows).
    for model, fields in ((ShipmentRequest, ("applicant_reference", "end_use")),
                          (Party, ("name", "address")), (LineItem, ("description", "unit")),
                          (EndUserCertificate, ("number", "issuing_authority")),
                          (Organisation, ("name", "address")), (User, ("full_name", "email")),
                          (Advice, ("reasoning",)), (Assessment, ("reasoning",)),
                          (AuditEvent, ("reason", "action")), (Criterion, ("code",)),
                          (Licence, ("number",))):
        for row in model.objects.values_list(*fields):
            values.update(str(v) for v in row if v)
    values |= {f"/verify/{number}/" for number in Licence.objects.values_list("number", flat=True)}
    values |= set(Document.objects.values_list("original_name", flat=True))
    # Country names come translated from django-countries; some read the same in Serbian
    # Latin as in English (Angola, Japan): those are not untranslated.
    with translation.override("en"):
        english = {code: str(name) for code, name in countries}
    with translation.override("sr-latn"):
        values |= {str(name) for code, name in countries if str(name) == english[code]}
    return values | {"Export-control authority"}


def _pages(req):
    """The pages of each role; `req` names the requests: licensed (approved), consulting
    (verified, still in consultation and assessment) and countersign (a grant awaiting its
    countersignature)."""
    licensed, consulting, countersign = req["licensed"], req["consulting"], req["countersign"]
    return {
        "applicant": ["/", "/requests/", "/requests/new/", f"/requests/{licensed}/",
                      f"/requests/{consulting}/", f"/requests/{countersign}/", "/halts/"],
        "officer": ["/", "/queue/", "/queue/?state=all", f"/requests/{licensed}/",
                    f"/requests/{consulting}/", f"/requests/{countersign}/",
                    "/consultations/", "/certificates/", "/screening/search/", "/halts/",
                    "/delivery-verifications/overdue/"],
        "approver": ["/queue/", f"/requests/{licensed}/", f"/requests/{consulting}/",
                     f"/requests/{countersign}/", "/halts/"],
        "auditor": ["/audit/", f"/audit/requests/{licensed}/", "/audit/integrity/",
                    f"/requests/{licensed}/", f"/requests/{countersign}/"],
        "agency": ["/", "/consultations/", f"/requests/{consulting}/"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sr", "sr-latn"])
def test_every_page_for_every_role_is_translated(client, language):
    from licensing.models import RequestStatus

    applicant = factories.ApplicantFactory()
    licensed = factories.approved_request(applicant)
    consulting = factories.verified_request(applicant, consulted=False, assessed=False)
    countersign = factories.request_in_state(RequestStatus.AWAITING_COUNTERSIGNATURE,
                                             applicant)
    assert countersign.status == RequestStatus.AWAITING_COUNTERSIGNATURE
    users = {"applicant": applicant, "officer": factories.OfficerFactory(),
             "approver": factories.ApproverFactory(), "auditor": factories.AuditorFactory(),
             "agency": factories.AgencyReviewerFactory()}
    data = _data_values()
    problems = {}
    pages = [(None, "/accounts/login/"), (None, f"/verify/{licensed.licence.number}/")]
    ids = {"licensed": licensed.pk, "consulting": consulting.pk, "countersign": countersign.pk}
    pages += [(role, path) for role, paths in _pages(ids).items() for path in paths]
    for role, path in pages:
        client.logout()
        if role:
            sign_in(client, users[role])
        english = client.get(path, HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert english.status_code == 200, (role, path, english.status_code)
        serbian = client.get(path, HTTP_ACCEPT_LANGUAGE=language, follow=True).content.decode()
        left = untranslated(english.content.decode(), serbian, data)
        if left:
            problems[(role, path)] = left
    assert not problems, "\n".join(f"{role} {path}: {left!r}"
                                    for (role, path), left in problems.items())


# What the project words on the admin pages: the admin modules' column titles, filter,
# upload form, messages and fieldsets (licensing/admin*.py, accounts/admin.py), the apps'
# and the registered models' names (in every page's navigation). Django's own admin strings
# come translated by Django; the model fields' names are checked by
# test_the_admin_shows_the_fields_names_in_serbian below.
ADMIN_STRINGS = ("Export licensing", "Accounts and organisations", "Live version", "Entries",
                 "Upload a new version", "Upload a denied-party list", "Format", "Files",
                 "Allow shrink", "List name", "Diff (counts and samples)",
                 "delivery verification", "Overdue", "Received", "Pending", "Person",
                 "Access", "Arms embargoes", "Audit events", "Denied-party lists",
                 "Denied-party list versions", "Export halts", "False-positive marks",
                 "Halt overrides", "Licence conditions", "Licence documents", "Shipments",
                 "Routing rules")


def _admin_words(part: str) -> set[str]:
    """A text segment as the admin shows a label or title: "Format:", "By delivery
    verification", "Upload a new version"."""
    text = part.strip().rstrip(":").lower()
    return {text, text.removeprefix("by ")}


@pytest.mark.django_db
def test_the_admin_pages_say_their_own_words_in_serbian(client):
    from pathlib import Path

    from licensing.models import DeniedPartyListVersion
    from licensing.services.list_imports import import_denied_party_list

    data_dir = Path(__file__).resolve().parents[1] / "data"
    version = import_denied_party_list(actor=None, list_name="National list", fmt="national",
                                       paths=[data_dir / "national_list.csv"])
    assert isinstance(version, DeniedPartyListVersion)
    administrator = factories.AdministratorFactory()
    sign_in(client, administrator)
    data = _data_values()
    pages = ["/admin/licensing/deniedpartylist/", "/admin/licensing/deniedpartylist/upload/",
             f"/admin/licensing/deniedpartylistversion/{version.pk}/change/",
             "/admin/licensing/shipment/", f"/admin/accounts/user/{administrator.pk}/change/"]
    own = {s.lower() for s in ADMIN_STRINGS}
    problems = {}
    for path in pages:
        english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert english.status_code == 200, path
        english = english.content.decode()
        # each page shows some of the admin's own words (else this test proves nothing)
        assert any(s in english for s in ADMIN_STRINGS), path
        # Cyrillic only: in Latin script some words read as in English ("Format")
        serbian = client.get(path, HTTP_ACCEPT_LANGUAGE="sr").content.decode()
        left = [part for part in untranslated(english, serbian, data)
                if _admin_words(part) & own]
        if left:
            problems[path] = left
    assert not problems, problems


# Field names that read the same in Serbian (abbreviations and standards).
SAME_IN_SERBIAN = {"ID", "MAC", "SHA-256"}
CYRILLIC_LETTER = re.compile(r"[\u0400-\u04FF]")


def _project_models():
    from django.apps import apps

    return [model for label in ("licensing", "accounts")
            for model in apps.get_app_config(label).get_models()]


def _own_fields(model):
    """The fields the project declares on a model (not those Django's own abstract models
    bring, such as the username), each of which a person may see as a label or a title."""
    inherited = {f.name for base in model.__mro__[1:] if "_meta" in base.__dict__
                 and base.__module__.split(".")[0] not in ("licensing", "accounts")
                 for f in base._meta.local_fields + base._meta.local_many_to_many}
    return [f for f in model._meta.get_fields()
            if f.concrete and not f.auto_created and f.name not in inherited]


def _names(model, language) -> dict[str, str]:
    from django.utils.text import capfirst

    with translation.override(language):
        return {f.name: str(capfirst(f.verbose_name)) for f in _own_fields(model)}


def test_every_model_field_has_a_serbian_name_and_help_text():
    problems = []
    for model in _project_models():
        english, serbian = _names(model, "en"), _names(model, "sr")
        assert english, model
        for name, label in english.items():
            if label in SAME_IN_SERBIAN:
                continue
            if serbian[name] == label or not CYRILLIC_LETTER.search(serbian[name]):
                problems.append(f"{model.__name__}.{name}: {serbian[name]!r}")
        for field in _own_fields(model):
            if not field.help_text:
                continue
            with translation.override("sr"):
                text = str(field.help_text)
            if not CYRILLIC_LETTER.search(text) and text != "[{name, sha256, size}]":  # a shape
                problems.append(f"{model.__name__}.{field.name} help text: {text!r}")
    assert not problems, problems


@pytest.mark.parametrize(("app", "model_name"), [
    ("licensing", "ShipmentRequest"), ("licensing", "Party"), ("licensing", "ListedEntry"),
    ("licensing", "Licence"), ("accounts", "User"), ("accounts", "Organisation")])
def test_a_model_forms_labels_are_the_serbian_field_names(app, model_name):
    from django.apps import apps
    from django.forms import modelform_factory

    model = apps.get_model(app, model_name)
    english = _names(model, "en")
    editable = [f.name for f in _own_fields(model) if f.editable]
    assert editable, model_name
    with translation.override("sr"):
        form = modelform_factory(model, fields=editable)()
        labels = {name: str(form.fields[name].label) for name in editable}
    for name, label in labels.items():
        assert label == _names(model, "sr")[name], name
        if english[name] not in SAME_IN_SERBIAN:
            assert label != english[name] and CYRILLIC_LETTER.search(label), (name, label)


@pytest.mark.django_db
def test_the_admin_shows_the_fields_names_in_serbian(client):
    """Each registered model's changelist (column titles) and change or add form (field
    labels), in Cyrillic, shows none of the English names of the project's fields."""
    from pathlib import Path

    from django.contrib import admin

    from licensing.services.list_imports import import_denied_party_list

    data_dir = Path(__file__).resolve().parents[1] / "data"
    import_denied_party_list(actor=None, list_name="National list", fmt="national",
                             paths=[data_dir / "national_list.csv"])
    factories.approved_request()
    administrator = factories.AdministratorFactory()
    sign_in(client, administrator)
    english_names = set()
    for model in _project_models():
        english_names |= set(_names(model, "en").values())
    english_names -= SAME_IN_SERBIAN
    pages = []
    for model in admin.site._registry:
        if model._meta.app_label not in ("licensing", "accounts"):
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages.append(base)
        first = model._default_manager.order_by("pk").first()
        pages.append(f"{base}{first.pk}/change/" if first else f"{base}add/")
    assert len(pages) > 30
    problems, shown = {}, set()
    for path in pages:
        english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        if english.status_code == 403:  # an add form of a read-only model
            continue
        assert english.status_code == 200, path
        shown |= {p.strip().rstrip(":").strip() for p in visible_text(english.content.decode())}
        serbian = client.get(path, HTTP_ACCEPT_LANGUAGE="sr").content.decode()
        left = [p for p in visible_text(serbian) if p.strip().rstrip(":").strip() in english_names]
        if left:
            problems[path] = left
    # the English pages did show many of the fields' names (else this test proves nothing)
    assert len(shown & english_names) > 60, sorted(shown & english_names)
    assert not problems, problems
