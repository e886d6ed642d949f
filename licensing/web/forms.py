"""Forms of the web pages. They validate input field by field; services do the work and
have the last word (their InvalidInput is put back on the form)."""

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts import policy
from accounts.models import Organisation, User
from licensing import limits
from licensing.models import (
    ControlCategory,
    Criterion,
    DocumentKind,
    EndUserType,
    EndUserVerification,
    LicenceCondition,
    PartyRole,
    RequestStatus,
)
from licensing.models.audit import AuditEvent
from licensing.web.queries import STATUS_CHOICES_FOR_OFFICIALS
from licensing.web.widgets import fast_selects

_COUNTRY_NAMES: dict[str, list[tuple[str, str]]] = {}


def country_choices(blank=None):
    """The countries by name, in the active language; translated once per process."""
    language = get_language() or ""
    if language not in _COUNTRY_NAMES:
        _COUNTRY_NAMES[language] = [(code, str(name)) for code, name in countries]
    return [("", _("Choose a country") if blank is None else blank), *_COUNTRY_NAMES[language]]


class CountryField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", country_choices)
        super().__init__(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# --- the applicant's request form ---

@fast_selects
class RequestForm(forms.Form):
    applicant_reference = forms.CharField(label=_("Your reference"), max_length=64,
                                          help_text=_("Unique within your organisation."))
    destination_country = CountryField(label=_("Destination country"))
    end_use = forms.CharField(label=_("End use"), widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What the goods will be used for, and by whom."))


@fast_selects
class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"),
                             choices=[("", _("Choose a role")), *PartyRole.choices])
    name = forms.CharField(label=_("Name"), max_length=300)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}))
    country = CountryField(label=_("Country"))
    end_user_type = forms.ChoiceField(
        label=_("Kind of end user"), required=False,
        choices=[("", _("Not the end user / not applicable")), *EndUserType.choices])
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False,
        help_text=_("If the party is a person: screening weighs it against the lists."))

    def clean(self):
        data = super().clean()
        if data.get("role") == PartyRole.END_USER and not data.get("end_user_type"):
            self.add_error("end_user_type", _("Say what kind of end user this is."))
        if data.get("role") and data["role"] != PartyRole.END_USER:
            data["end_user_type"] = ""
        return data


@fast_selects
class TransitForm(forms.Form):
    country = CountryField(label=_("Transit country"))


@fast_selects
class ItemForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=500)
    control_category = forms.ChoiceField(
        label=_("Control category"),
        choices=[("", _("Choose a category")), *ControlCategory.choices])
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10**15)
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="pieces")
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2, min_value=0)
    currency = forms.RegexField(r"^[A-Z]{3}$", label=_("Currency"), max_length=3, initial="EUR",
                                error_messages={"invalid": _("An ISO 4217 code such as EUR.")})
    for_assembly_abroad = forms.BooleanField(
        label=_("Part or kit for assembly abroad, or for incorporation and onward export"),
        required=False)


@fast_selects
class CertificateForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=100)
    issuing_country = CountryField(label=_("Issuing country"))
    issuing_authority = forms.CharField(label=_("Issuing authority"), max_length=300)
    issue_date = forms.DateField(label=_("Issue date"), widget=DateInput(),
                                 validators=[limits.CERTIFICATE_ISSUED])
    expiry_date = forms.DateField(label=_("Expiry date"), required=False, widget=DateInput(),
                                  validators=[limits.CERTIFICATE_EXPIRES])
    non_reexport_clause = forms.BooleanField(
        label=_("The certificate has a non-re-export clause"), required=False)
    covers_items_as_listed = forms.BooleanField(
        label=_("The certificate covers the items exactly as listed above"), required=False,
        initial=True,
        help_text=_("Untick to enter the quantities the certificate states, if they differ."))
    document = forms.FileField(
        label=_("Certificate document (PDF or image)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}))

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issue_date"), data.get("expiry_date")
        if issued and expires and expires < issued:
            self.add_error("expiry_date", _("The certificate cannot expire before it was issued."))
        return data


@fast_selects
class CertificateItemForm(forms.Form):
    control_category = forms.ChoiceField(
        label=_("Control category"),
        choices=[("", _("Choose a category")), *ControlCategory.choices])
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10**15)


class _RowsFormSet(forms.BaseFormSet):
    def rows(self):
        return [f.cleaned_data for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def clean_rows(self):
        rows = []
        for row in self.rows():
            row = dict(row)
            row.pop("DELETE", None)
            rows.append(row)
        return rows


class _PartyFormSet(_RowsFormSet):
    def clean(self):
        if any(self.errors):
            return
        end_users = [r for r in self.rows() if r.get("role") == PartyRole.END_USER]
        if len(end_users) != 1:
            raise forms.ValidationError(_("Name exactly one end user."))


class _ItemFormSet(_RowsFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(_("Add at least one item."))


PartyFormSet = formset_factory(PartyForm, formset=_PartyFormSet, extra=0, can_delete=True,
                               max_num=settings.MAX_PARTIES_PER_REQUEST, validate_max=True)
TransitFormSet = formset_factory(TransitForm, formset=_RowsFormSet, extra=0, can_delete=True,
                                 max_num=20, validate_max=True)
ItemFormSet = formset_factory(ItemForm, formset=_ItemFormSet, extra=0, can_delete=True,
                              max_num=settings.MAX_ITEMS_PER_REQUEST, validate_max=True)
CertificateItemFormSet = formset_factory(CertificateItemForm, formset=_RowsFormSet, extra=0,
                                         can_delete=True, max_num=settings.MAX_ITEMS_PER_REQUEST,
                                         validate_max=True)


# --- actions on a request ---

class ActionForm(forms.Form):
    """A transition's form: `service_arguments()` are the keyword arguments of its service,
    named as the rulebook's `inputs` (a test checks that they agree)."""

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class SubmitForm(ActionForm):
    pass


@fast_selects
class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class FalsePositiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this list entry is not this party"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. another register number, address or date of birth. The entry is then "
                  "no longer raised for a party of this name, on any request."))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Note (optional)"), max_length=5000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RevokeMarkForm(forms.Form):
    reason = forms.CharField(label=_("Why the mark is withdrawn"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))


@fast_selects
class ListSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), min_length=2, max_length=300,
                           help_text=_("A person, company, vessel or aircraft, in any script."))
    country = CountryField(
        label=_("Country"), required=False, choices=lambda: country_choices(_("Any country")),
        help_text=_("Supporting evidence: a near match scores a little higher when the entry "
                  "is tied to this country."))


