"""Export halts: approving authorities declare and lift them; applicants, officers,
approvers and auditors may read them, as on the web page (applicants see what is halted and
why, not who declared it); consulted agencies and administrators may not."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from licensing import limits
from licensing.api.inputs import Country, ReasonInput
from licensing.models import ControlCategory, ExportHalt
from licensing.services import halts as halt_services


class HaltInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    control_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=ControlCategory.choices), required=False,
        default=list, help_text=_("Empty: every category."))
    destinations = serializers.ListField(child=Country(), required=False, default=list,
                                         help_text=_("ISO codes; empty: every destination."))
    mode = serializers.ChoiceField(choices=ExportHalt.Mode.choices)
    valid_from = serializers.DateField(validators=[limits.HALT_DATE])
    valid_until = serializers.DateField(required=False, allow_null=True, default=None,
                                        validators=[limits.HALT_DATE])
    public_reason = serializers.CharField(max_length=5000)

    def validate(self, attrs):
        if attrs.get("valid_until") and attrs["valid_until"] < attrs["valid_from"]:
            raise serializers.ValidationError({"valid_until": [
                "The halt cannot end before it starts."]})
        attrs["destinations"] = [str(c) for c in attrs["destinations"]]
        return attrs


class HaltOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    control_categories = serializers.ListField(child=serializers.CharField())
    destinations = serializers.ListField(child=serializers.CharField())
    mode = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    public_reason = serializers.CharField()
    in_force = serializers.SerializerMethodField()
    declared_at = serializers.DateTimeField()
    lifted_at = serializers.DateTimeField()
    lift_reason = serializers.CharField()

    def get_in_force(self, halt) -> bool:
        return halt.pk in self.context.get("in_force_ids", set())

    def to_representation(self, halt):
        data = super().to_representation(halt)
        user = self.context["request"].user
        if policy.sees_every_case(user):
            data["declared_by"] = halt.declared_by.email
            data["lifted_by"] = halt.lifted_by.email if halt.lifted_by_id else None
        return data


class MayReadHalts(permissions.BasePermission):
    """The same people as the web page `/halts/` (policy.may_see_halts)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated
                    and policy.may_see_halts(request.user))


_HALT_PERMISSIONS = [permissions.IsAuthenticated, MayReadHalts]


def _context(request):
    return {"request": request,
            "in_force_ids": set(ExportHalt.in_force().values_list("pk", flat=True))}


def _get(pk) -> ExportHalt:
    try:
        return ExportHalt.objects.select_related("declared_by", "lifted_by").get(pk=pk)
    except ExportHalt.DoesNotExist:
        raise Http404("No such halt.") from None


class HaltListView(APIView):
    """GET: every halt, newest first (`?in_force=true` for those in force today).
    POST: declare one (approving authority)."""

    permission_classes = _HALT_PERMISSIONS

    @extend_schema(responses=HaltOutput(many=True))
    def get(self, request):
        halts = ExportHalt.objects.select_related("declared_by", "lifted_by")
        if request.query_params.get("in_force") in ("1", "true", "yes"):
            halts = ExportHalt.in_force().select_related("declared_by", "lifted_by")
        return Response(HaltOutput(halts.order_by("-declared_at", "-id"), many=True,
                                   context=_context(request)).data)

    @extend_schema(request=HaltInput, responses={201: HaltOutput})
    def post(self, request):
        serializer = HaltInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        halt = halt_services.declare_halt(actor=request.user, **serializer.validated_data)
        return Response(HaltOutput(_get(halt.pk), context=_context(request)).data,
                        status=status.HTTP_201_CREATED)


class HaltImpactOutput(serializers.Serializer):
    held_requests = serializers.ListField(child=serializers.DictField())
    suspended_licences = serializers.ListField(child=serializers.DictField())


class HaltImpactView(APIView):
    """POST the halt you would declare: what it would put on hold and suspend today.
    Declares nothing; the web page shows this and asks the approver to confirm."""

    permission_classes = _HALT_PERMISSIONS

    @extend_schema(request=HaltInput, responses=HaltImpactOutput)
    def post(self, request):
        if not policy.may_declare_halts(request.user):
            raise PermissionDenied(_("Only an approving authority may declare an export halt."))
        serializer = HaltInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        impact = halt_services.halt_impact(mode=data["mode"],
                                           control_categories=data["control_categories"],
                                           destinations=data["destinations"])
        return Response({
            "held_requests": [{"id": r.pk, "applicant_reference": r.applicant_reference,
                               "status": r.status} for r in impact.held_requests],
            "suspended_licences": [{"id": lic.pk, "number": lic.number}
                                   for lic in impact.suspended_licences]})


class HaltDetailView(APIView):
    permission_classes = _HALT_PERMISSIONS

    @extend_schema(responses=HaltOutput)
    def get(self, request, pk):
        return Response(HaltOutput(_get(pk), context=_context(request)).data)


class HaltLiftView(APIView):
    """Lift a halt (approving authority): the requests it held are released and the
    licences it suspended reinstated, unless another halt still covers them."""

    permission_classes = _HALT_PERMISSIONS

    @extend_schema(request=ReasonInput, responses=HaltOutput)
    def post(self, request, pk):
        halt = _get(pk)
        serializer = ReasonInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        halt_services.lift_halt(actor=request.user, halt=halt,
                                reason=serializer.validated_data["reason"])
        return Response(HaltOutput(_get(pk), context=_context(request)).data)
