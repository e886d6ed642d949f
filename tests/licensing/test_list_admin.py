"""Django admin: uploading a list version goes through the import service; versions are
read-only with their counts and diff."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from licensing.models import AuditEvent, DeniedPartyList, DeniedPartyListVersion
from tests import factories
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
UPLOAD = "/admin/licensing/deniedpartylist/upload/"


@pytest.fixture
def admin_client(client):
    return sign_in(client, factories.AdministratorFactory())


def _file(name="national_list.csv", content=None):
    content = (DATA / "national_list.csv").read_bytes() if content is None else content
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_an_administrator_uploads_a_new_list(admin_client):
    assert admin_client.get(UPLOAD).status_code == 200
    response = admin_client.post(UPLOAD, {"format": "national", "files": [_file()],
                                          "reason": "First import"})
    assert response.status_code == 302
    dp_list = DeniedPartyList.objects.get(name="National list")
    version = dp_list.live_version
    assert version.entry_count == 13
    assert version.imported_by.role == "administrator"
    assert AuditEvent.objects.get(action="denied_party_list.imported").reason == "First import"
    page = admin_client.get(f"/admin/licensing/deniedpartylist/{dp_list.pk}/change/")
    assert page.status_code == 200
    assert admin_client.get("/admin/licensing/deniedpartylist/").status_code == 200
    version_page = admin_client.get(
        f"/admin/licensing/deniedpartylistversion/{version.pk}/change/")
    assert version_page.status_code == 200
    assert b"NAT-0001" in version_page.content  # the diff's samples


def test_an_empty_upload_is_refused_and_reported(admin_client):
    admin_client.post(UPLOAD, {"format": "national", "files": [_file()]})
    dp_list = DeniedPartyList.objects.get(name="National list")
    response = admin_client.post(f"/admin/licensing/deniedpartylist/{dp_list.pk}/upload/",
                                 {"format": "national", "files": [_file(content=b"")]},
                                 follow=True)
    assert response.status_code == 200
    assert b"was refused" in response.content
    assert dp_list.live_version.number == 1
    assert DeniedPartyListVersion.objects.get(number=2).status == "refused"


def test_versions_cannot_be_changed_or_deleted_in_admin(admin_client):
    admin_client.post(UPLOAD, {"format": "national", "files": [_file()]})
    version = DeniedPartyListVersion.objects.get()
    response = admin_client.post(
        f"/admin/licensing/deniedpartylistversion/{version.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert DeniedPartyListVersion.objects.filter(pk=version.pk).exists()


def test_switching_a_list_off_is_audited(admin_client):
    admin_client.post(UPLOAD, {"format": "national", "files": [_file()]})
    dp_list = DeniedPartyList.objects.get()
    response = admin_client.post(f"/admin/licensing/deniedpartylist/{dp_list.pk}/change/", {
        "name": dp_list.name, "format": "national", "source": "", "is_active": "",
        "versions-TOTAL_FORMS": "1", "versions-INITIAL_FORMS": "1",
        "versions-MIN_NUM_FORMS": "0", "versions-MAX_NUM_FORMS": "0",
        "versions-0-id": str(dp_list.live_version.pk),
        "versions-0-denied_party_list": str(dp_list.pk)})
    assert response.status_code == 302, response.content[:2000]
    dp_list.refresh_from_db()
    assert dp_list.is_active is False
    event = AuditEvent.objects.get(action="denied_party_list.saved")
    assert event.before["is_active"] is True and event.after["is_active"] is False


def test_an_officer_cannot_reach_the_upload(client):
    officer = factories.OfficerFactory()
    sign_in(client, officer)
    response = client.get(UPLOAD)
    assert response.status_code == 302  # to the admin login: not staff