@fast_selects
class AppealDecisionForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("upheld", _("Uphold: the case returns to assessment")),
        ("dismissed", _("Dismiss: the denial stands and the case is closed"))])
    reason = forms.CharField(label=_("Reasons for the decision"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class MessageForm(ActionForm):
    message = forms.CharField(label=_("What the applicant must change"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


@fast_selects
class DenyForm(ActionForm):
    reason = forms.CharField(label=_("Reason for the denial"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    criteria = forms.MultipleChoiceField(
        label=_("Criteria relied on"),
        choices=lambda: [(c.code, str(c)) for c in Criterion.objects.filter(is_active=True)],
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."))

    def service_arguments(self) -> dict:
        return {"reason": self.cleaned_data["reason"],
                "criteria": list(self.cleaned_data["criteria"])}


@fast_selects
class VerifyEndUserForm(ActionForm):
    channel = forms.ChoiceField(label=_("How the certificate was verified"),
                                choices=[("", _("Choose a channel")),
                                         *EndUserVerification.Channel.choices])
    reference = forms.CharField(label=_("Reference (note, letter or report number)"),
                                max_length=200)
    verified_on = forms.DateField(label=_("Verified on"), widget=DateInput(),
                                  initial=timezone.localdate, validators=[limits.VERIFIED_ON])
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


@fast_selects
class GrantForm(ActionForm):
    valid_until = forms.DateField(label=_("Licence valid until"), required=False,
                                  widget=DateInput(), validators=[limits.LICENCE_VALID_UNTIL],
                                  help_text=_("Leave empty for the standard validity."))
    standard_conditions = forms.MultipleChoiceField(
        label=_("Standard conditions"), required=False,
        choices=lambda: list(LicenceCondition.objects.filter(is_active=True)
                             .values_list("code", "text")),
        widget=forms.CheckboxSelectMultiple)
    other_conditions = forms.CharField(
        label=_("Other conditions (one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason for the approval"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    halt_override_reason = forms.CharField(
        label=_("Reason to override an export halt"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only where a halt in \"special approval only\" mode covers this "
                    "request."))
    consultation_override_reason = forms.CharField(
        label=_("Reason to override the consultation"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only to grant while a consulted body's consent is missing or its "
                    "objection stands; recorded and shown to auditors as an override."))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for item in items:
            name = f"approved_{item.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("Approved quantity of %(description)s (%(unit)s)") % {
                    "description": item.description, "unit": item.unit},
                min_value=1, max_value=item.quantity, required=False,
                help_text=_("Requested: %(quantity)s. Leave empty to approve it all.") % {
                    "quantity": item.quantity})
            self.item_fields.append(name)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        conditions = list(data.get("standard_conditions") or [])
        conditions += [line.strip() for line in (data.get("other_conditions") or "").splitlines()
                       if line.strip()]
        quantities = {int(name.split("_", 1)[1]): data[name] for name in self.item_fields
                      if data.get(name)}
        return {"valid_until": data.get("valid_until"), "conditions": conditions,
                "reason": data["reason"], "approved_quantities": quantities,
                "halt_override_reason": data.get("halt_override_reason") or "",
                "consultation_override_reason": data.get("consultation_override_reason") or ""}


@fast_selects
class ShipmentForm(ActionForm):
    shipped_on = forms.DateField(label=_("Shipped on"), widget=DateInput(),
                                 initial=timezone.localdate, validators=[limits.SHIPPED_ON])
    carrier = forms.CharField(label=_("Carrier"), max_length=200)
    customs_declaration = forms.CharField(label=_("Customs declaration number"), max_length=100)
    route = forms.CharField(
        label=_("Countries actually crossed"), required=False,
        help_text=_("Two-letter codes in order, separated by commas, e.g. HU, SK."))
    final = forms.BooleanField(label=_("This is the last consignment under this licence"),
                               required=False)

    def __init__(self, *args, licence_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for licence_item in licence_items:
            line_item = licence_item.line_item
            name = f"quantity_{line_item.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("Quantity of %(description)s (%(unit)s)") % {
                    "description": line_item.description, "unit": line_item.unit},
                min_value=0, required=False,
                help_text=_("%(remaining)s of %(approved)s remain.") % {
                    "remaining": licence_item.remaining_quantity,
                    "approved": licence_item.approved_quantity})
            self.item_fields.append(name)

    def clean_route(self):
        codes = [c.strip().upper() for c in self.cleaned_data["route"].split(",") if c.strip()]
        unknown = [c for c in codes if c not in dict(countries)]
        if unknown:
            raise forms.ValidationError(_("Not country codes: %(codes)s.") % {
                "codes": ", ".join(unknown)})
        return codes

    def clean(self):
        data = super().clean()
        if self.item_fields and not any(data.get(name) for name in self.item_fields):
            raise forms.ValidationError(_("Enter the quantity shipped of at least one item."))
        return data

    def quantities(self) -> list[tuple[int, int]]:
        return [(int(name.split("_", 1)[1]), self.cleaned_data[name])
                for name in self.item_fields if self.cleaned_data.get(name)]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"shipped_on": data["shipped_on"], "carrier": data["carrier"],
                "customs_declaration": data["customs_declaration"],
                "quantities": self.quantities(), "route": data["route"],
                "final": data["final"]}


@fast_selects
class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF or image)"),
                           widget=forms.ClearableFileInput(
                               attrs={"accept": "application/pdf,image/*"}))


# --- filters ---

@fast_selects
class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        help_text=_("Reference, party name or certificate number"))
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=STATUS_CHOICES_FOR_OFFICIALS)
    destination = forms.ChoiceField(label=_("Destination"), required=False,
                                    choices=lambda: country_choices(_("Any destination")))
    category = forms.ChoiceField(label=_("Control category"), required=False,
                                 choices=[("", _("Any category")),
                                          *[(c.value, c.value) for c in ControlCategory]])
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None,
        choices=lambda: [("", _("Any organisation")),
                         *Organisation.objects.order_by("name").values_list("pk", "name")])
    findings = forms.ChoiceField(label=_("Open findings"), required=False, choices=[
        ("", _("With or without")), ("open", _("Has open findings")),
        ("none", _("No open findings"))])
    age = forms.ChoiceField(label=_("Age"), required=False, choices=[
        ("", _("Any age")), ("overdue", _("Over the 20-working-day target")),
        ("due_soon", _("15 to 19 working days")), ("recent", _("Under 15 working days")),
        ("stopped", _("Clock stopped (an answer is owed)"))])
    consultation = forms.ChoiceField(label=_("Consultation"), required=False, choices=[
        ("", _("Any")), ("waiting", _("Waiting for a body's advice")),
        ("overdue", _("A body's advice overdue")), ("objection", _("An objection stands")),
        ("complete", _("Every body has answered")), ("none", _("Not referred"))])
    assignee = forms.ChoiceField(
        label=_("Assigned to"), required=False,
        choices=lambda: [("", _("Anyone or nobody")), ("me", _("My cases")),
                         ("unassigned", _("Unassigned")),
                         *[(str(pk), email) for pk, email in User.objects.filter(
                             policy.caseworkers()).order_by("email").values_list("pk", "email")]])
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=[
        ("", _("Oldest first")), ("due", _("Due date first")), ("newest", _("Newest first")),
        ("assignee", _("By assignee")),
        ("destination", _("By destination")), ("findings", _("Most open findings first"))])
    per_page = forms.TypedChoiceField(label=_("Rows per page"), required=False, coerce=int,
                                      empty_value=25,
                                      choices=[(25, "25"), (50, "50"), (100, "100")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices read from the database, read once per form: a callable's choices are
        # evaluated each time they are iterated (validation, the widget's required
        # attribute, rendering), one query each time.
        for name in ("organisation", "assignee"):
            self.fields[name].choices = list(self.fields[name].choices)


@fast_selects
class ApplicantFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        help_text=_("Your reference or certificate number"))
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("", _("All states")), *RequestStatus.choices])


@fast_selects
class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor (email contains)"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    request = forms.CharField(label=_("Request (reference or id)"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = (AuditEvent.objects.order_by("action").values_list("action", flat=True)
                   .distinct())
        labels = dict(AuditEvent._meta.get_field("action").choices)
        self.fields["action"].choices = [("", _("Any action")),
                                         *[(a, labels.get(a, a)) for a in actions]]
