"""The auditor's integrity screen: the chain check runs as a Celery task with progress,
anchors are listed, downloadable and can be requested on demand."""

import pytest

from licensing.models import AuditChainCheck, AuditEvent
from licensing.services.audit_anchor import write_anchor
from licensing.services.audit_proof import run_chain_check
from tests import factories
from tests.conftest import wait_for
from tests.licensing.test_audit_proof import tamper
from tests.licensing.web.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_the_check_runs_on_a_worker_and_reports_progress_and_verdict(client, celery_worker):
    factories.request_in_state("special_approval")
    auditor = factories.AuditorFactory()
    sign_in(client, auditor)
    response = client.post("/audit/integrity/checks/")
    check = AuditChainCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/audit/integrity/checks/{check.pk}/"
    assert AuditEvent.objects.filter(action="audit.chain_check_requested",
                                     actor=auditor).exists()

    def finished():
        """the worker finished the check"""
        return AuditChainCheck.objects.get(pk=check.pk).finished

    wait_for(finished)
    check.refresh_from_db()
    assert check.status == "intact"
    assert check.checked == check.total > 0
    page = client.get(f"/audit/integrity/checks/{check.pk}/progress/").content.decode()
    assert "The chain is intact" in page
    assert "hx-trigger" not in page  # no more polling

    # An anchor on demand: queued from the same screen, written by the worker.
    assert client.post("/audit/anchors/").status_code == 302

    def anchored():
        """the worker wrote an anchor"""
        return AuditEvent.objects.filter(action="audit.anchored").first()

    event = wait_for(anchored)
    assert auditor.email in event.reason


@pytest.mark.django_db
def test_a_broken_chain_is_reported_with_the_first_broken_event(signed_in, auditor):
    factories.request_in_state("special_approval")
    victim = AuditEvent.objects.get(action="request.end_user_verified")
    tamper([("UPDATE licensing_auditevent SET reason = %s WHERE id = %s", ["x", victim.pk])])
    check = AuditChainCheck.objects.create(requested_by=auditor)
    run_chain_check(check.pk)  # what the worker does
    check.refresh_from_db()
    assert (check.status, check.first_broken_id) == ("broken", victim.pk)
    page = signed_in(auditor).get(f"/audit/integrity/checks/{check.pk}/").content.decode()
    assert f"broken at event {victim.pk}" in page


@pytest.mark.django_db
def test_a_check_in_progress_keeps_polling(signed_in, auditor):
    check = AuditChainCheck.objects.create(requested_by=auditor, status="running",
                                           total=200, checked=50)
    page = signed_in(auditor).get(f"/audit/integrity/checks/{check.pk}/progress/")
    html = page.content.decode()
    assert 'aria-valuenow="25"' in html and "hx-trigger" in html


@pytest.mark.django_db
def test_anchors_are_listed_and_their_files_downloadable(signed_in, auditor):
    factories.draft_request()
    anchor = write_anchor()
    client = signed_in(auditor)
    page = client.get("/audit/integrity/").content.decode()
    assert anchor.head_hash[:17] in page and "valid" in page
    for suffix in (".json", ".sig", ".cert.pem"):
        name = anchor.name.replace(".json", suffix)
        response = client.get(f"/audit/anchors/{name}")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == (anchor.path.parent / name).read_bytes()
    assert client.get("/audit/anchors/..%2Fsecret.json").status_code == 404
    assert client.get("/audit/anchors/anchor-999999.json").status_code == 404


@pytest.mark.django_db
def test_the_integrity_screen_is_for_auditors(signed_in, officer):
    client = signed_in(officer)
    assert client.get("/audit/integrity/").status_code == 403
    assert client.post("/audit/integrity/checks/").status_code == 403
    assert client.post("/audit/anchors/").status_code == 403
    assert not AuditChainCheck.objects.exists()
