"""Output serializers. Applicants and officials get different views of a request:
screening evidence and caseworkers' identities are for officials only."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from accounts import policy
from licensing import selectors
from licensing.models import AuditAction, AuditEvent

# The request's detail (`_RequestDetailBase` and its two subclasses) is built by plain code
# in `to_representation` rather than by DRF walking its fields: DRF deep-copies every
# declared field, nested serializers included, for each serializer instance, which was
# about a third of the CPU of building a create or submit response (issue 17, second
# round). The declared fields stay: they are the API schema (drf-spectacular), and
# tests/licensing/test_i17b_performance.py checks that the plain code answers exactly what
# DRF's generic `Serializer.to_representation` answers, for every kind of request. Values
# are formatted by the same DRF field classes, so dates, times and decimals are the same.
_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()
_VALUE = serializers.DecimalField(max_digits=16, decimal_places=2)


def _date(value):
    return None if value is None else _DATE.to_representation(value)


def _datetime(value):
    return None if value is None else _DATETIME.to_representation(value)


def _str(value):
    return None if value is None else str(value)


class PartyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField()
    country = serializers.CharField()
    end_user_type = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)


class ItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    control_category = serializers.CharField()
    quantity = serializers.IntegerField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    currency = serializers.CharField()
    for_assembly_abroad = serializers.BooleanField()


class CertificateItemOutput(serializers.Serializer):
    control_category = serializers.CharField()
    description = serializers.CharField()
    quantity = serializers.IntegerField()


class CertificateOutput(serializers.Serializer):
    number = serializers.CharField()
    issuing_country = serializers.CharField()
    issuing_authority = serializers.CharField()
    issue_date = serializers.DateField()
    expiry_date = serializers.DateField()
    non_reexport_clause = serializers.BooleanField()
    items = CertificateItemOutput(many=True, source="items.all")


class DocumentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:
        return reverse("api:request-document-download",
                       kwargs={"pk": document.request_id, "document_id": document.pk},
                       request=self.context.get("request"))


class FindingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    check = serializers.CharField(source="check_name")
    severity = serializers.CharField()
    message = serializers.CharField(source="text")  # in the Accept-Language
    evidence = serializers.JSONField(source="shown_evidence")  # its texts likewise
    cleared_by = serializers.SerializerMethodField()
    cleared_at = serializers.DateTimeField()
    clearance_reason = serializers.CharField()

    def get_cleared_by(self, finding) -> str | None:
        return finding.cleared_by.email if finding.cleared_by_id else None


class LicenceItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="line_item_id")
    approved_quantity = serializers.IntegerField()
    shipped_quantity = serializers.IntegerField()
    remaining_quantity = serializers.IntegerField()


class LicenceDocumentOutput(serializers.Serializer):
    version = serializers.IntegerField()
    licence_status = serializers.CharField(help_text=_("The status the document shows."))
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    generated_at = serializers.DateTimeField()
    superseded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:
        return reverse("api:licence-document-version",
                       kwargs={"pk": document.licence_id, "version": document.version},
                       request=self.context.get("request"))


class ShipmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    shipped_on = serializers.DateField()
    carrier = serializers.CharField()
    customs_declaration = serializers.CharField()
    route = serializers.JSONField()
    is_final = serializers.BooleanField()
    items = serializers.SerializerMethodField()
    delivery_verification_due_on = serializers.DateField()
    delivery_verified_at = serializers.DateTimeField()
    delivery_verification_document = serializers.IntegerField(
        source="delivery_verification_id")
    delivery_overdue = serializers.SerializerMethodField()

    def get_items(self, shipment) -> list[dict]:
        return [{"item": row.licence_item.line_item_id, "quantity": row.quantity}
                for row in shipment.items.select_related("licence_item")]

    def get_delivery_overdue(self, shipment) -> bool:
        return (shipment.delivery_overdue_flagged_at is not None
                and shipment.delivery_verification_id is None)


class LicenceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    conditions = serializers.JSONField()
    issued_at = serializers.DateTimeField()
    items = LicenceItemOutput(many=True, source="items.all")
    documents = LicenceDocumentOutput(many=True, source="documents.all")
    shipments = ShipmentOutput(many=True, source="shipments.all")
    verify_url = serializers.SerializerMethodField()

    def get_verify_url(self, licence) -> str:
        from licensing.services.licence_documents import verify_url

        return verify_url(licence.number)
    available_transitions = serializers.SerializerMethodField()

    def get_available_transitions(self, licence) -> list[str]:
        return selectors.licence_transitions(self.context["request"].user, licence)


class HistoryOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.SerializerMethodField()
    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    to = serializers.SerializerMethodField()
    reason = serializers.CharField(source="shown_reason")  # in the Accept-Language

    def get_actor(self, event: AuditEvent) -> str:
        viewer = self.context["request"].user
        return shown_actor(event, sees_officials=policy.sees_officials_history(viewer))

    def get_action_label(self, event: AuditEvent) -> str:
        # The member's label alone: get_action_display() would build (and translate) the
        # dict of all the actions' labels for every event shown.
        try:
            return str(AuditAction(event.action).label)
        except ValueError:
            return event.action

    def get_to(self, event: AuditEvent):
        return (event.after or {}).get("status")

    def to_representation(self, event):
        data = super().to_representation(event)
        data["from"] = (event.before or {}).get("status")
        return data


def _party(party) -> dict:
    return {"id": party.id, "role": _str(party.role), "name": _str(party.name),
            "address": _str(party.address), "country": _str(party.country),
            "end_user_type": _str(party.end_user_type),
            "date_of_birth": _date(party.date_of_birth)}


def _item(item) -> dict:
    return {"id": item.id, "description": _str(item.description),
            "control_category": _str(item.control_category),
            "quantity": None if item.quantity is None else int(item.quantity),
            "unit": _str(item.unit),
            "value": None if item.value is None else _VALUE.to_representation(item.value),
            "currency": _str(item.currency),
            "for_assembly_abroad": None if item.for_assembly_abroad is None
            else bool(item.for_assembly_abroad)}


def _certificate(certificate) -> dict:
    return {"number": _str(certificate.number),
            "issuing_country": _str(certificate.issuing_country),
            "issuing_authority": _str(certificate.issuing_authority),
            "issue_date": _date(certificate.issue_date),
            "expiry_date": _date(certificate.expiry_date),
            "non_reexport_clause": bool(certificate.non_reexport_clause),
            "items": [{"control_category": _str(i.control_category),
                       "description": _str(i.description),
                       "quantity": None if i.quantity is None else int(i.quantity)}
                      for i in certificate.items.all()]}


def _document(document, request) -> dict:
    return {"id": document.id, "kind": _str(document.kind),
            "original_name": _str(document.original_name),
            "content_type": _str(document.content_type), "size": int(document.size),
            "sha256": _str(document.sha256), "uploaded_at": _datetime(document.uploaded_at),
            "download_url": reverse("api:request-document-download",
                                    kwargs={"pk": document.request_id,
                                            "document_id": document.pk},
                                    request=request)}


def _finding(finding) -> dict:
    return {"id": finding.id, "check": _str(finding.check_name),
            "severity": _str(finding.severity), "message": _str(finding.text),
            "evidence": finding.shown_evidence,
            "cleared_by": finding.cleared_by.email if finding.cleared_by_id else None,
            "cleared_at": _datetime(finding.cleared_at),
            "clearance_reason": _str(finding.clearance_reason)}


def shown_actor(event, *, sees_officials: bool) -> str:
    """Who acted, as the viewer may know it: applicants see "the authority", not which
    official."""
    if not sees_officials and event.actor_role != "applicant":
        return "the authority" if event.actor_role != "system" else "system"
    return event.actor_label


def _history_line(event, sees_officials) -> dict:
    actor = shown_actor(event, sees_officials=sees_officials)
    try:
        label = str(AuditAction(event.action).label)
    except ValueError:
        label = event.action
    return {"at": _datetime(event.at), "actor": actor, "action": _str(event.action),
            "action_label": label, "to": (event.after or {}).get("status"),
            "reason": _str(event.shown_reason), "from": (event.before or {}).get("status")}


class RequestSummaryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    applicant_reference = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    status = serializers.CharField()
    destination_country = serializers.CharField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    open_findings = serializers.IntegerField(required=False)
    url = serializers.SerializerMethodField()

    def get_url(self, shipment_request) -> str:
        return reverse("api:request-detail", kwargs={"pk": shipment_request.pk},
                       request=self.context.get("request"))


class _RequestDetailBase(serializers.Serializer):
    id = serializers.IntegerField()
    applicant_reference = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    status = serializers.CharField()
    destination_country = serializers.CharField()
    end_use = serializers.CharField()
    transit_countries = serializers.SerializerMethodField()
    parties = PartyOutput(many=True, source="parties.all")
    items = ItemOutput(many=True, source="items.all")
    end_user_certificate = serializers.SerializerMethodField()
    documents = DocumentOutput(many=True, source="documents.all")
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision = serializers.SerializerMethodField()
    changes_requested = serializers.CharField()
    waiting_for_applicant = serializers.BooleanField()
    licence = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()
    blocked_transitions = serializers.SerializerMethodField()
    transition_requirements = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    def _viewer(self):
        return self.context["request"].user

    def to_representation(self, instance):
        """What DRF's generic to_representation gives for the fields above, built directly
        (see the comment at the top of this module)."""
        request = self.context.get("request")
        certificate = getattr(instance, "end_user_certificate", None)
        data = {
            "id": instance.id,
            "applicant_reference": _str(instance.applicant_reference),
            "organisation": _str(instance.organisation.name),
            "status": _str(instance.status),
            "destination_country": _str(instance.destination_country),
            "end_use": _str(instance.end_use),
            "transit_countries": self.get_transit_countries(instance),
            "parties": [_party(p) for p in instance.parties.all()],
            "items": [_item(i) for i in instance.items.all()],
            "end_user_certificate": _certificate(certificate) if certificate else None,
            "documents": [_document(d, request) for d in instance.documents.all()],
            "created_at": _datetime(instance.created_at),
            "submitted_at": _datetime(instance.submitted_at),
            "decided_at": _datetime(instance.decided_at),
            "decision": self.get_decision(instance),
            "changes_requested": _str(instance.changes_requested),
            "waiting_for_applicant": None if instance.waiting_for_applicant is None
            else bool(instance.waiting_for_applicant),
            "licence": self.get_licence(instance),
            "available_transitions": self.get_available_transitions(instance),
            "blocked_transitions": self.get_blocked_transitions(instance),
            "transition_requirements": self.get_transition_requirements(instance),
            "history": self.get_history(instance),
        }
        self._add_own_fields(instance, data)
        return data

    def _add_own_fields(self, instance, data) -> None:
        """The subclass's fields, after the ones above (as DRF orders them)."""

    def get_transit_countries(self, shipment_request) -> list[str]:
        return [str(t.country) for t in shipment_request.transit_countries.all()]

    def get_end_user_certificate(self, shipment_request) -> dict | None:
        certificate = getattr(shipment_request, "end_user_certificate", None)
        return CertificateOutput(certificate).data if certificate else None

    def get_decision(self, shipment_request) -> dict | None:
        if not shipment_request.decided_at:
            return None
        return {"reason": shipment_request.shown_decision_reason,
                "criteria": [c.code for c in shipment_request.decision_criteria.all()]}

    def get_licence(self, shipment_request) -> dict | None:
        licence = getattr(shipment_request, "licence", None)
        return LicenceOutput(licence, context=self.context).data if licence else None

    def _offers(self, shipment_request):
        """The viewer's offers on this request, judged once for the three fields below."""
        cache = self.__dict__.setdefault("_offers_cache", {})
        if shipment_request.pk not in cache:
            cache[shipment_request.pk] = selectors.transition_offers(self._viewer(),
                                                                     shipment_request)
        return cache[shipment_request.pk]

    def get_available_transitions(self, shipment_request) -> list[str]:
        return selectors.available_transitions(self._viewer(), shipment_request,
                                               self._offers(shipment_request))

    def get_blocked_transitions(self, shipment_request) -> list[dict]:
        return selectors.blocked_transitions(self._viewer(), shipment_request,
                                             self._offers(shipment_request))

    def get_transition_requirements(self, shipment_request) -> list[dict]:
        """What the inputs of an available transition must satisfy (a halt override)."""
        return selectors.transition_requirements(self._viewer(), shipment_request,
                                                 self._offers(shipment_request))

    def get_history(self, shipment_request) -> list[dict]:
        sees_officials = policy.sees_officials_history(self._viewer())
        held = getattr(shipment_request, "history_events", None)  # selectors.held_for_detail
        if held is not None:
            internal = AuditAction.internal()
            events = [event for event in held
                      if sees_officials or event.action not in internal]
        else:
            events = shipment_request.audit_events.order_by("id")
            if not sees_officials:
                events = events.exclude(action__in=AuditAction.internal())
        # HistoryOutput, built directly.
        return [_history_line(event, sees_officials) for event in events]

    def _screening_status(self, run, last_completed) -> dict:
        """`status` is the latest run's (perhaps still queued); `last_run_at` is when the
        request was last screened to the end."""
        if run and run.finished_at:
            last_completed = run
        return {"status": run.status if run else "not_screened",
                "last_run_at": last_completed.finished_at if last_completed else None,
                "trigger": run.trigger if run else None}


