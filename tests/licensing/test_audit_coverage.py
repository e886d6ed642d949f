"""What the audit trail covers beyond the services' changes (issue 12): reads of
confidential documents, and changes to users, their roles and permission groups."""

import pytest
from django.contrib.auth.models import Group, Permission

from licensing.models import AuditEvent
from licensing.services.audit_verify import verify_audit_chain
from tests import factories
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_reading_a_document_on_the_web_and_through_the_api_is_audited(client, api, officer):
    request = factories.submitted_request()
    document = request.documents.get()
    response = sign_in(client, officer).get(f"/requests/{request.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    applicant = request.created_by
    api.as_user(applicant).get(
        f"/api/v1/requests/{request.pk}/documents/{document.pk}/download/")
    reads = AuditEvent.objects.filter(action="document.read").order_by("id")
    assert [(e.actor, e.after["channel"], e.object_id, e.request_id) for e in reads] == [
        (officer, "web", str(document.pk), request.pk),
        (applicant, "api", str(document.pk), request.pk)]
    assert reads[0].after["sha256"] == document.sha256
    assert verify_audit_chain().intact


def test_a_refused_read_is_not_a_read(client):
    request = factories.submitted_request()
    document = request.documents.get()
    stranger = factories.ApplicantFactory()
    response = sign_in(client, stranger).get(
        f"/requests/{request.pk}/documents/{document.pk}/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="document.read").exists()


def test_changes_to_a_user_and_its_role_are_audited_with_the_acting_administrator(client):
    admin = factories.AdministratorFactory()
    user = factories.OfficerFactory()
    created = AuditEvent.objects.get(action="user.created", object_id=str(user.pk))
    assert created.after["role"] == "officer"
    sign_in(client, admin)
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", {
        "email": user.email, "full_name": user.full_name, "role": "approver",
        "agency": "", "organisation": "", "is_active": "on",
    })
    assert response.status_code == 302
    changed = AuditEvent.objects.filter(action="user.role_changed",
                                        object_id=str(user.pk)).latest("id")
    assert (changed.before, changed.after) == ({"role": "officer"}, {"role": "approver"})
    assert changed.actor == admin
    user.refresh_from_db()
    user.is_active = False
    user.save()
    deactivated = AuditEvent.objects.filter(action="user.changed").latest("id")
    assert deactivated.after == {"is_active": False}


def test_group_memberships_and_group_permissions_are_audited():
    user = factories.OfficerFactory()
    group = Group.objects.create(name="Senior officers")
    permission = Permission.objects.get(codename="view_auditevent")
    group.permissions.add(permission)
    user.groups.add(group)
    user.user_permissions.add(permission)
    actions = list(AuditEvent.objects.filter(action__in=[
        "group.created", "group.permissions_changed", "user.groups_changed",
        "user.permissions_changed"]).order_by("id").values_list("action", "after"))
    assert actions == [
        ("group.created", {"name": "Senior officers"}),
        ("group.permissions_changed", {"added": [permission.pk]}),
        ("user.groups_changed", {"added": [group.pk], "model": "auth.group"}),
        ("user.permissions_changed", {"added": [permission.pk], "model": "auth.permission"}),
    ]


def test_signing_in_is_not_a_change_to_the_user(client):
    user = factories.OfficerFactory()
    before = AuditEvent.objects.count()
    client.force_login(user)
    assert AuditEvent.objects.count() == before
