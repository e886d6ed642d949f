"""A reference snapshot for the pure check tests: every kind of data empty, except what a
test gives. The snapshot itself has no defaults (licensing/reference_data.py fills it all)."""

from licensing.screening.checks.certificates import CertificateRegister
from licensing.screening.checks.parties import DeniedPartyData
from licensing.screening.names import NameIndex
from licensing.screening.subject import ReferenceSnapshot


def reference_with(**fields) -> ReferenceSnapshot:
    empty = {"versions": {}, "at_war": (), "embargoes": (), "diversion_risk": frozenset(),
             "diversion_risk_reasons": {}, "export_halts": (),
             "overdue_delivery_verifications": (),
             "denied_parties": DeniedPartyData(index=NameIndex([]), entries={}),
             "certificate_register": CertificateRegister()}
    return ReferenceSnapshot(**{**empty, **fields})
