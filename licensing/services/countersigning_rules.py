"""Which decisions need a countersignature (the active `CountersignRule`s), and keeping a
decision until it has one. The deciding services call these; `countersigning` takes the
second approver's answer."""

from decimal import Decimal

from django.db.models import Sum

from licensing.models import CountersignRule, PendingDecision, ShipmentRequest
from licensing.services.notifications import notify_on_commit


def rule_matches(rule: CountersignRule, *, kind: str, categories: set[str],
                 value: Decimal) -> bool:
    if rule.applies_to not in (CountersignRule.Applies.BOTH, kind):
        return False
    if rule.control_categories and not categories & set(rule.control_categories):
        return False
    return rule.min_value is None or value >= rule.min_value


def rule_requiring(request: ShipmentRequest, *, kind: str) -> CountersignRule | None:
    """The first active rule that makes this decision on this request need a
    countersignature, or None."""
    rules = list(CountersignRule.objects.filter(is_active=True))
    if not rules:
        return None
    items = request.items.all()
    categories = {item.control_category for item in items}
    value = items.aggregate(total=Sum("value"))["total"] or Decimal(0)
    return next((rule for rule in rules
                 if rule_matches(rule, kind=kind, categories=categories, value=value)), None)


def await_countersignature(*, actor, request, rule, kind: str, reason: str, inputs: dict,
                           returns_to: str) -> PendingDecision:
    """Keep the decision until it is countersigned (inside the deciding transaction, which
    has already moved the request and written its audit event)."""
    decision = PendingDecision.objects.create(request=request, kind=kind, rule=rule,
                                              returns_to=returns_to, reason=reason,
                                              inputs=inputs, decided_by=actor)
    notify_on_commit("decision.awaiting_countersignature", request=request, reason=reason)
    return decision
