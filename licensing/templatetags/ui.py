"""Template helpers of the web UI: Bootstrap classes on form widgets, labels for states,
and small formatting of audit data."""

from django import forms, template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from licensing.models.screening import ScreeningRun
from licensing.workflow.states import LicenceStatus, RequestStatus

register = template.Library()

STATUS_STYLES = {
    "draft": "text-bg-secondary", "submitted": "text-bg-primary", "waiting": "text-bg-warning",
    "end_user_verified": "text-bg-info", "special_approval": "text-bg-success",
    "awaiting_countersignature": "text-bg-warning",
    "shipped": "text-bg-dark", "denied": "text-bg-danger", "withdrawn": "text-bg-light border",
    "issued": "text-bg-success", "suspended": "text-bg-warning", "revoked": "text-bg-danger",
    "expired": "text-bg-secondary", "exhausted": "text-bg-dark",
    "queued": "text-bg-secondary", "running": "text-bg-info", "completed": "text-bg-success",
    "failed": "text-bg-danger",
}
SEVERITY_STYLES = {"prohibition": "text-bg-danger", "high": "text-bg-warning",
                   "medium": "text-bg-warning", "info": "text-bg-light border"}


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def is_multi_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple)


@register.filter
def ui_widget(bound_field):
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        css = ""
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    return bound_field.as_widget(attrs={"class": css.strip()} if css.strip() else {})


@register.simple_tag
def status_badge(value, label=None):
    return format_html('<span class="badge {}">{}</span>',
                       STATUS_STYLES.get(value, "text-bg-secondary"),
                       label or status_label(value))


@register.simple_tag
def severity_badge(value):
    return format_html('<span class="badge {}">{}</span>',
                       SEVERITY_STYLES.get(value, "text-bg-secondary"),
                       str(SEVERITY_LABELS.get(value) or str(value).title()))


# BCP 47 tags for <html lang> and the switcher: Serbian is written in two scripts.
LANGUAGE_TAGS = {"sr": "sr-Cyrl", "sr-latn": "sr-Latn", "en": "en"}


@register.filter
def language_tag(code) -> str:
    """A Django language code as the BCP 47 tag a page's `lang` carries ("sr" -> "sr-Cyrl")."""
    code = str(code or "").lower()
    return LANGUAGE_TAGS.get(code, code)


SEVERITY_LABELS = {"prohibition": _("Prohibition"), "high": _("High"), "medium": _("Medium"),
                   "info": _("Info")}


@register.filter
def status_label(value) -> str:
    """A request's or licence's state as people read it ("End user verified")."""
    for states in (RequestStatus, LicenceStatus, ScreeningRun.Status):
        if value in states.values:
            return str(states(value).label)
    if value in OTHER_STATUS_LABELS:
        return str(OTHER_STATUS_LABELS[value])
    return str(value).replace("_", " ")


@register.filter
def actor_name(value) -> str:
    """Who acted: an e-mail address, or the system (in the reader's language)."""
    return str(_("system")) if value == "system" else str(value or "")


@register.filter
def role_label(value) -> str:
    """Who acted, as the audit trail names the role ("officer" -> "Licensing officer")."""
    from accounts.models import Role

    if value in Role.values:
        return str(Role(value).label)
    if value == "system":
        return str(_("system"))
    return str(value or "")


# States that are no model's choice: a licence's standing as the verification page reads it.
OTHER_STATUS_LABELS = {"valid": _("Valid"), "not_yet_valid": _("Not yet valid")}


CHECK_LABELS = {
    "denied_party": _("Denied-party match"),
    "at_war_country": _("Country at war"),
    "arms_embargo": _("Arms embargo"),
    "diversion_risk_route": _("Diversion risk on the route"),
    "export_halt": _("Export halt"),
    "end_user_trader": _("End user is a trader or broker"),
    "forwarder_as_end_user": _("Freight forwarder as end user"),
    "assembly_abroad": _("Kits or parts for assembly abroad"),
    "overdue_delivery_verification": _("Overdue delivery verification"),
    "euc_reused": _("Certificate used on other requests"),
    "euc_drawn_down": _("Certificate quantities drawn down"),
    "euc_quantity_exceeded": _("More than the certificate covers"),
    "euc_issuer_country": _("Certificate issued by another country"),
    "euc_expired": _("Certificate expired"),
    "euc_expires_soon": _("Certificate expires soon"),
    "euc_dated_in_future": _("Certificate dated in the future"),
    "euc_no_reexport_clause": _("No non-re-export clause"),
}


