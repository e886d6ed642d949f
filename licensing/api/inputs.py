"""Input serializers: what the API accepts, validated field by field. They only validate;
services do the work."""

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from licensing import limits
from licensing.models import ControlCategory, DocumentKind, EndUserType, PartyRole
from licensing.models.requests import EndUserVerification

# (language, countries object) -> (grouped choices, choices, choice strings to values):
# DRF builds a ChoiceField's three dicts whenever the field is made, and it is made again
# for every serializer instance (deep copies of the declared fields), four times per
# create body; for ~250 countries translated and sorted that was ~0.5 ms each (issue 17,
# third round). The dicts are never changed after they are built.
_COUNTRY_CHOICES: dict[tuple, tuple] = {}


def _forget_country_choices(*, setting, **_kwargs):
    """django-countries' own settings change the list (in tests, override_settings)."""
    if setting.startswith("COUNTRIES_"):
        _COUNTRY_CHOICES.clear()


setting_changed.connect(_forget_country_choices, dispatch_uid="licensing-country-choices")


class Country(CountryField):
    """An ISO 3166-1 alpha-2 code, upper or lower case; names are not accepted."""

    def _set_choices(self, choices):
        key = (get_language(), id(choices))
        built = _COUNTRY_CHOICES.get(key)
        if built is None or built[0] is not choices:
            serializers.ChoiceField.choices.fset(self, choices)
            built = (choices, self.grouped_choices, self._choices,
                     self.choice_strings_to_values)
            _COUNTRY_CHOICES[key] = built
            return
        _, self.grouped_choices, self._choices, self.choice_strings_to_values = built

    choices = property(serializers.ChoiceField.choices.fget, _set_choices)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) != 2:
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data.upper())


class PartyInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=PartyRole.choices)
    name = serializers.CharField(max_length=300)
    address = serializers.CharField()
    country = Country()
    end_user_type = serializers.ChoiceField(choices=EndUserType.choices, required=False,
                                            allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if attrs["role"] == PartyRole.END_USER and not attrs.get("end_user_type"):
            raise serializers.ValidationError({"end_user_type": [_("Say what kind of end user.")]})
        if attrs["role"] != PartyRole.END_USER:
            attrs["end_user_type"] = ""
        return attrs


class ItemInput(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    control_category = serializers.ChoiceField(choices=ControlCategory.choices)
    quantity = serializers.IntegerField(min_value=1, max_value=10**15)
    unit = serializers.CharField(max_length=30)
    value = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    currency = serializers.RegexField(r"^[A-Z]{3}$", error_messages={
        "invalid": _("An ISO 4217 code such as EUR.")})
    for_assembly_abroad = serializers.BooleanField(default=False)


class CertificateItemInput(serializers.Serializer):
    control_category = serializers.ChoiceField(choices=ControlCategory.choices)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                        default="")
    quantity = serializers.IntegerField(min_value=1, max_value=10**15)


class CertificateInput(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    issuing_country = Country()
    issuing_authority = serializers.CharField(max_length=300)
    issue_date = serializers.DateField(validators=[limits.CERTIFICATE_ISSUED])
    expiry_date = serializers.DateField(required=False, allow_null=True, default=None,
                                        validators=[limits.CERTIFICATE_EXPIRES])
    non_reexport_clause = serializers.BooleanField()
    items = CertificateItemInput(many=True, required=False, default=list)

    def validate_items(self, items):
        problem = limits.too_many(len(items), limits.max_items(), "certificate items")
        if problem:
            raise serializers.ValidationError(problem)
        return items

    def validate(self, attrs):
        if attrs.get("expiry_date") and attrs["expiry_date"] < attrs["issue_date"]:
            raise serializers.ValidationError({"expiry_date": [
                _("The certificate cannot expire before it was issued.")]})
        return attrs


class RequestInput(serializers.Serializer):
    """A draft in one body. On edit (PATCH) each nested list given replaces the old one."""

    applicant_reference = serializers.CharField(max_length=64)
    destination_country = Country()
    end_use = serializers.CharField()
    transit_countries = serializers.ListField(child=Country(), required=False, default=list,
                                              max_length=20)
    parties = PartyInput(many=True)
    items = ItemInput(many=True)
    end_user_certificate = CertificateInput(required=False, allow_null=True)

    def validate_parties(self, parties):
        problem = limits.too_many(len(parties), limits.max_parties(), "parties")
        if problem:
            raise serializers.ValidationError(problem)
        end_users = [p for p in parties if p["role"] == PartyRole.END_USER]
        if len(end_users) != 1:
            raise serializers.ValidationError(_("Name exactly one end user."))
        return parties

    def validate_items(self, items):
        if not items:
            raise serializers.ValidationError(_("Add at least one item."))
        problem = limits.too_many(len(items), limits.max_items(), "line items")
        if problem:
            raise serializers.ValidationError(problem)
        return items


class UploadField(serializers.FileField):
    """An uploaded file within the size limit (its content is judged by the service)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                f"The file is larger than {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
        return upload


class DocumentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = UploadField()


class ActionInput(serializers.Serializer):
    """A transition's input: `service_arguments(validated)` are the keyword arguments of
    its service, named as the rulebook's `inputs` (a test checks that they agree)."""

    @classmethod
    def service_arguments(cls, data: dict) -> dict:
        return dict(data)


class NoInput(ActionInput):
    """Transitions that take nothing but the request (submit)."""


class ReasonInput(ActionInput):
    reason = serializers.CharField(max_length=5000)


class OptionalReasonInput(ActionInput):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class MessageInput(ActionInput):
    message = serializers.CharField(max_length=5000)


class DenyInput(ActionInput):
    reason = serializers.CharField(max_length=5000)
    criteria = serializers.ListField(child=serializers.CharField(max_length=20),
                                     allow_empty=False)


class VerifyEndUserInput(ActionInput):
    channel = serializers.ChoiceField(choices=EndUserVerification.Channel.choices)
    reference = serializers.CharField(max_length=200)
    verified_on = serializers.DateField(validators=[limits.VERIFIED_ON])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class GrantInput(ActionInput):
    valid_until = serializers.DateField(required=False,
                                        validators=[limits.LICENCE_VALID_UNTIL])
    conditions = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, default=list,
        max_length=50,
        help_text=_("Codes of managed conditions (GET /api/v1/licence-conditions/) or "
                    "free text."))
    reason = serializers.CharField(max_length=5000)
    halt_override_reason = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="",
        help_text=_("Needed to grant despite an export halt in 'special approval only' mode."))
    consultation_override_reason = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="",
        help_text=_("Needed to grant while a consulted body's consent is missing or its "
                    "objection stands (recorded as an override)."))
    approved_quantities = serializers.DictField(child=serializers.IntegerField(min_value=1),
                                                required=False, default=dict,
                                                help_text=_("{line item id: quantity}"))

    def validate_approved_quantities(self, value):
        try:
            return {int(k): v for k, v in value.items()}
        except ValueError:
            raise serializers.ValidationError(_("Keys are line item ids.")) from None


