"""Proof of delivery: the applicant uploads a shipment's delivery verification
certificate; officials list the overdue ones."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from licensing import selectors
from licensing.api.inputs import UploadField
from licensing.api.outputs import ShipmentOutput
from licensing.services import delivery


class DeliveryVerificationInput(serializers.Serializer):
    file = UploadField()


class DeliveryVerificationView(APIView):
    """Upload the delivery verification certificate (PDF or image) of one shipment."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": DeliveryVerificationInput},
                   responses={201: ShipmentOutput})
    def post(self, request, pk, shipment_id):
        shipment_request = selectors.get_visible_request(request.user, pk)
        shipment = delivery.get_shipment(shipment_request, shipment_id)
        serializer = DeliveryVerificationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        shipment = delivery.attach_delivery_verification(
            actor=request.user, shipment=shipment, name=upload.name, data=upload.read())
        return Response(ShipmentOutput(shipment).data, status=status.HTTP_201_CREATED)


class OverdueDeliveryVerificationOutput(ShipmentOutput):
    request = serializers.IntegerField(source="licence.request_id")
    organisation = serializers.CharField(source="licence.request.organisation.name")
    licence = serializers.CharField(source="licence.number")
    destination_country = serializers.CharField(source="licence.request.destination_country")
    flagged_at = serializers.DateTimeField(source="delivery_overdue_flagged_at")


class OverdueDeliveryVerificationsView(APIView):
    """Officials: every shipment whose delivery verification certificate is overdue."""

    @extend_schema(responses=OverdueDeliveryVerificationOutput(many=True))
    def get(self, request):
        shipments = delivery.overdue_for_officials(request.user)
        return Response(OverdueDeliveryVerificationOutput(shipments, many=True).data)
