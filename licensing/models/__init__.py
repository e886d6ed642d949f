"""The domain's data. Behaviour lives in `licensing.services`; the state machines'
transitions are declared on the models (django-fsm) but only services call them."""

from licensing.models.audit import AuditChainHead, AuditEvent
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
    ShipmentRequest,
    TransitCountry,
)
from licensing.models.screening import Finding, ScreeningRun, Severity

__all__ = [
    "ArmsEmbargo", "AtWarCountry", "AuditChainHead", "AuditEvent", "ControlCategory", "Criterion",
    "DeniedPartyList", "DeniedPartyListVersion", "DiversionRiskCountry", "Document",
    "DocumentKind", "EmbargoScope", "EndUserCertificate", "EndUserCertificateItem",
    "EndUserType", "EndUserVerification", "ExportHalt", "FalsePositiveMark", "Finding",
    "HaltOverride", "Licence", "LicenceCondition", "LicenceDocument", "LicenceItem",
    "LicenceStatus", "LineItem", "ListedEntry", "Party", "PartyRole", "ReferenceListState",
    "RequestStatus", "ScreeningRun", "Severity", "Shipment", "ShipmentItem", "ShipmentRequest",
    "TransitCountry",
]
