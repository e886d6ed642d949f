"""Who may do what, by role: the one place where a user's role is compared.

Services, selectors, views, the API, templates (through `accounts.context_processors`) and
the workflow rulebook ask these named questions; nothing else reads `user.role`. Checks on
one object (is this applicant of that request's organisation?) are here too, taking plain
ids so that this module needs nothing from the licensing app."""

from django.db.models import Q

from accounts.models import Role


def _is(user, *roles) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active
                and user.role in roles)


# --- who someone is ---

def is_applicant(user) -> bool:
    return _is(user, Role.APPLICANT)


def is_officer(user) -> bool:
    return _is(user, Role.OFFICER)


def is_approver(user) -> bool:
    return _is(user, Role.APPROVER)


def is_caseworker(user) -> bool:
    """Works cases: a licensing officer or an approving authority."""
    return _is(user, Role.OFFICER, Role.APPROVER)


def is_auditor(user) -> bool:
    return _is(user, Role.AUDITOR)


def is_agency_reviewer(user) -> bool:
    return _is(user, Role.AGENCY)


def is_administrator(user) -> bool:
    return _is(user, Role.ADMINISTRATOR)


def is_system(user) -> bool:
    """`None` stands for the system itself (screening, the daily jobs)."""
    return user is None


# --- what someone may see ---

def sees_every_case(user) -> bool:
    """Caseworkers and auditors read every request past its first submission.
    Administrators manage users and lists, not cases; agencies see what is referred."""
    return _is(user, Role.OFFICER, Role.APPROVER, Role.AUDITOR)


def belongs_to(user, organisation_id) -> bool:
    """An applicant of the given organisation (an applicant sees only his own)."""
    return is_applicant(user) and user.organisation_id == organisation_id


def sees_officials_history(user) -> bool:
    """The full history of a case (who decided what); an applicant sees his own side."""
    return sees_every_case(user)


def may_search_lists(user) -> bool:
    """The denied-party look-up, on the web and in the API alike."""
    return sees_every_case(user)


def may_read_audit_log(user) -> bool:
    return _is(user, Role.AUDITOR, Role.ADMINISTRATOR)


def may_read_reports(user) -> bool:
    """The dashboard and the published reports: aggregates, for the authority's staff."""
    return _is(user, Role.OFFICER, Role.APPROVER, Role.AUDITOR, Role.ADMINISTRATOR)


def may_see_halts(user) -> bool:
    """Export halts are public decisions: applicants see them, as do the officials."""
    return _is(user, Role.APPLICANT, Role.OFFICER, Role.APPROVER, Role.AUDITOR)


def may_see_licences(user) -> bool:
    return _is(user, Role.APPLICANT, Role.OFFICER, Role.APPROVER, Role.AUDITOR)


def may_see_overdue_deliveries(user) -> bool:
    return sees_every_case(user)


# --- what someone may do ---

def may_draft_requests(user) -> bool:
    return is_applicant(user)


def may_clear_findings(user) -> bool:
    return is_caseworker(user)


def may_mark_false_positives(user) -> bool:
    return is_caseworker(user)


def may_confirm_false_positives(user) -> bool:
    """The second official of a false-positive mark's four eyes."""
    return is_caseworker(user)


# --- consultation (docs/consultation.md) ---

def reviews_for(user, body_id) -> bool:
    """A reviewer of the consulted body `body_id` (an agency reviewer sees and advises on
    what is referred to his own body only)."""
    return is_agency_reviewer(user) and user.organisation_id == body_id


def sees_every_referral(user) -> bool:
    """Caseworkers and auditors see every referral and every submitted advice (never a
    body's draft)."""
    return sees_every_case(user)


def may_see_referral(user, body_id) -> bool:
    return sees_every_referral(user) or reviews_for(user, body_id)


def may_refer(user) -> bool:
    """Refer a case to consulted bodies, add a body, withdraw a referral that is not
    mandatory, and answer the bodies' questions."""
    return is_caseworker(user)


def may_assess_criteria(user) -> bool:
    return is_caseworker(user)


def may_override_consultation(user) -> bool:
    """Grant without a consent, or over an objection, with a written reason."""
    return is_approver(user)


def may_declare_halts(user) -> bool:
    return is_approver(user)


def may_decide_licences(user) -> bool:
    """Suspend, reinstate and revoke a licence."""
    return is_approver(user)


def may_edit_reference_lists(user) -> bool:
    """At-war countries, embargoes and diversion risk. `None` (the system's import) may."""
    return user is None or _is(user, Role.APPROVER, Role.ADMINISTRATOR)


def may_import_lists(user) -> bool:
    """Denied-party list imports. `None` (the scheduled re-import) may."""
    return user is None or _is(user, Role.APPROVER, Role.ADMINISTRATOR)


# --- case-working (assignment, notes, questions to the applicant, appeals, the calendar) ---

def may_take_cases(user) -> bool:
    """Assign a case to oneself (and release it)."""
    return is_caseworker(user)


def may_hold_cases(user) -> bool:
    """Whom a case may be assigned to."""
    return is_caseworker(user)


def may_assign_cases(user) -> bool:
    """Assign a case to someone else, or take it from its holder: a senior approver."""
    return is_approver(user)


def may_read_internal_notes(user) -> bool:
    """The officials' internal notes: never an applicant (nor an agency)."""
    return _is(user, Role.OFFICER, Role.APPROVER, Role.AUDITOR)


def may_write_internal_notes(user) -> bool:
    return is_caseworker(user)


def may_ask_applicant(user) -> bool:
    """Send a request for information to the applicant (it stops the clock)."""
    return is_caseworker(user)


def may_decide_appeals(user) -> bool:
    """Uphold or dismiss an appeal (and never one against a denial one took part in)."""
    return is_approver(user)


def may_manage_holiday_calendar(user) -> bool:
    return _is(user, Role.ADMINISTRATOR)


def needs_second_factor(user) -> bool:
    """Officials (officer, approver, auditor, administrator) must pass TOTP; applicants and
    consulted-agency reviewers sign in with their password alone."""
    return _is(user, Role.OFFICER, Role.APPROVER, Role.AUDITOR, Role.ADMINISTRATOR)


# --- whom to tell (as query conditions on users) ---

def administrators() -> Q:
    return Q(role=Role.ADMINISTRATOR, is_active=True)


def caseworkers() -> Q:
    return Q(role__in=(Role.OFFICER, Role.APPROVER), is_active=True)


def applicants_of(organisation_id) -> Q:
    return Q(role=Role.APPLICANT, organisation_id=organisation_id, is_active=True)


def reviewers_of(body_id) -> Q:
    return Q(role=Role.AGENCY, organisation_id=body_id, is_active=True)


def approvers() -> Q:
    return Q(role=Role.APPROVER, is_active=True)


# --- where someone starts ---

HOME_PAGES = {
    Role.APPLICANT: "web:request-list",
    Role.OFFICER: "web:queue",
    Role.APPROVER: "web:queue",
    Role.AUDITOR: "web:audit-log",
    Role.AGENCY: "web:referral-queue",
}


def home_page(user) -> str | None:
    """The URL name of the user's home page, or None for the generic one."""
    if user is None or not user.is_authenticated:
        return None
    return HOME_PAGES.get(user.role)


class Policy:
    """The checks above bound to one user, for templates: `{% if may.clear_findings %}`."""

    def __init__(self, user):
        self._user = user

    def __getattr__(self, name):
        check = globals().get(name) or globals().get(f"may_{name}")
        if check is None or name.startswith("_"):
            raise AttributeError(name)
        return check(self._user)
