"""Export halts (moratoria): items in a category (and, if the halt names destinations, to a
destination) under a halt in force. Neither mode is a prohibition: a halt never denies.
"deny" mode puts the request on hold (the workflow's guards stop verification, approval
and shipment while it lasts; services/halts.py suspends licences), so the finding only
informs; "special approval only" is a high finding that the approver's written override
clears."""

from dataclasses import dataclass
from datetime import date

from licensing.screening.checks.result import FindingDraft
from licensing.screening.checks.text import T as _
from licensing.screening.subject import ReferenceSnapshot, ScreeningSubject

INFO = "info"
HIGH = "high"
DENY = "deny"


@dataclass(frozen=True)
class HaltEntry:
    """A halt in force, as plain data (`reference.export_halts`)."""

    halt_id: int
    title: str
    mode: str
    control_categories: tuple[str, ...]
    destinations: tuple[str, ...]
    valid_from: date
    valid_until: date | None
    public_reason: str

    def covers(self, *, control_category: str, destination: str) -> bool:
        return ((not self.control_categories or control_category in self.control_categories)
                and (not self.destinations or destination in self.destinations))


def check_export_halts(subject: ScreeningSubject,
                       reference: ReferenceSnapshot) -> list[FindingDraft]:
    findings = []
    for halt in reference.export_halts:
        covered = sorted({item.control_category for item in subject.items
                          if halt.covers(control_category=item.control_category,
                                         destination=subject.destination_country)})
        if not covered:
            continue
        deny = halt.mode == DENY
        scope = _("%(categories)s to %(destination)s", categories=", ".join(covered),
                  destination=subject.destination_country)
        if halt.valid_until:
            period = _("from %(start)s until %(end)s", start=str(halt.valid_from),
                       end=str(halt.valid_until))
        else:
            period = _("from %(start)s", start=str(halt.valid_from))
        effect = (_("the request is on hold while it is in force; nothing in its scope may "
                    "be verified, approved or shipped.") if deny else
                  _("an approving authority may grant only with a written override reason."))
        message = _("Export halt \"%(title)s\" (%(period)s) covers %(scope)s: %(effect)s",
                    title=halt.title, period=period, scope=scope, effect=effect)
        findings.append(FindingDraft(
            check_name="export_halt",
            severity=INFO if deny else HIGH,
            message=message,
            key=(halt.halt_id, halt.mode, tuple(covered)),
            evidence={"rule": "export_halt", "list": "export_halts", "halt_id": halt.halt_id,
                      "title": halt.title, "mode": halt.mode, "categories": covered,
                      "destination": subject.destination_country,
                      "valid_from": halt.valid_from.isoformat(),
                      "valid_until": halt.valid_until.isoformat() if halt.valid_until else None,
                      "public_reason": halt.public_reason},
            criteria=(),
        ))
    return findings
