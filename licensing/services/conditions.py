"""Licence conditions (provisos): chosen from the managed list (LicenceCondition, edited in
the admin) by code, or written by the approver."""

from licensing.errors import InvalidInput
from licensing.models import LicenceCondition

MAX_CONDITION_LENGTH = 2000


def resolve_conditions(values) -> list[dict]:
    """Each value is the code of an active managed condition (case-insensitive) or free
    text. Returns what the licence stores: [{"code": code or "", "text": text}]."""
    managed = {c.code.upper(): c for c in LicenceCondition.objects.filter(is_active=True)}
    resolved, errors = [], []
    for value in values or []:
        if isinstance(value, dict):
            value = value.get("code") or value.get("text") or ""
        text = " ".join(str(value).split())
        if not text:
            errors.append("A condition cannot be empty.")
        elif len(text) > MAX_CONDITION_LENGTH:
            errors.append(f"A condition is at most {MAX_CONDITION_LENGTH} characters.")
        elif text.upper() in managed:
            condition = managed[text.upper()]
            resolved.append({"code": condition.code, "text": condition.text})
        else:
            resolved.append({"code": "", "text": text})
    if errors:
        raise InvalidInput({"conditions": errors})
    unique = {(c["code"], c["text"]): c for c in resolved}
    return list(unique.values())
