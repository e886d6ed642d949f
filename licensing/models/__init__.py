"""The domain's data. Behaviour lives in `licensing.services`; the state machines'
transitions are declared on the models (django-fsm) but only services call them."""

from licensing.models.assessment import Assessment
from licensing.models.audit import AuditAction, AuditChainHead, AuditEvent
from licensing.models.audit_checks import AuditChainCheck
from licensing.models.casework import (
    Appeal,
    AppealStatus,
    CaseAssignment,
    CaseNote,
    ClockReminder,
    InformationRequest,
    PublicHoliday,
)
from licensing.models.consultation import (
    Advice,
    ConsultationOverride,
    Proviso,
    Referral,
    ReferralQuestion,
    RoutingRule,
)
from licensing.models.countersigning import CountersignRule, DecisionKind, PendingDecision
from licensing.models.criteria import Criterion
from licensing.models.denied_parties import (
    DeniedPartyList,
    DeniedPartyListVersion,
    FalsePositiveMark,
    ListedEntry,
)
from licensing.models.halts import ExportHalt, HaltOverride
from licensing.models.licences import (
    Licence,
    LicenceCondition,
    LicenceDocument,
    LicenceItem,
    LicenceStatus,
    Shipment,
    ShipmentItem,
)
from licensing.models.outbox import OutboxMessage
from licensing.models.reference import (
    ArmsEmbargo,
    AtWarCountry,
    DiversionRiskCountry,
    EmbargoScope,
    ReferenceListState,
)
from licensing.models.requests import (
    ControlCategory,
    Document,
    DocumentKind,
    EndUserCertificate,
    EndUserCertificateItem,
    EndUserType,
    EndUserVerification,
    LineItem,
    Party,
    PartyRole,
    RequestStatus,
    SendBack,
    ShipmentRequest,
    Submission,
    TransitCountry,
)
from licensing.models.screening import Finding, ScreeningRun, Severity

__all__ = [
    "Appeal", "AppealStatus", "ArmsEmbargo", "AtWarCountry", "AuditAction", "AuditChainCheck",
    "AuditChainHead",
    "AuditEvent", "CaseAssignment", "CaseNote", "ClockReminder", "ControlCategory",
    "CountersignRule", "DecisionKind", "PendingDecision",
    "Criterion", "InformationRequest", "PublicHoliday",
    "Advice", "Assessment", "ConsultationOverride", "Proviso", "Referral", "ReferralQuestion",
    "RoutingRule",
    "DeniedPartyList", "DeniedPartyListVersion", "DiversionRiskCountry", "Document",
    "DocumentKind", "EmbargoScope", "EndUserCertificate", "EndUserCertificateItem",
    "EndUserType", "EndUserVerification", "ExportHalt", "FalsePositiveMark", "Finding",
    "HaltOverride", "Licence", "LicenceCondition", "LicenceDocument", "LicenceItem",
    "LicenceStatus", "LineItem", "ListedEntry", "OutboxMessage", "Party", "PartyRole",
    "ReferenceListState", "RequestStatus", "ScreeningRun", "SendBack", "Severity", "Shipment",
    "ShipmentItem", "ShipmentRequest", "Submission", "TransitCountry",
]
