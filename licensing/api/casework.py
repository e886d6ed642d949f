"""Case-working in the API: questions to the applicant and his answers (for the applicant's
ERP system as much as for officials), assignment, clearing several findings with one
reason, the case clock, and the officials' internal notes (never returned to an applicant:
these endpoints answer 404 to anyone who may not read them)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from accounts.models import User
from licensing import case_clock, selectors
from licensing.models import InformationRequest
from licensing.services import appeals, assignment, notes
from licensing.services import screening as screening_services


class InformationRequestOutput(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    asked_at = serializers.DateTimeField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


class InformationRequestInput(serializers.Serializer):
    question = serializers.CharField()


class InformationAnswerInput(serializers.Serializer):
    answer = serializers.CharField()


class NoteOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(source="author.email")
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class NoteInput(serializers.Serializer):
    text = serializers.CharField()


class AssignInput(serializers.Serializer):
    officer = serializers.IntegerField(required=False, help_text=_("Omit to take it yourself."))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class BulkClearInput(serializers.Serializer):
    findings = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    reason = serializers.CharField()


class StepOutput(serializers.Serializer):
    name = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    working_days = serializers.IntegerField()
    target = serializers.IntegerField()
    due_on = serializers.DateField()
    breached = serializers.BooleanField()


class ClockOutput(serializers.Serializer):
    overall = StepOutput()
    steps = StepOutput(many=True)
    stopped = serializers.BooleanField()
    holder = serializers.CharField(allow_null=True)


def _official(request, pk):
    shipment_request = selectors.get_visible_request(request.user, pk)
    if not policy.sees_every_case(request.user):
        raise Http404
    return shipment_request


class QuestionsView(APIView):
    """The applicant's side and the officials': the questions on a request. Officials ask
    (POST); the clock stops until the applicant answers."""

    @extend_schema(responses=InformationRequestOutput(many=True))
    def get(self, request, pk):
        shipment_request = selectors.get_visible_request(request.user, pk)
        return Response(InformationRequestOutput(shipment_request.information_requests.all(),
                                       many=True).data)

    @extend_schema(request=InformationRequestInput, responses={201: InformationRequestOutput})
    def post(self, request, pk):
        shipment_request = selectors.get_visible_request(request.user, pk)
        data = InformationRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        asked = notes.ask_applicant(actor=request.user, request=shipment_request,
                                    question=data.validated_data["question"])
        return Response(InformationRequestOutput(asked).data, status=status.HTTP_201_CREATED)


class AnswerView(APIView):
    @extend_schema(request=InformationAnswerInput, responses=InformationRequestOutput)
    def post(self, request, pk, question_id):
        shipment_request = selectors.get_visible_request(request.user, pk)
        asked = InformationRequest.objects.filter(request=shipment_request,
                                                  pk=question_id).first()
        if asked is None:
            raise Http404
        data = InformationAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        asked = notes.answer_information_request(actor=request.user, information_request=asked,
                                                 answer=data.validated_data["answer"])
        return Response(InformationRequestOutput(asked).data)


class NotesView(APIView):
    """Internal notes: officials only (404 to anyone else)."""

    @extend_schema(responses=NoteOutput(many=True))
    def get(self, request, pk):
        shipment_request = _official(request, pk)
        return Response(NoteOutput(notes.notes_for(request.user, shipment_request),
                                   many=True).data)

    @extend_schema(request=NoteInput, responses={201: NoteOutput})
    def post(self, request, pk):
        shipment_request = _official(request, pk)
        data = NoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        note = notes.add_note(actor=request.user, request=shipment_request,
                              text=data.validated_data["text"])
        return Response(NoteOutput(note).data, status=status.HTTP_201_CREATED)


class AssignView(APIView):
    """Take the case (no officer given) or assign it (approvers); reassignment needs a
    reason."""

    @extend_schema(request=AssignInput, responses=ClockOutput)
    def post(self, request, pk):
        shipment_request = _official(request, pk)
        data = AssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        officer_id = data.validated_data.get("officer")
        officer = request.user
        if officer_id is not None:
            officer = User.objects.filter(pk=officer_id).first()
            if officer is None:
                return Response({"officer": ["No such user."]},
                                status=status.HTTP_400_BAD_REQUEST)
        assignment.assign_case(actor=request.user, request=shipment_request, officer=officer,
                               reason=data.validated_data["reason"])
        return Response(_clock_data(shipment_request))


class ClockView(APIView):
    @extend_schema(responses=ClockOutput)
    def get(self, request, pk):
        return Response(_clock_data(_official(request, pk)))


def _clock_data(shipment_request):
    shipment_request.refresh_from_db()
    clock = case_clock.clock_for(shipment_request)
    current = getattr(shipment_request, "assignment", None)
    if clock is None:
        return {"overall": None, "steps": [], "stopped": False,
                "holder": current.officer.email if current else None}
    data = ClockOutput({"overall": clock.overall, "steps": clock.steps,
                        "stopped": clock.stopped,
                        "holder": current.officer.email if current else None}).data
    return data


class BulkClearView(APIView):
    """Clear several findings with one shared reason (one audit event per finding)."""

    @extend_schema(request=BulkClearInput, responses={200: None},
                   operation_id="v1_requests_findings_clear_several")
    def post(self, request, pk):
        shipment_request = selectors.get_visible_request(request.user, pk)
        data = BulkClearInput(data=request.data)
        data.is_valid(raise_exception=True)
        cleared = screening_services.clear_findings(
            actor=request.user, request=shipment_request,
            finding_ids=data.validated_data["findings"], reason=data.validated_data["reason"])
        return Response({"cleared": [f.pk for f in cleared]})


class AppealInput(serializers.Serializer):
    grounds = serializers.CharField(max_length=10000)
    documents = serializers.ListField(child=serializers.FileField(), required=False,
                                      default=list)


class AppealOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    grounds = serializers.CharField()
    lodged_at = serializers.DateTimeField()
    documents = serializers.SerializerMethodField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()

    def get_documents(self, appeal) -> list[str]:
        return [d.original_name for d in appeal.documents.all()]


class AppealView(APIView):
    """The applicant appeals against a denial (within the appeal period) with grounds and
    documents (multipart `documents`, repeated); anyone who sees the request reads its
    appeals. Approvers decide through `POST .../decide-appeal/`."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=AppealOutput(many=True))
    def get(self, request, pk):
        shipment_request = selectors.get_visible_request(request.user, pk)
        return Response(AppealOutput(shipment_request.appeals.all(), many=True).data)

    @extend_schema(request={"multipart/form-data": AppealInput}, responses={201: AppealOutput})
    def post(self, request, pk):
        shipment_request = selectors.get_visible_request(request.user, pk)
        data = AppealInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = appeals.lodge_appeal(
            actor=request.user, request=shipment_request,
            grounds=data.validated_data["grounds"],
            files=[(f.name, f.read()) for f in data.validated_data["documents"]])
        return Response(AppealOutput(appeal).data, status=status.HTTP_201_CREATED)
