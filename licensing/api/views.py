"""The REST API: thin views that validate input, call one service, and render output."""

from django.contrib.auth import authenticate
from django.http import FileResponse, Http404
from django.utils.module_loading import import_string
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts import policy
from accounts.auth import confirmed_totp_device
from accounts.policy import needs_second_factor
from accounts.tokens import issue_token, token_lifetime
from licensing import selectors
from licensing.api import inputs, outputs
from licensing.api.parsers import JSONParser
from licensing.models import Criterion
from licensing.services import documents as document_services
from licensing.services import requests as request_services
from licensing.services import screening as screening_services
from licensing.services.audit_reads import record_document_read
from licensing.snapshot import one_snapshot
from licensing.workflow import transitions


def _valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class TokenView(APIView):
    """Exchange an email and password for an API token. Officials, who must pass a second
    factor on the web, must here too: they add the current code of their authenticator."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=inputs.TokenInput,
                   responses=inline_serializer("Token", {
                       "token": serializers.CharField(),
                       "expires_at": serializers.DateTimeField()}))
    def post(self, request):
        data = _valid(inputs.TokenInput, request.data)
        user = authenticate(request, username=data["email"].lower(), password=data["password"])
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": "Too many failed sign-ins: this account is locked for a "
                                       "while."}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None or not user.is_active:
            return Response({"detail": "Wrong email or password."},
                            status=status.HTTP_400_BAD_REQUEST)
        if needs_second_factor(user):
            device = confirmed_totp_device(user)
            if device is None:
                return Response({"otp": ["Set up your authenticator by signing in on the web "
                                         "first."]}, status=status.HTTP_400_BAD_REQUEST)
            if not data.get("otp") or not device.verify_token(data["otp"]):
                return Response({"otp": ["Give the current code from your authenticator."]},
                                status=status.HTTP_400_BAD_REQUEST)
        token = issue_token(user)  # a new token per sign-in; the old one stops working
        return Response({"token": token.key,
                         "expires_at": token.created + token_lifetime()})


class ShipmentRequestViewSet(viewsets.ViewSet):
    """Shipment requests: drafting, documents, and every transition as a POST."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    lookup_value_converter = "int"
    # `list` pages its results; naming the paginator here puts the page envelope (count,
    # next, previous, results) in the OpenAPI schema as well.
    pagination_class = PageNumberPagination

    def _get(self, pk):
        return selectors.get_visible_request(self.request.user, pk)

    def _detail(self, pk, status_code=status.HTTP_200_OK, *, just_created=False):
        user = self.request.user
        with one_snapshot():  # status and screening from the same moment
            shipment_request = selectors.request_detail_queryset(
                user, just_created=just_created).get(pk=pk)
            data = outputs.request_output_for(user)(
                shipment_request, context={"request": self.request}).data
        return Response(data, status=status_code)

    @extend_schema(parameters=[
        OpenApiParameter("status", str), OpenApiParameter("destination_country", str),
        OpenApiParameter("organisation", int), OpenApiParameter("submitted_after", str),
        OpenApiParameter("submitted_before", str)],
        responses=outputs.RequestSummaryOutput(many=True))
    def list(self, request):
        filters = _valid(inputs.RequestFilterInput, request.query_params)
        queryset = selectors.request_list_queryset(request.user, **filters)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        data = outputs.RequestSummaryOutput(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    def _held_detail(self, shipment_request, status_code=status.HTTP_200_OK):
        """The detail of a request the write just made holds everything of
        (selectors.held_for_detail): what the commit left, not read back."""
        data = outputs.request_output_for(self.request.user)(
            shipment_request, context={"request": self.request}).data
        return Response(data, status=status_code)

    @extend_schema(request=inputs.RequestInput, responses={201: outputs.RequestOutput})
    def create(self, request):
        data = _valid(inputs.RequestInput, request.data)
        created = request_services.create_request(actor=request.user, data=data,
                                                   keep_written=True)
        # Answered from the rows just written (no read-back: issue 17, third round).
        selectors.held_as_created(created, organisation=request.user.organisation,
                                  event=created.created_event)
        return self._held_detail(created, status.HTTP_201_CREATED)

    @extend_schema(responses=outputs.RequestOutput)
    def retrieve(self, request, pk=None):
        return self._detail(self._get(pk).pk)

    @extend_schema(request=inputs.RequestInput, responses=outputs.RequestOutput)
    def partial_update(self, request, pk=None):
        shipment_request = self._get(pk)
        data = _valid(inputs.RequestInput, request.data, partial=True)
        request_services.update_draft(actor=request.user, request=shipment_request, data=data)
        return self._detail(shipment_request.pk)

    @extend_schema(request={"multipart/form-data": inputs.DocumentInput},
                   responses={201: outputs.DocumentOutput})
    @action(detail=True, methods=["post"], url_path="documents")
    def documents(self, request, pk=None):
        shipment_request = self._get(pk)
        data = _valid(inputs.DocumentInput, request.data)
        upload = data["file"]
        document = document_services.upload_document(
            actor=request.user, request=shipment_request, kind=data["kind"],
            name=upload.name, data=upload.read())
        return Response(outputs.DocumentOutput(document, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="documents/<int:document_id>/download")
    def document_download(self, request, pk=None, document_id=None):
        shipment_request = self._get(pk)
        document = shipment_request.documents.filter(pk=document_id).first()
        if document is None:
            raise Http404
        record_document_read(actor=request.user, document=document, channel="api")
        response = FileResponse(document.file.open("rb"), content_type=document.content_type,
                                as_attachment=False, filename=document.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"
        return response

    @extend_schema(request=inputs.ReasonInput, responses=outputs.FindingOutput)
    @action(detail=True, methods=["post"], url_path="findings/<int:finding_id>/clear")
    def clear_finding(self, request, pk=None, finding_id=None):
        shipment_request = self._get(pk)
        if not policy.may_clear_findings(request.user):
            raise Http404
        data = _valid(inputs.ReasonInput, request.data)
        finding = selectors.get_visible_finding(request.user, shipment_request, finding_id)
        finding = screening_services.clear_finding(actor=request.user, finding=finding,
                                                   reason=data["reason"])
        return Response(outputs.FindingOutput(finding).data)


class LicenceViewSet(viewsets.ViewSet):
    """Licences: read, and the approving authority's suspend, reinstate and revoke (one
    action per rulebook entry, added below)."""

    lookup_value_converter = "int"

    def _get(self, pk):
        return selectors.get_visible_licence(self.request.user, pk)

    def _detail(self, pk, status_code=status.HTTP_200_OK):
        licence = self._get(pk)
        return Response(outputs.LicenceOutput(licence, context={"request": self.request}).data,
                        status=status_code)

    @extend_schema(responses=outputs.LicenceOutput)
    def retrieve(self, request, pk=None):
        return self._detail(pk)


# Transitions whose service, given `for_answer=True`, returns the request holding what its
# detail shows as of its commit (services.requests.submit_request): the answer is built from
# those rows and the history up to the transition's own audit event, not read back.
HELD_ANSWER_TRANSITIONS = frozenset({"submit"})


def _transition_endpoint(entry: transitions.Transition, subject_argument: str, output):
    """`POST /{id}/{slug}/` for one rulebook entry: validate its input, call its service,
    answer with the object as it is now (as its commit left it, for HELD_ANSWER_TRANSITIONS:
    a snapshot of the moment the write committed, as one_snapshot's read-back is of a
    moment just after)."""
    input_class = inputs.TRANSITION_INPUTS[entry.slug]
    held_answer = entry.name in HELD_ANSWER_TRANSITIONS

    def endpoint(self, request, pk=None):
        subject = self._get(pk)
        arguments = input_class.service_arguments(_valid(input_class, request.data))
        if held_answer:
            held = import_string(entry.service)(
                actor=request.user, **{subject_argument: subject}, **arguments,
                for_answer=True)
            history = held.audit_events.filter(pk__lte=held.submitted_event.pk).order_by("id")
            selectors.held_for_detail(held, organisation=subject.organisation,
                                      runs=held.held_screening_runs, history=history)
            return self._held_detail(held)
        import_string(entry.service)(actor=request.user, **{subject_argument: subject},
                                     **arguments)
        return self._detail(pk)

    endpoint.__name__ = entry.name
    endpoint.__doc__ = str(entry.label)
    endpoint = action(detail=True, methods=["post"], url_path=entry.slug)(endpoint)
    return extend_schema(request=None if input_class is inputs.NoInput else input_class,
                         responses=output, summary=str(entry.label))(endpoint)


for _entry in transitions.transitions_of(transitions.REQUEST):
    setattr(ShipmentRequestViewSet, _entry.name,
            _transition_endpoint(_entry, "request", outputs.RequestOutput))
for _entry in transitions.transitions_of(transitions.LICENCE):
    if _entry.slug in inputs.TRANSITION_INPUTS:  # expiry and exhaustion are the system's
        setattr(LicenceViewSet, _entry.name,
                _transition_endpoint(_entry, "licence", outputs.LicenceOutput))


class CriteriaView(APIView):
    """The catalogue of criteria a decision may cite."""

    @extend_schema(responses=inline_serializer("Criterion", {
        "code": serializers.CharField(), "source": serializers.CharField(),
        "title": serializers.CharField()}, many=True))
    def get(self, request):
        rows = Criterion.objects.filter(is_active=True).values("code", "source", "title")
        return Response(list(rows))
