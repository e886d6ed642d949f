"""The request page's licence section with its extras (the signed PDF's versions, the public
verification link, proof of delivery per shipment), at a number of SQL queries that does not
depend on how many shipments, documents and document versions there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from licensing.demo_documents import minimal_pdf
from licensing.services import delivery, licences
from licensing.services.licence_documents import ensure_current_document
from tests import factories

pytestmark = pytest.mark.django_db


def licensed_request(*, shipments: int, reinstatements: int):
    """An approved request with `shipments` partial shipments, each with its delivery
    verification certificate, and 1 + 2 × `reinstatements` versions of the licence PDF."""
    shipment_request = factories.approved_request()
    licence = shipment_request.licence
    approver = factories.ApproverFactory()
    ensure_current_document(licence.pk)
    for _ in range(reinstatements):
        licences.suspend_licence(actor=approver, licence=licence, reason="Inquiry.")
        ensure_current_document(licence.pk)
        licences.reinstate_licence(actor=approver, licence=licence, reason="Cleared.")
        ensure_current_document(licence.pk)
    item = shipment_request.items.get()
    for n in range(shipments):
        shipment = licences.record_shipment(
            actor=shipment_request.created_by, request=shipment_request,
            shipped_on=timezone.localdate(), carrier="Rail", customs_declaration=f"CD-{n}",
            quantities=[(item.pk, 10)])
        delivery.attach_delivery_verification(actor=shipment_request.created_by,
                                              shipment=shipment, name=f"dvc-{n}.pdf",
                                              data=minimal_pdf(f"DVC {n}"))
    shipment_request.refresh_from_db()
    return shipment_request


def page_queries(client, shipment_request):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/requests/{shipment_request.pk}/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_licence_section_shows_the_documents_the_verify_link_and_proof_of_delivery(
        signed_in):
    shipment_request = licensed_request(shipments=1, reinstatements=0)
    licence = shipment_request.licence
    item = shipment_request.items.get()
    second = licences.record_shipment(
        actor=shipment_request.created_by, request=shipment_request,
        shipped_on=timezone.localdate(), carrier="Road", customs_declaration="CD-X",
        quantities=[(item.pk, 5)])
    html = signed_in(shipment_request.created_by).get(
        f"/requests/{shipment_request.pk}/").content.decode()
    section = html[html.index('id="licence"'):html.index('id="history"')]
    assert "Licence document" in section
    assert f"/licences/{licence.pk}/documents/1/" in section
    assert f"/verify/{licence.number}/" in section
    assert "certificate received" in section  # the first shipment's proof
    assert f"/shipments/{second.pk}/delivery-verification/" in section  # the second's form


def test_the_number_of_queries_does_not_grow_with_shipments_and_documents(signed_in, officer):
    few = licensed_request(shipments=1, reinstatements=0)
    many = licensed_request(shipments=4, reinstatements=1)
    assert (few.licence.documents.count(), many.licence.documents.count()) == (1, 3)
    assert (few.licence.shipments.count(), many.licence.shipments.count()) == (1, 4)
    assert (few.documents.count(), many.documents.count()) == (2, 5)
    for user_of in (lambda r: r.created_by, lambda r: officer):
        few_queries, few_html = page_queries(signed_in(user_of(few)), few)
        many_queries, many_html = page_queries(signed_in(user_of(many)), many)
        assert many_html.count("certificate received") == 4
        assert f"/licences/{many.licence.pk}/documents/3/" in many_html
        assert many_queries == few_queries
