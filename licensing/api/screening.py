"""Denied-party look-up and false-positive marks (officials only; applicants get 403, or
404 for a request they cannot see)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from licensing import selectors
from licensing.api.inputs import Country, OptionalReasonInput, ReasonInput
from licensing.models import FalsePositiveMark
from licensing.screening.names import PRODUCTION_THRESHOLD
from licensing.services import party_screening


class IsOfficial(BasePermission):
    message = "Only the authority's officials may search the lists."

    def has_permission(self, request, view):
        return policy.may_search_lists(request.user)


class SearchInput(serializers.Serializer):
    name = serializers.CharField(max_length=300, min_length=2, trim_whitespace=True)
    country = Country(required=False, allow_blank=True, default="")
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)
    threshold = serializers.FloatField(min_value=50, max_value=100,
                                       default=PRODUCTION_THRESHOLD)


class ListMatchOutput(serializers.Serializer):
    list = serializers.CharField(source="list_name")
    list_id = serializers.IntegerField()
    list_version = serializers.IntegerField()
    entry = serializers.SerializerMethodField()
    matched_name = serializers.CharField()
    is_alias = serializers.BooleanField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())

    def get_entry(self, match) -> dict:
        return {"source_id": match.source_id, "name": match.entry_name,
                "source_list": match.source_list, "entity_type": match.entity_type,
                "countries": list(match.countries), "programs": list(match.programs)}


class SearchOutput(serializers.Serializer):
    name = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    threshold = serializers.FloatField()
    results = ListMatchOutput(many=True)


class SearchView(APIView):
    """Search every live denied-party list by name (and country as supporting evidence)."""

    permission_classes = [IsAuthenticated, IsOfficial]

    @extend_schema(parameters=[SearchInput], responses=SearchOutput)
    def get(self, request):
        serializer = SearchInput(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        country = str(data["country"]) if data["country"] else None
        matches = party_screening.search_lists(data["name"], country=country,
                                               limit=data["limit"],
                                               threshold=data["threshold"])
        return Response({"name": data["name"], "country": country,
                         "threshold": data["threshold"],
                         "results": ListMatchOutput(matches, many=True).data})


class MarkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    list = serializers.CharField(source="denied_party_list.name")
    list_id = serializers.IntegerField(source="denied_party_list_id")
    entry_source_id = serializers.CharField()
    party_name_key = serializers.CharField()
    party_country = serializers.CharField()
    reason = serializers.CharField()
    marked_by = serializers.CharField(source="marked_by.email")
    marked_at = serializers.DateTimeField()
    active = serializers.SerializerMethodField()
    revoked_by = serializers.SerializerMethodField()
    revoked_at = serializers.DateTimeField()
    revocation_reason = serializers.CharField()
    request = serializers.IntegerField(source="request_id", allow_null=True,
                                       help_text="The case it was marked on.")
    confirmed = serializers.BooleanField(
        source="is_confirmed",
        help_text="Confirmed by a second official: applies on every request; until then "
                  "only on the request it was marked on.")
    confirmed_by = serializers.SerializerMethodField()
    confirmed_at = serializers.DateTimeField(allow_null=True)

    def get_confirmed_by(self, mark) -> str | None:
        return mark.confirmed_by.email if mark.confirmed_by_id else None

    def get_active(self, mark) -> bool:
        return mark.revoked_at is None

    def get_revoked_by(self, mark) -> str | None:
        return mark.revoked_by.email if mark.revoked_by_id else None


def _marks():
    return FalsePositiveMark.objects.select_related("denied_party_list", "marked_by",
                                                    "revoked_by", "confirmed_by")


class MarkFalsePositiveView(APIView):
    """POST {"reason"}: the denied-party match of this finding is not this party."""

    @extend_schema(request=ReasonInput, responses={201: MarkOutput})
    def post(self, request, pk, finding_id):
        shipment_request = selectors.get_visible_request(request.user, pk)
        if not policy.sees_every_case(request.user):
            raise Http404
        serializer = ReasonInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        finding = selectors.get_visible_finding(request.user, shipment_request, finding_id)
        mark = party_screening.mark_false_positive(
            actor=request.user, finding=finding, reason=serializer.validated_data["reason"])
        return Response(MarkOutput(_marks().get(pk=mark.pk)).data,
                        status=status.HTTP_201_CREATED)


class MarkListView(APIView):
    """Every false-positive mark, newest first; `?active=true|false` filters."""

    permission_classes = [IsAuthenticated, IsOfficial]

    @extend_schema(parameters=[OpenApiParameter("active", bool)],
                   responses=MarkOutput(many=True))
    def get(self, request):
        marks = _marks()
        active = request.query_params.get("active")
        if active in ("true", "false"):
            marks = marks.filter(revoked_at__isnull=active == "true")
        elif active is not None:
            return Response({"active": ["Use true or false."]},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response(MarkOutput(marks[:500], many=True).data)


class MarkConfirmView(APIView):
    """POST {"reason"?}: a second official confirms a mark; it then applies on every
    request naming the party (four eyes)."""

    permission_classes = [IsAuthenticated, IsOfficial]

    @extend_schema(request=OptionalReasonInput, responses=MarkOutput)
    def post(self, request, pk):
        try:
            mark = _marks().get(pk=pk)
        except FalsePositiveMark.DoesNotExist:
            raise Http404("No such mark.") from None
        serializer = OptionalReasonInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        party_screening.confirm_false_positive_mark(
            actor=request.user, mark=mark, reason=serializer.validated_data.get("reason", ""))
        return Response(MarkOutput(_marks().get(pk=pk)).data)


class MarkRevokeView(APIView):
    """POST {"reason"}: withdraw a mark; the entry is raised again for that party."""

    permission_classes = [IsAuthenticated, IsOfficial]

    @extend_schema(request=ReasonInput, responses=MarkOutput)
    def post(self, request, pk):
        try:
            mark = _marks().get(pk=pk)
        except FalsePositiveMark.DoesNotExist:
            raise Http404("No such mark.") from None
        serializer = ReasonInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        party_screening.revoke_false_positive_mark(
            actor=request.user, mark=mark, reason=serializer.validated_data["reason"])
        return Response(MarkOutput(_marks().get(pk=pk)).data)
