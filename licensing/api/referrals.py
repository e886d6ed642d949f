"""Consultation in the API (docs/consultation.md): referrals and advice, questions to the
officer, provisos, and the officer's criterion assessments. Reviewers see their own body's
referrals only (another's is 404); officials see all; a draft is its body's alone."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from accounts.models import Organisation, OrganisationKind
from licensing import selectors
from licensing.models import Advice, Assessment, Referral
from licensing.services import assessment as assessment_services
from licensing.services import consultation


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- output ---

class BodyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class ProvisoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    in_force = serializers.BooleanField()
    licence = serializers.IntegerField(source="licence_id", allow_null=True)
    withdrawal_reason = serializers.CharField()


class AdviceOutput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Advice.Outcome.choices)
    reasoning = serializers.CharField()
    criteria = serializers.SerializerMethodField()
    provisos = ProvisoOutput(many=True, source="provisos.all")
    submitted = serializers.BooleanField(source="is_submitted")
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_by = serializers.EmailField(source="submitted_by.email", allow_null=True,
                                          default=None)

    def get_criteria(self, advice) -> list[str]:
        return [c.code for c in advice.criteria.all()]


class QuestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    asked_on = serializers.DateField()
    answer = serializers.CharField()
    answered_on = serializers.DateField(allow_null=True)


class ReferralOutput(serializers.Serializer):
    id = serializers.IntegerField()
    request = serializers.IntegerField(source="request_id")
    request_reference = serializers.CharField(source="request.applicant_reference")
    destination_country = serializers.CharField(source="request.destination_country")
    body = BodyOutput()
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    mandatory = serializers.BooleanField()
    grounds = serializers.CharField()
    silence_policy = serializers.CharField()
    referred_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    advice = serializers.SerializerMethodField()
    questions = QuestionOutput(many=True, source="questions.all")

    @extend_schema_field(AdviceOutput(allow_null=True))
    def get_advice(self, referral) -> dict | None:
        advice = selectors.shown_advice(self.context["request"].user, referral)
        return None if advice is None else AdviceOutput(advice).data


class AssessmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    criterion = serializers.CharField(source="criterion.code")
    outcome = serializers.ChoiceField(choices=Assessment.Outcome.choices)
    reasoning = serializers.CharField()
    party = serializers.IntegerField(source="party_id", allow_null=True)
    item = serializers.IntegerField(source="item_id", allow_null=True)
    documents = serializers.SerializerMethodField()
    assessed_by = serializers.EmailField(source="assessed_by.email")
    assessed_at = serializers.DateTimeField()

    def get_documents(self, assessment) -> list[int]:
        return [d.pk for d in assessment.documents.all()]


# --- input ---

class AdviceInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Advice.Outcome.choices)
    reasoning = serializers.CharField(max_length=5000, required=False, allow_blank=True,
                                      default="")
    criteria = serializers.ListField(child=serializers.CharField(max_length=20),
                                     required=False, default=list,
                                     help_text=gettext_lazy(
                                         "Criterion codes (GET /api/v1/criteria/); an "
                                         "objection cites at least one."))
    provisos = serializers.ListField(child=serializers.CharField(max_length=5000),
                                     required=False, default=list,
                                     help_text=gettext_lazy(
                                         "The conditions of a consent with conditions."))
    submit = serializers.BooleanField(
        required=False, default=True,
        help_text=gettext_lazy(
            "false saves a draft, private to your body; true gives the advice (final)."))


class QuestionInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)


class WithdrawalInput(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class AddReferralInput(serializers.Serializer):
    body = serializers.SlugField(required=False, allow_blank=True, default="",
                                 help_text=gettext_lazy(
                                     "A consulted body's code; empty refers the case "
                                     "now to every body the routing rules name."))
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True,
                                   default="")


class AssessmentInput(serializers.Serializer):
    criterion = serializers.CharField(max_length=20)
    outcome = serializers.ChoiceField(choices=Assessment.Outcome.choices)
    reasoning = serializers.CharField(max_length=5000)
    party = serializers.IntegerField(required=False, allow_null=True, default=None)
    item = serializers.IntegerField(required=False, allow_null=True, default=None)
    documents = serializers.ListField(child=serializers.IntegerField(), required=False,
                                      default=list)


# --- views ---

def _referral_response(view, referral, code=status.HTTP_200_OK):
    referral = selectors.get_visible_referral(view.request.user, referral.pk)
    return Response(ReferralOutput(referral, context={"request": view.request}).data,
                    status=code)


class ReferralListView(ListAPIView):
    """Referrals you may see: your body's (oldest due first) as a reviewer; all as an
    official or auditor."""

    serializer_class = ReferralOutput

    def get_queryset(self):
        qs = selectors.reviewer_queue(self.request.user)
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("request", "").isdigit():
            qs = qs.filter(request_id=int(params["request"]))
        return qs

    @extend_schema(parameters=[
        OpenApiParameter("status", enum=Referral.Status.values),
        OpenApiParameter("request", int)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ReferralDetailView(APIView):
    @extend_schema(responses=ReferralOutput)
    def get(self, request, pk):
        return _referral_response(self, selectors.get_visible_referral(request.user, pk))


class AdviceView(APIView):
    @extend_schema(request=AdviceInput, responses={201: ReferralOutput})
    def post(self, request, pk):
        referral = selectors.get_visible_referral(request.user, pk)
        data = _valid(AdviceInput, request.data)
        consultation.record_advice(actor=request.user, referral=referral, **data)
        return _referral_response(self, referral, status.HTTP_201_CREATED)


class QuestionView(APIView):
    @extend_schema(request=QuestionInput, responses={201: ReferralOutput})
    def post(self, request, pk):
        referral = selectors.get_visible_referral(request.user, pk)
        data = _valid(QuestionInput, request.data)
        consultation.ask_question(actor=request.user, referral=referral, text=data["text"])
        return _referral_response(self, referral, status.HTTP_201_CREATED)


class AnswerView(APIView):
    @extend_schema(request=AnswerInput, responses=ReferralOutput)
    def post(self, request, pk, question_id):
        referral = selectors.get_visible_referral(request.user, pk)
        question = referral.questions.filter(pk=question_id).first()
        if question is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        data = _valid(AnswerInput, request.data)
        consultation.answer_question(actor=request.user, question=question,
                                     answer=data["answer"])
        return _referral_response(self, referral)


class WithdrawReferralView(APIView):
    @extend_schema(request=WithdrawalInput, responses=ReferralOutput)
    def post(self, request, pk):
        referral = selectors.get_visible_referral(request.user, pk)
        data = _valid(WithdrawalInput, request.data)
        consultation.withdraw_referral(actor=request.user, referral=referral,
                                       reason=data["reason"])
        return Response(ReferralOutput(Referral.objects.get(pk=referral.pk),
                                       context={"request": request}).data)


class WithdrawProvisoView(APIView):
    @extend_schema(request=WithdrawalInput, responses=ProvisoOutput)
    def post(self, request, pk):
        proviso = selectors.get_visible_proviso(request.user, pk)
        data = _valid(WithdrawalInput, request.data)
        proviso = consultation.withdraw_proviso(actor=request.user, proviso=proviso,
                                                reason=data["reason"])
        return Response(ProvisoOutput(proviso).data)


class RequestReferralsView(APIView):
    """A request's referrals; POST refers it (to a named body, or to every body the rules
    name)."""

    @extend_schema(responses=ReferralOutput(many=True))
    def get(self, request, pk):
        shipment_request = selectors.get_visible_request(request.user, pk)
        referrals = selectors.consultation_of(request.user, shipment_request)
        return Response(ReferralOutput(referrals, many=True,
                                       context={"request": request}).data)

    @extend_schema(request=AddReferralInput, responses={201: ReferralOutput(many=True)})
    def post(self, request, pk):
        shipment_request = selectors.get_visible_request(request.user, pk)
        data = _valid(AddReferralInput, request.data)
        if data["body"]:
            body = Organisation.objects.filter(kind=OrganisationKind.CONSULTED_BODY,
                                               code=data["body"]).first()
            if body is None:
                return Response({"body": [_("No consulted body has this code.")]},
                                status=status.HTTP_400_BAD_REQUEST)
            consultation.add_referral(actor=request.user, request=shipment_request, body=body,
                                      reason=data["reason"])
        else:
            consultation.refer_to_required_bodies(actor=request.user, request=shipment_request)
        return self._list(request, shipment_request, status.HTTP_201_CREATED)

    def _list(self, request, shipment_request, code):
        referrals = selectors.consultation_of(request.user, shipment_request)
        return Response(ReferralOutput(referrals, many=True, context={"request": request}).data,
                        status=code)


class AssessmentsView(APIView):
    """The officer's criterion-by-criterion assessment of a request (officials only)."""

    def _request(self, request, pk):
        shipment_request = selectors.get_visible_request(request.user, pk)
        if not policy.sees_every_case(request.user):
            raise Http404("No such request.")
        return shipment_request

    @extend_schema(responses=AssessmentOutput(many=True))
    def get(self, request, pk):
        shipment_request = self._request(request, pk)
        return Response(AssessmentOutput(selectors.assessments_of(shipment_request),
                                         many=True).data)

    @extend_schema(request=AssessmentInput, responses={201: AssessmentOutput})
    def post(self, request, pk):
        shipment_request = self._request(request, pk)
        data = _valid(AssessmentInput, request.data)
        assessment = assessment_services.assess_criterion(
            actor=request.user, request=shipment_request, **data)
        return Response(AssessmentOutput(assessment).data, status=status.HTTP_201_CREATED)
