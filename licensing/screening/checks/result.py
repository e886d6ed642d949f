import hashlib
import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FindingDraft:
    """A finding before it is stored. `key` identifies what was found (the list entry and
    the party or country it matched) so the same finding on a re-run is recognised."""

    check_name: str
    severity: str
    message: str
    key: tuple = ()
    evidence: dict = field(default_factory=dict)
    criteria: tuple[str, ...] = ()  # criteria a prohibition relies on when the system denies

    @property
    def fingerprint(self) -> str:
        raw = json.dumps([self.check_name, self.severity, list(self.key)], default=str)
        return hashlib.sha256(raw.encode()).hexdigest()
