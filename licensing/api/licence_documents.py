"""Licence documents (download for those who may see the request), the managed list of
licence conditions, and public verification as JSON (no sign-in, rate-limited)."""

import logging

from django.conf import settings
from django.http import FileResponse, Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from licensing import selectors
from licensing.api.inputs import UploadField
from licensing.models import LicenceCondition
from licensing.services import licence_documents as documents
from licensing.services.documents import sniff_content_type

logger = logging.getLogger(__name__)


class PublicVerifyThrottle(AnonRateThrottle):
    """Per client address, at PUBLIC_VERIFY_RATE, counted in the shared cache (Redis)."""

    scope = "public_verify"

    def get_rate(self):
        return settings.PUBLIC_VERIFY_RATE

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down: verification stays available
            logger.exception("Rate-limit cache unavailable; not throttling")
            return True


def _pdf_response(document, number):
    response = FileResponse(document.file.open("rb"), content_type="application/pdf",
                            filename=f"{number}-v{document.version}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


class LicenceDocumentView(APIView):
    """The licence's current signed PDF."""

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk):
        licence = selectors.get_visible_licence(request.user, pk)
        document = documents.current_document(licence)
        if document is None:
            raise Http404("The licence document is still being generated.")
        return _pdf_response(document, licence.number)


class LicenceDocumentVersionView(APIView):
    """One version of the licence's PDF, current or superseded."""

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk, version):
        licence = selectors.get_visible_licence(request.user, pk)
        document = licence.documents.filter(version=version).first()
        if document is None:
            raise Http404("No such version.")
        return _pdf_response(document, licence.number)


class LicenceConditionsView(APIView):
    """The managed conditions an approver may attach to a licence by code."""

    @extend_schema(responses=inline_serializer("LicenceCondition", {
        "code": serializers.CharField(), "text": serializers.CharField()}, many=True))
    def get(self, request):
        return Response(list(LicenceCondition.objects.filter(is_active=True)
                             .values("code", "text")))


_PUBLIC_ITEM = inline_serializer("PublicLicenceItem", {
    "control_category": serializers.CharField(), "approved_quantity": serializers.IntegerField(),
    "shipped_quantity": serializers.IntegerField(),
    "remaining_quantity": serializers.IntegerField(), "unit": serializers.CharField()})
_PUBLIC_LICENCE = inline_serializer("PublicLicence", {
    "number": serializers.CharField(), "genuine": serializers.BooleanField(),
    "status": serializers.ChoiceField(choices=["valid", "suspended", "revoked", "expired",
                                               "exhausted", "not yet valid"]),
    "exporter": inline_serializer("PublicExporter", {"name": serializers.CharField(),
                                                     "country": serializers.CharField()}),
    "destination_country": serializers.CharField(),
    "destination_country_name": serializers.CharField(),
    "valid_from": serializers.DateField(), "valid_until": serializers.DateField(),
    "items": _PUBLIC_ITEM,
    "current_document": inline_serializer("PublicDocument", {
        "version": serializers.IntegerField(), "sha256": serializers.CharField(),
        "generated_at": serializers.DateTimeField()}),
    "issuing_authority": serializers.CharField()})


class _PublicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicVerifyThrottle]

    def _licence(self, number):
        licence = documents.find_licence(number)
        if licence is None:
            raise Http404("No licence with this number: it is not genuine.")
        return licence


class PublicVerifyView(_PublicView):
    """Is this licence genuine, and what is its status? No sign-in needed."""

    @extend_schema(responses={200: _PUBLIC_LICENCE})
    def get(self, request, number):
        return Response(documents.public_summary(self._licence(number)))


class VerifyDocumentInput(serializers.Serializer):
    file = UploadField()


class PublicVerifyDocumentView(_PublicView):
    """Upload a licence PDF: its SHA-256 is compared with every issued version."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": VerifyDocumentInput},
                   responses=inline_serializer("DocumentVerdict", {
                       "matches": serializers.BooleanField(),
                       "sha256": serializers.CharField(),
                       "version": serializers.IntegerField(allow_null=True),
                       "current": serializers.BooleanField(),
                       "shows_status": serializers.CharField(allow_null=True),
                       "superseded_at": serializers.DateTimeField(allow_null=True),
                       "message": serializers.CharField()}))
    def post(self, request, number):
        licence = self._licence(number)
        serializer = VerifyDocumentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data["file"].read()
        if sniff_content_type(data) != "application/pdf":
            return Response({"file": ["Upload the licence document as a PDF."]}, status=400)
        return Response(documents.check_document(licence, data).as_dict())
