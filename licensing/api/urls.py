from django.urls import path
from rest_framework.routers import SimpleRouter

from licensing.api import (
    casework,
    halts,
    licence_documents,
    referrals,
    screening,
    shipments,
    views,
)

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("requests", views.ShipmentRequestViewSet, basename="request")
router.register("licences", views.LicenceViewSet, basename="licence")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("criteria/", views.CriteriaView.as_view(), name="criteria"),
    # Licence documents, public verification, proof of delivery, export halts.
    path("licence-conditions/", licence_documents.LicenceConditionsView.as_view(),
         name="licence-conditions"),
    path("licences/<int:pk>/document/", licence_documents.LicenceDocumentView.as_view(),
         name="licence-document"),
    path("licences/<int:pk>/documents/<int:version>/",
         licence_documents.LicenceDocumentVersionView.as_view(),
         name="licence-document-version"),
    path("verify/<str:number>/", licence_documents.PublicVerifyView.as_view(),
         name="public-verify"),
    path("verify/<str:number>/document/", licence_documents.PublicVerifyDocumentView.as_view(),
         name="public-verify-document"),
    path("requests/<int:pk>/shipments/<int:shipment_id>/delivery-verification/",
         shipments.DeliveryVerificationView.as_view(), name="shipment-delivery-verification"),
    path("delivery-verifications/overdue/",
         shipments.OverdueDeliveryVerificationsView.as_view(),
         name="overdue-delivery-verifications"),
    path("halts/", halts.HaltListView.as_view(), name="halt-list"),
    path("halts/impact/", halts.HaltImpactView.as_view(), name="halt-impact"),
    path("halts/<int:pk>/", halts.HaltDetailView.as_view(), name="halt-detail"),
    path("halts/<int:pk>/lift/", halts.HaltLiftView.as_view(), name="halt-lift"),
    # Denied-party look-up and false-positive marks (docs/screening.md).
    path("screening/search/", screening.SearchView.as_view(), name="screening-search"),
    path("screening/search", screening.SearchView.as_view(schema=None)),  # as DESIGN.md spells it
    path("requests/<int:pk>/findings/<int:finding_id>/mark-false-positive/",
         screening.MarkFalsePositiveView.as_view(), name="finding-mark-false-positive"),
    path("false-positive-marks/", screening.MarkListView.as_view(),
         name="false-positive-marks"),
    path("false-positive-marks/<int:pk>/confirm/", screening.MarkConfirmView.as_view(),
         name="false-positive-mark-confirm"),
    path("false-positive-marks/<int:pk>/revoke/", screening.MarkRevokeView.as_view(),
         name="false-positive-mark-revoke"),
    # Case-working (casework.py): questions, notes, assignment, the clock, bulk clearing.
    path("requests/<int:pk>/information-requests/", casework.QuestionsView.as_view(),
         name="information-requests"),
    path("requests/<int:pk>/information-requests/<int:question_id>/answer/",
         casework.AnswerView.as_view(), name="information-request-answer"),
    path("requests/<int:pk>/notes/", casework.NotesView.as_view(), name="notes"),
    path("requests/<int:pk>/assign/", casework.AssignView.as_view(), name="assign"),
    path("requests/<int:pk>/appeals/", casework.AppealView.as_view(), name="appeals"),
    path("requests/<int:pk>/clock/", casework.ClockView.as_view(), name="clock"),
    path("requests/<int:pk>/findings/clear/", casework.BulkClearView.as_view(),
         name="findings-clear"),
    # Consultation and assessment (docs/consultation.md).
    path("referrals/", referrals.ReferralListView.as_view(), name="referral-list"),
    path("referrals/<int:pk>/", referrals.ReferralDetailView.as_view(), name="referral-detail"),
    path("referrals/<int:pk>/advice/", referrals.AdviceView.as_view(), name="referral-advice"),
    path("referrals/<int:pk>/questions/", referrals.QuestionView.as_view(),
         name="referral-questions"),
    path("referrals/<int:pk>/questions/<int:question_id>/answer/",
         referrals.AnswerView.as_view(), name="referral-question-answer"),
    path("referrals/<int:pk>/withdraw/", referrals.WithdrawReferralView.as_view(),
         name="referral-withdraw"),
    path("provisos/<int:pk>/withdraw/", referrals.WithdrawProvisoView.as_view(),
         name="proviso-withdraw"),
    path("requests/<int:pk>/referrals/", referrals.RequestReferralsView.as_view(),
         name="request-referrals"),
    path("requests/<int:pk>/assessments/", referrals.AssessmentsView.as_view(),
         name="request-assessments"),
    *router.urls,
]
