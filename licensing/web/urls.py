from django.urls import include, path, re_path

from licensing.web import (
    applicant,
    audit,
    audit_proof,
    cases,
    licences,
    public,
    request_pages,
    screening,
    views,
)

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("queue/", cases.work_queue, name="queue"),
    path("requests/", applicant.request_list, name="request-list"),
    path("requests/new/", applicant.request_create, name="request-create"),
    path("requests/<int:pk>/", request_pages.request_detail, name="request-detail"),
    path("requests/<int:pk>/edit/", applicant.request_edit, name="request-edit"),
    path("requests/<int:pk>/screening/", request_pages.screening_panel, name="screening-panel"),
    path("requests/<int:pk>/actions/<slug:action>/", request_pages.request_action,
         name="request-action"),
    path("requests/<int:pk>/findings/<int:finding_id>/clear/", request_pages.clear_finding,
         name="finding-clear"),
    path("requests/<int:pk>/findings/<int:finding_id>/mark-false-positive/",
         request_pages.mark_false_positive, name="finding-mark-false-positive"),
    path("requests/<int:pk>/false-positive-marks/<int:mark_id>/revoke/",
         request_pages.revoke_false_positive_mark, name="false-positive-mark-revoke"),
    path("screening/search/", screening.list_search, name="screening-search"),
    re_path(r"^licences/(?P<pk>\d+)/(?P<action>suspend|reinstate|revoke)/$",
            request_pages.licence_action, name="licence-action"),
    path("audit/", audit.audit_log, name="audit-log"),
    path("audit/export.csv", audit.audit_export, name="audit-export"),
    # The audit trail's proof (issue 12): licensing/web/audit_proof.py.
    path("audit/integrity/", audit_proof.integrity, name="audit-integrity"),
    path("audit/integrity/checks/", audit_proof.start_check, name="audit-check-start"),
    path("audit/integrity/checks/<int:pk>/", audit_proof.check_detail, name="audit-check"),
    path("audit/integrity/checks/<int:pk>/progress/", audit_proof.check_progress,
         name="audit-check-progress"),
    path("audit/anchors/", audit_proof.anchor_now, name="audit-anchor-now"),
    path("audit/anchors/<str:name>", audit_proof.anchor_download, name="audit-anchor-file"),
    path("requests/<int:pk>/documents/<int:document_id>/", views.document_download,
         name="document-download"),
    # Public licence verification (no sign-in): licensing/web/public.py.
    path("verify/", public.lookup, name="public-verify-lookup"),
    path("verify/<str:number>/", public.verify, name="public-verify"),
    # Licence documents, proof of delivery, export halts: licensing/web/licences.py.
    path("licences/<int:pk>/document/", licences.licence_document, name="licence-document"),
    path("licences/<int:pk>/documents/<int:version>/", licences.licence_document,
         name="licence-document-version"),
    path("requests/<int:pk>/shipments/<int:shipment_id>/delivery-verification/",
         licences.delivery_verification_upload, name="shipment-delivery-verification"),
    path("delivery-verifications/overdue/", licences.overdue_delivery_verifications,
         name="overdue-delivery-verifications"),
    path("halts/", licences.halts, name="halts"),
    path("halts/<int:pk>/lift/", licences.halt_lift, name="halt-lift"),
]
