import hashlib
import json
from dataclasses import dataclass, field

from licensing.screening.checks.text import english, to_json


@dataclass(frozen=True)
class FindingDraft:
    """A finding before it is stored. `key` identifies what was found (the list entry and
    the party or country it matched) so the same finding on a re-run is recognised."""

    check_name: str
    severity: str
    message: str  # English, the record; a check may pass message parts (checks/text.py)
    key: tuple = ()
    evidence: dict = field(default_factory=dict)
    criteria: tuple[str, ...] = ()  # criteria a prohibition relies on when the system denies
    parts: object = None  # the message as parts (JSON), rendered in the reader's language

    def __post_init__(self):
        if not isinstance(self.message, str):
            object.__setattr__(self, "parts", to_json(self.message))
            object.__setattr__(self, "message", english(self.message))

    @property
    def fingerprint(self) -> str:
        raw = json.dumps([self.check_name, self.severity, list(self.key)], default=str)
        return hashlib.sha256(raw.encode()).hexdigest()
