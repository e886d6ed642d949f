"""The rules officials manage in admin that shape the decision process: which consulted
bodies a request is referred to (`RoutingRule`) and which decisions need a countersignature
(`CountersignRule`). Every change is audited with the rule as it was and as it is."""

from django.db import transaction
from django.forms.models import model_to_dict

from licensing.models import AuditAction, CountersignRule, RoutingRule
from licensing.services.audit import record_event

AUDIT_ACTIONS = {RoutingRule: AuditAction.ROUTING_RULE_SAVED,
                 CountersignRule: AuditAction.COUNTERSIGN_RULE_SAVED}


def _snapshot(rule) -> dict:
    return {key: (str(value) if value is not None and not isinstance(
        value, (bool, int, list, str)) else value)
        for key, value in model_to_dict(rule).items()}


@transaction.atomic
def save_decision_rule(*, actor, rule: RoutingRule | CountersignRule, reason: str):
    """Create or change a rule. Rules are retired with `is_active`, never deleted, so that
    the referrals and decisions they caused keep their grounds."""
    before = _snapshot(type(rule).objects.get(pk=rule.pk)) if rule.pk else None
    rule.full_clean()
    rule.save()
    record_event(actor=actor, action=AUDIT_ACTIONS[type(rule)], obj=rule, before=before,
                 after=_snapshot(rule), reason=reason)
    return rule