@register.filter
def check_label(check_name) -> str:
    """A screening check's name as people read it."""
    return str(CHECK_LABELS.get(check_name) or humanise_key(check_name))


# The keys of a finding's evidence as humanise_key shows them, marked for the catalogue.
EVIDENCE_KEYS = (
    gettext_noop("Against"), gettext_noop("Alias"), gettext_noop("Basis"),
    gettext_noop("Categories"), gettext_noop("Category"), gettext_noop("Certificate"),
    gettext_noop("Control category"), gettext_noop("Countries"), gettext_noop("Country"),
    gettext_noop("Declared"), gettext_noop("Description"), gettext_noop("Description word"),
    gettext_noop("Destination"), gettext_noop("Detail"), gettext_noop("Differs in"),
    gettext_noop("Due on"), gettext_noop("End user"), gettext_noop("End user type"),
    gettext_noop("Entity type"), gettext_noop("Entry"), gettext_noop("Entry id"),
    gettext_noop("Entry name"), gettext_noop("Evidence against"), gettext_noop("Evidence for"),
    gettext_noop("Expiry date"), gettext_noop("For"), gettext_noop("Form"),
    gettext_noop("Forwarder"), gettext_noop("Halt id"), gettext_noop("Imposer"),
    gettext_noop("Issue date"), gettext_noop("Issuing country"), gettext_noop("Item"),
    gettext_noop("Legal basis"), gettext_noop("Licence"), gettext_noop("List"),
    gettext_noop("List version"), gettext_noop("Matched alias"), gettext_noop("Matched name"),
    gettext_noop("Mode"), gettext_noop("Name"), gettext_noop("Name word"),
    gettext_noop("Number"), gettext_noop("On"), gettext_noop("Min remaining days"),
    gettext_noop("Organisation"), gettext_noop("Party"), gettext_noop("Programs"),
    gettext_noop("Public reason"), gettext_noop("Quantity"), gettext_noop("Reason"),
    gettext_noop("Reasons"), gettext_noop("Reference"), gettext_noop("Role"),
    gettext_noop("Rule"), gettext_noop("Same organisation"), gettext_noop("Scope"),
    gettext_noop("Score"), gettext_noop("Shipped on"), gettext_noop("Since"),
    gettext_noop("Source list"), gettext_noop("Status"), gettext_noop("Strength"),
    gettext_noop("Title"), gettext_noop("Type"), gettext_noop("Valid from"),
    gettext_noop("Valid until"), gettext_noop("Weighing"), gettext_noop("Word"),
    gettext_noop("Words"), gettext_noop("Requested"), gettext_noop("Certificate quantity"),
    gettext_noop("Drawn by others"), gettext_noop("Remaining"), gettext_noop("Drawn by"),
    gettext_noop("Other requests"), gettext_noop("End user country"),
)


@register.filter
def humanise_key(key) -> str:
    text = str(key).replace("_", " ").capitalize()
    return str(_(text)) if text else text


@register.filter
def as_text(value) -> str:
    """A value from an audit event's or a finding's JSON, readably."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value)
    if isinstance(value, dict):
        # Words, never JSON: "Name: X; Countries: RU, BY".
        return "; ".join(f"{humanise_key(k)}: {as_text(v)}" for k, v in value.items()
                         if v not in (None, "", [], {}))
    if isinstance(value, bool):
        return str(_("yes")) if value else str(_("no"))
    return str(value)


# Evidence keys the finding's own layout has shown, or that mean nothing to a reader.
HIDDEN_EVIDENCE_KEYS = {"rule", "list_id", "party_id", "name_key", "request_id", "item_id",
                        "shipment_id"}


@register.filter
def plain_evidence(evidence) -> list[tuple[str, str]]:
    """A finding's evidence as (label, words) rows, for kinds without a layout of their
    own."""
    if not isinstance(evidence, dict):
        return []
    return [(humanise_key(k), as_text(v)) for k, v in evidence.items()
            if k not in HIDDEN_EVIDENCE_KEYS and v not in (None, "", [], {})]


@register.filter
def get_field(form, name):
    return form[name]
