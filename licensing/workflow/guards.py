"""What must be true before a transition (DESIGN.md's "guard / effect" column).

Each guard takes the case's `facts` (licensing/workflow/facts.py: the request or licence,
the actor, the inputs given, and what the database says about them) and returns the unmet
conditions as sentences for the person acting; an empty list lets the transition go ahead.
Guards read facts and nothing else, so the rulebook that lists them can sit below the
models, and the page, the API and the service all judge a case by the same code.

Two kinds, by when they can be judged (transitions.py names which is which):
- state guards, judged whenever a transition is offered: a case that fails one is shown
  as blocked, with these sentences;
- input guards, which need what the person types (a shipment's date and quantities, a
  written halt override): judged when the transition is taken, shown as notices before."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _halt_name(halt) -> str:
    if halt.valid_until:
        return _("export halt “%(title)s” (from %(start)s until %(end)s)") % {
            "title": halt.title, "start": halt.valid_from, "end": halt.valid_until}
    return _("export halt “%(title)s” (from %(start)s)") % {
        "title": halt.title, "start": halt.valid_from}


# --- submission ---

def submission_complete(facts) -> list[str]:
    problems = []
    if not facts.has_items:
        problems.append(_("Add at least one item."))
    if not facts.has_end_user:
        problems.append(_("Name the end user."))
    if not facts.has_consignee:
        problems.append(_("Name the consignee."))
    if facts.certificate is None:
        problems.append(_("Give the end-user certificate."))
    if not facts.has_certificate_document:
        problems.append(_("Upload the end-user certificate document."))
    return problems


# --- screening ---

def screening_finished_and_cleared(facts) -> list[str]:
    """Screening finished and current (no list changed since), with every finding that
    needs an officer cleared with a reason, and no prohibition."""
    latest = facts.latest_run
    if latest is None:
        return [_("Screening has not run yet.")]
    if not facts.latest_run_completed:
        return [_("Screening is still running.")]
    problems = []
    if not facts.screening_current:
        problems.append(_("A reference list changed since the last screening; "
                          "it is running again."))
    if facts.open_findings:
        problems.append(ngettext(
            "%(count)d screening finding must be cleared with a reason.",
            "%(count)d screening findings must be cleared with a reason.",
            facts.open_findings) % {"count": facts.open_findings})
    if facts.has_prohibition:
        problems.append(_("Screening found a prohibition."))
    return problems


def findings_cleared_since_licence(facts) -> list[str]:
    """Re-screening an issued licence can raise new findings: an officer looks at them
    before the licence is used again."""
    count = facts.open_findings_of_last_completed_run
    if not count:
        return []
    return [ngettext(
        "Re-screening raised %(count)d finding since the licence was issued; an officer "
        "must clear it before the next shipment.",
        "Re-screening raised %(count)d findings since the licence was issued; an officer "
        "must clear them before the next shipment.", count) % {"count": count}]


# --- export halts ---

def not_on_hold(facts) -> list[str]:
    """A halt in "deny" mode holds every open request in its scope: nothing moves until
    it is lifted (or ends), and the request then carries on from where it was."""
    return [_("On hold: %(halt)s covers this request; nothing in its scope may be "
              "verified, approved or shipped while it is in force.") % {"halt": _halt_name(h)}
            for h in facts.holding_halts]


def halts_overridden(facts) -> list[str]:
    """A halt in "special approval only" mode lets an approving authority grant with a
    written override reason (the grant's `halt_override_reason`)."""
    if facts.inputs.get("halt_override_reason", "").strip():
        return []
    return [capfirst(_("%(halt)s covers this request: an approving authority may grant only "
                       "with a written override reason.") % {"halt": _halt_name(h)})
            for h in facts.halts_needing_override]


def shipment_outside_halts(facts) -> list[str]:
    """On the shipment's date, for the categories shipped (a halt that holds the request
    has said so already)."""
    holding = {h.pk for h in facts.holding_halts}
    return [capfirst(_("%(halt)s covers this shipment: nothing in its scope may be "
                       "shipped.") % {"halt": _halt_name(h)})
            for h in facts.halts_stopping_shipment if h.pk not in holding]


# --- consultation and assessment (docs/consultation.md) ---

def consultation_unmet(facts) -> list[str]:
    """Every referred body's consent (given, or deemed by its silence), and no objection
    standing."""
    problems = []
    for referral in facts.referrals_without_consent:
        problems.append(_("%(body)s has not given its consent (due %(due)s).") % {
            "body": referral.body.name, "due": referral.due_on})
    for advice in facts.objections:
        problems.append(_("%(body)s objects, citing %(criteria)s.") % {
            "body": advice.referral.body.name,
            "criteria": ", ".join(c.code for c in advice.criteria.all()) or "-"})
    return problems


def consultation_complete(facts) -> list[str]:
    """Special approval needs every consent and no standing objection, unless the approving
    authority overrides with a written reason (the grant's `consultation_override_reason`)."""
    if facts.inputs.get("consultation_override_reason", "").strip():
        return []
    problems = consultation_unmet(facts)
    if problems:
        problems.append(_("An approving authority may grant only with a written reason for "
                          "overriding the consultation."))
    return problems


def mandatory_criteria_assessed(facts) -> list[str]:
    missing = facts.unassessed_mandatory_criteria
    if not missing:
        return []
    return [ngettext("Assess criterion %(codes)s before the grant.",
                     "Assess every mandatory criterion before the grant; not yet: %(codes)s.",
                     len(missing)) % {"codes": ", ".join(missing)}]


# --- four eyes ---

def not_the_verifier(facts) -> list[str]:
    if facts.actor is not None and facts.verified_by_id == facts.actor.pk:
        return [_("You verified the end user; a second approver must grant special approval "
                  "(four eyes).")]
    return []


def not_the_decider_nor_the_verifier(facts) -> list[str]:
    decision = facts.pending_decision
    if facts.actor is None or decision is None:
        return []
    if decision.decided_by_id == facts.actor.pk:
        return [_("You took this decision; a second approver must countersign it (four "
                  "eyes).")]
    if facts.verified_by_id == facts.actor.pk:
        return [_("You verified the end user; an approver who took no part in the case must "
                  "countersign (four eyes).")]
    return []


def decision_still_allowed(facts) -> list[str]:
    """A grant takes effect only on a case still cleared when it is countersigned."""
    decision = facts.pending_decision
    if decision is None or decision.kind != "grant":
        return []
    return screening_finished_and_cleared(facts)


# About the person, not the case: the service refuses these as forbidden (HTTP 403), and
# the page and the API still show them as the reason the action is blocked.
not_the_verifier.about_the_actor = True
not_the_decider_nor_the_verifier.about_the_actor = True


# --- appeals ---

def appeal_lodged(facts) -> list[str]:
    if facts.pending_appeal is None:
        return [_("No appeal has been lodged against this denial.")]
    return []


def took_no_part_in_the_denial(facts) -> list[str]:
    """An appeal is decided by an approver who took no part in the denial."""
    if facts.actor is not None and facts.actor.pk in facts.denial_participant_ids:
        return [_("You took part in the denial; another approving authority must decide "
                  "the appeal.")]
    return []


took_no_part_in_the_denial.about_the_actor = True


# --- the licence and its shipments ---

def licence_in_use(facts) -> list[str]:
    licence = facts.licence
    if licence is None:
        return [_("This request has no licence to ship against.")]
    problems = []
    if licence.status != "issued":
        problems.append(_("The licence is %(status)s.") % {
            "status": licence.get_status_display().lower()})
    if not licence.is_within_validity(facts.today):
        problems.append(_("The licence is valid from %(start)s to %(end)s, not today.") % {
            "start": licence.valid_from, "end": licence.valid_until})
    return problems


def shipment_date_allowed(facts) -> list[str]:
    shipped_on = facts.inputs.get("shipped_on")
    licence = facts.licence
    if shipped_on is None or licence is None:
        return []
    problems = []
    if not licence.is_within_validity(shipped_on):
        problems.append(_("The shipment date %(date)s is outside the licence's validity "
                          "(%(start)s to %(end)s).") % {
            "date": shipped_on, "start": licence.valid_from, "end": licence.valid_until})
    if shipped_on > facts.today:
        problems.append(_("A shipment cannot be recorded before it happens."))
    return problems


def quantities_remain(facts) -> list[str]:
    problems = []
    items = facts.licence_items
    for licence_item_id, quantity in facts.inputs.get("quantities", {}).items():
        item = items.get(licence_item_id)
        if item is None:
            problems.append(_("Item %(id)s is not on this licence.") % {"id": licence_item_id})
        elif quantity > item.remaining_quantity:
            problems.append(_("%(quantity)s exceeds the %(remaining)s remaining of "
                              "“%(description)s”.") % {
                "quantity": quantity, "remaining": item.remaining_quantity,
                "description": item.line_item.description})
    return problems