class ShipmentItemInput(serializers.Serializer):
    item = serializers.IntegerField(help_text=_("A line item id of the request."))
    quantity = serializers.IntegerField(min_value=1)


class RecordShipmentInput(ActionInput):
    shipped_on = serializers.DateField(validators=[limits.SHIPPED_ON])
    carrier = serializers.CharField(max_length=200)
    customs_declaration = serializers.CharField(max_length=100)
    route = serializers.ListField(child=Country(), required=False, default=list, max_length=20)
    items = ShipmentItemInput(many=True, allow_empty=False)

    def validate_items(self, items):
        problem = limits.too_many(len(items), limits.max_items(), "shipment lines")
        if problem:
            raise serializers.ValidationError(problem)
        return items
    final = serializers.BooleanField(default=False)

    @classmethod
    def service_arguments(cls, data: dict) -> dict:
        return {"shipped_on": data["shipped_on"], "carrier": data["carrier"],
                "customs_declaration": data["customs_declaration"],
                "quantities": [(row["item"], row["quantity"]) for row in data["items"]],
                "route": [str(c) for c in data["route"]], "final": data["final"]}


class AppealDecisionInput(ActionInput):
    outcome = serializers.ChoiceField(choices=[("upheld", "upheld"), ("dismissed", "dismissed")])
    reason = serializers.CharField(max_length=5000)


# The input of each transition, by its slug in the rulebook.
TRANSITION_INPUTS = {
    "submit": NoInput,
    "verify-end-user": VerifyEndUserInput,
    "grant-special-approval": GrantInput,
    "countersign": OptionalReasonInput,
    "refuse-countersignature": ReasonInput,
    "record-shipment": RecordShipmentInput,
    "request-changes": MessageInput,
    "deny": DenyInput,
    "withdraw": ReasonInput,
    "decide-appeal": AppealDecisionInput,
    "suspend": ReasonInput,
    "reinstate": ReasonInput,
    "revoke": ReasonInput,
}


class TokenInput(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False)
    otp = serializers.CharField(required=False, max_length=10,
                                help_text=_("Officials: the current code of their authenticator."))


class RequestFilterInput(serializers.Serializer):
    status = serializers.CharField(required=False)
    destination_country = serializers.CharField(required=False, max_length=2)
    organisation = serializers.IntegerField(required=False)
    submitted_after = serializers.DateField(required=False)
    submitted_before = serializers.DateField(required=False)
