"""The officer's criterion-by-criterion assessment (docs/consultation.md): one outcome,
reasoning and evidence per criterion, for the destination or for one party or item. A grant
needs every mandatory criterion assessed (`guards.mandatory_criteria_assessed`)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from licensing.errors import InvalidInput, NotPermitted
from licensing.models import Assessment, AuditAction, Criterion, ShipmentRequest
from licensing.services.audit import record_event
from licensing.workflow.states import OPEN_STATUSES

MAX_REASONING = 5000


@transaction.atomic
def assess_criterion(*, actor, request: ShipmentRequest, criterion: str, outcome: str,
                     reasoning: str, party: int | None = None, item: int | None = None,
                     documents: list[int] | None = None) -> Assessment:
    """Record (or replace) the assessment of one criterion for the destination, or for one
    of the request's parties or items."""
    if not policy.may_assess_criteria(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may assess "
                             "the criteria."))
    request = ShipmentRequest.objects.select_for_update().get(pk=request.pk)
    errors: dict[str, list[str]] = {}
    if request.status not in OPEN_STATUSES:
        errors["criterion"] = [_("The criteria are assessed while the request is being "
                                 "decided.")]
    found = Criterion.objects.filter(code=criterion, is_active=True).first()
    if found is None:
        errors["criterion"] = [_("Unknown criterion: %(code)s.") % {"code": criterion}]
    if outcome not in Assessment.Outcome.values:
        errors["outcome"] = [_("Choose no concern, concern or refusal ground.")]
    reasoning = (reasoning or "").strip()
    if not reasoning:
        errors["reasoning"] = [_("Give the reasoning.")]
    elif len(reasoning) > MAX_REASONING:
        errors["reasoning"] = [_("At most %(n)d characters.") % {"n": MAX_REASONING}]
    if party is not None and item is not None:
        errors["party"] = [_("Assess for one party or one item, not both.")]
    if party is not None and not request.parties.filter(pk=party).exists():
        errors["party"] = [_("Not a party of this request.")]
    if item is not None and not request.items.filter(pk=item).exists():
        errors["item"] = [_("Not an item of this request.")]
    document_ids = list(dict.fromkeys(documents or []))
    evidence = list(request.documents.filter(pk__in=document_ids))
    if len(evidence) != len(document_ids):
        errors["documents"] = [_("Only this request's documents can be evidence.")]
    if errors:
        raise InvalidInput(errors)
    assessment, created = Assessment.objects.update_or_create(
        request=request, criterion=found, party_id=party, item_id=item,
        defaults={"outcome": outcome, "reasoning": reasoning, "assessed_by": actor,
                  "assessed_at": timezone.now()})
    assessment.documents.set(evidence)
    record_event(actor=actor, action=AuditAction.CRITERION_ASSESSED, obj=request,
                 request=request,
                 after={"criterion": found.code, "outcome": outcome, "party": party,
                        "item": item, "documents": [d.pk for d in evidence]},
                 reason=reasoning)
    return assessment