class ApplicantRequestOutput(_RequestDetailBase):
    screening = serializers.SerializerMethodField()

    def get_screening(self, shipment_request) -> dict:
        return self._screening_status(
            *selectors.latest_and_last_completed_runs(shipment_request))

    def _add_own_fields(self, instance, data) -> None:
        data["screening"] = self.get_screening(instance)


class OfficialRequestOutput(_RequestDetailBase):
    screening = serializers.SerializerMethodField()
    end_user_verification = serializers.SerializerMethodField()

    def get_screening(self, shipment_request) -> dict:
        run, last_completed = selectors.latest_and_last_completed_runs(
            shipment_request, with_findings=True)
        data = self._screening_status(run, last_completed)
        data["list_versions"] = run.list_versions if run else {}
        data["findings"] = [_finding(f) for f in (run.findings.all() if run else [])]
        return data

    def _add_own_fields(self, instance, data) -> None:
        data["screening"] = self.get_screening(instance)
        data["end_user_verification"] = self.get_end_user_verification(instance)

    def get_end_user_verification(self, shipment_request) -> dict | None:
        verification = getattr(shipment_request, "end_user_verification", None)
        if verification is None:
            return None
        return {"channel": verification.channel, "reference": verification.reference,
                "verified_on": verification.verified_on,
                "verified_by": verification.verified_by.email}


class RequestOutput(OfficialRequestOutput):
    """The schema of a request as the API answers it (documentation only): the officials get
    OfficialRequestOutput, the applicant ApplicantRequestOutput, which has no
    `end_user_verification` and no findings in `screening`."""

    end_user_verification = serializers.DictField(
        required=False, allow_null=True,
        help_text="Officials only: channel, reference, verified_on, verified_by.")


def request_output_for(user):
    return OfficialRequestOutput if policy.sees_officials_history(user) \
        else ApplicantRequestOutput
