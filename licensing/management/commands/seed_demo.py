"""Demo data: organisations, one user per role, reference lists, the snapshot denied-party
lists as live lists, and requests in every state, including one for each red flag the system
exists to raise. All made through the services so the audit trail is real. Safe to run twice.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.demo import ensure_demo_totp_devices
from accounts.models import Organisation, OrganisationKind, Role, User
from accounts.services import set_language
from licensing.demo_documents import minimal_pdf
from licensing.lists import snapshots
from licensing.models import (
    ArmsEmbargo,
    AtWarCountry,
    CountersignRule,
    Criterion,
    DeniedPartyList,
    DocumentKind,
    ExportHalt,
    RequestStatus,
    ScreeningRun,
    ShipmentRequest,
)
from licensing.services import (
    assessment,
    consultation,
    licences,
    requests,
    screening,
    special_approval,
)
from licensing.services.documents import upload_document
from licensing.services.halts import declare_halt
from licensing.services.list_imports import import_denied_party_list, save_denied_party_list
from licensing.services.reference import save_reference_entry
from licensing.services.reference_import import import_arms_embargoes, import_at_war_countries

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for the demo on purpose

# The red-flag cases, by applicant reference (tests/licensing/test_seed_demo.py checks each).
SANCTIONED_END_USER = "NG-2026-0005"  # Рособоронэкспорт, in Cyrillic, as end user
DESTINATION_AT_WAR = "NG-2026-0004"  # to the Russian Federation
TRANSIT_AT_WAR = "AD-2026-0104"  # to Kazakhstan through the Russian Federation
REUSED_EUC = "AD-2026-0105"  # presents Northgate's Polish certificate PL/MON/2026/0457
HALTED = "NG-2026-0006"  # ML4 to Slovakia, under the demo export halt
OBJECTION_STANDING = "AD-2026-0106"  # the security agency objects (docs/consultation.md)
CONSULTATION_OVERDUE = "NG-2026-0007"  # two consulted bodies silent past their due date
AWAITING_COUNTERSIGNATURE = "AD-2026-0107"  # granted by one approver, waits for a second
COUNTERSIGN_RULE = "Grants of EUR 1,000,000 or more are countersigned"
RED_FLAGS = [
    (SANCTIONED_END_USER, "end user Рособоронэкспорт matches OFAC SDN ROSOBORONEKSPORT OAO"),
    (DESTINATION_AT_WAR, "destination at war (Russian Federation): denied by the system"),
    (TRANSIT_AT_WAR, "routed through a country at war (Russian Federation)"),
    (REUSED_EUC, "end-user certificate PL/MON/2026/0457 already presented by another exporter"),
    (HALTED, "ML4 items under the export halt"),
]
DEMO_HALT_TITLE = "Moratorium on ML4 exports (bombs, grenades, rockets)"

# The authority's staff work in Serbian Cyrillic (STAFF_LANGUAGE); Ardent's applicant stands
# for the applicants of a foreign company, who work in English; Northgate's in Serbian.
APPLICANT_LANGUAGES = {"applicant@ardent.example": "en", "applicant@northgate.example": "sr"}


def demo_language(email: str) -> str:
    return APPLICANT_LANGUAGES.get(email, settings.STAFF_LANGUAGE)


ORGANISATIONS = [
    ("Northgate Munitions d.o.o.", "RS-20871234", "RS", "Industrijska 12, Kragujevac"),
    ("Ardent Defence Systems a.d.", "RS-17554321", "RS", "Bulevar Oslobođenja 5, Novi Sad"),
]
USERS = [
    ("applicant@northgate.example", "Ana Petrović", Role.APPLICANT, 0, ""),
    ("applicant@ardent.example", "Marko Jovanović", Role.APPLICANT, 1, ""),
    ("officer@authority.example", "Olivera Officer", Role.OFFICER, None, ""),
    ("approver@authority.example", "Aleksandar Approver", Role.APPROVER, None, ""),
    ("approver2@authority.example", "Vesna Second-Approver", Role.APPROVER, None, ""),
    ("agency@foreign.example", "Filip Foreign-Affairs", Role.AGENCY, None, "foreign_affairs"),
    ("agency@defence.example", "Dragana Defence", Role.AGENCY, None, "defence"),
    ("agency@interior.example", "Ivan Interior", Role.AGENCY, None, "interior"),
    ("agency@security.example", "Svetlana Security", Role.AGENCY, None, "security"),
    ("agency@council.example", "Nikola Council", Role.AGENCY, None, "council"),
    ("auditor@authority.example", "Irena Auditor", Role.AUDITOR, None, ""),
    ("admin@authority.example", "Stefan Administrator", Role.ADMINISTRATOR, None, ""),
]


def demo_request_data(reference, destination, *, end_user, consignee, transit=(),
                      euc_number, quantity=1_000_000, category="ML3", value="350000.00",
                      description="7.62x39 mm ball cartridges", end_user_type="armed_forces",
                      euc_country=None):
    today = timezone.localdate()
    return {
        "applicant_reference": reference,
        "destination_country": destination,
        "end_use": "Training ammunition for the national armed forces",
        "transit_countries": list(transit),
        "parties": [
            {"role": "end_user", "name": end_user, "country": destination,
             "address": "Ministry compound, capital city", "end_user_type": end_user_type},
            {"role": "consignee", "name": consignee, "country": destination,
             "address": "Central logistics depot"},
        ],
        "items": [{"description": description, "control_category": category,
                   "quantity": quantity, "unit": "rounds", "value": value,
                   "currency": "EUR", "for_assembly_abroad": False}],
        "end_user_certificate": {
            "number": euc_number, "issuing_country": euc_country or destination,
            "issuing_authority": "Ministry of National Defence",
            "issue_date": today - timedelta(days=30), "expiry_date": today + timedelta(days=335),
            "non_reexport_clause": True,
            "items": [{"control_category": category, "description": description,
                       "quantity": quantity}],
        },
    }


class Command(BaseCommand):
    help = "Create demo organisations, users (one per role), reference lists and requests."

    def handle(self, *args, **options):
        users = self._users()
        totp_secrets = ensure_demo_totp_devices(users.values())
        self._reference_lists(users["admin@authority.example"])
        self._denied_party_lists()
        self._export_halt(users["approver@authority.example"])
        self._requests(users)
        self._red_flag_requests(users)
        self._print_logins(users)
        self._print_totp(totp_secrets)

    def _users(self) -> dict[str, User]:
        organisations = []
        for name, registration, country, address in ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(
                registration_number=registration,
                defaults={"name": name, "country": country, "address": address})
            organisations.append(organisation)
        users = {}
        for email, full_name, role, organisation_index, body_code in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                organisation = (organisations[organisation_index]
                                if organisation_index is not None else None)
                if body_code:
                    organisation = Organisation.objects.get(
                        kind=OrganisationKind.CONSULTED_BODY, code=body_code)
                # The administrator signs in to Django admin: a superuser.
                create = {Role.ADMINISTRATOR: User.objects.create_superuser}.get(
                    role, User.objects.create_user)
                user = create(email, DEMO_PASSWORD, full_name=full_name, role=role,
                              organisation=organisation)
            if not user.language:
                set_language(user, demo_language(email))
            users[email] = user
        return users

    def _reference_lists(self, admin):
        base = Path(settings.REFERENCE_DATA_DIR)
        at_war, embargoes = base / snapshots.AT_WAR_COUNTRIES, base / snapshots.ARMS_EMBARGOES
        if at_war.is_file() and embargoes.is_file():
            import_at_war_countries(at_war, actor=admin)
            import_arms_embargoes(embargoes, actor=admin)
            return
        self.stdout.write(f"No reference files in {base}; seeding a minimal list.")
        with transaction.atomic():
            if not AtWarCountry.objects.exists():
                for code in ("RU", "UA"):
                    save_reference_entry(actor=admin, rescreen=False, entry=AtWarCountry(
                        country=code, valid_from="2022-02-24", basis="national designation"))
            if not ArmsEmbargo.objects.exists():
                save_reference_entry(actor=admin, rescreen=False, entry=ArmsEmbargo(
                    country="KP", imposer="UN", scope="full", legal_basis="UNSCR 1718 (2006)"))

    def _denied_party_lists(self):
        """The snapshots in data/ as the live OFAC, UN and CSL lists, each with the
        publisher's official URL as its source: the daily re-import fetches the current file
        when the network allows and otherwise keeps the snapshot. A list that already has a
        live version (a newer one fetched since, or one an administrator imported) is kept."""
        base = Path(settings.REFERENCE_DATA_DIR)
        for snapshot in snapshots.LIVE_LISTS:
            dp_list = DeniedPartyList.objects.filter(name=snapshot.list_name).first()
            if dp_list is None or dp_list.live_version is None:
                paths = snapshot.paths(base)
                if not all(path.is_file() for path in paths):
                    self.stdout.write(self.style.WARNING(
                        f"No snapshot of {snapshot.list_name} in {base}; not imported."))
                    continue
                version = import_denied_party_list(
                    actor=None, list_name=snapshot.list_name, fmt=snapshot.format, paths=paths,
                    reason="Demo: the snapshot shipped in data/.")
                self.stdout.write(f"{snapshot.list_name}: version {version.number} "
                                  f"{version.status}, {version.entry_count} entries.")
                dp_list = version.denied_party_list
            if not dp_list.source:
                dp_list.source = "\n".join(snapshot.official_sources)
                save_denied_party_list(actor=None, dp_list=dp_list,
                                       reason="Demo: the publisher's official download.")

    def _export_halt(self, approver):
        if ExportHalt.objects.filter(title=DEMO_HALT_TITLE).exists():
            return
        declare_halt(actor=approver, title=DEMO_HALT_TITLE, mode=ExportHalt.Mode.DENY,
                     control_categories=["ML4"], valid_from=timezone.localdate(),
                     public_reason="Government decision: no ML4 exports while reports of "
                                   "diversion to a country at war are investigated.")

    def _draft(self, applicant, reference, destination, **kwargs):
        existing = ShipmentRequest.objects.filter(
            organisation=applicant.organisation, applicant_reference=reference).first()
        if existing:
            return existing, False
        request = requests.create_request(
            actor=applicant, data=demo_request_data(reference, destination, **kwargs))
        upload_document(actor=applicant, request=request, kind=DocumentKind.END_USER_CERTIFICATE,
                        name=f"EUC-{reference}.pdf",
                        data=minimal_pdf(f"EUC {kwargs['euc_number']}"))
        return request, True

    def _submit_and_screen(self, applicant, request):
        requests.submit_request(actor=applicant, request=request)
        # Screen here rather than wait for a worker, so the demo is ready when it starts;
        # the queued message then finds the run completed and does nothing.
        for run in request.screening_runs.filter(status=ScreeningRun.Status.QUEUED):
            screening.mark_run_started(run.pk)
            screening.execute_screening_run(run.pk)
        request.refresh_from_db()
        return request

    @transaction.atomic
    def _requests(self, users):
        northgate = users["applicant@northgate.example"]
        ardent = users["applicant@ardent.example"]
        officer = users["officer@authority.example"]
        approver = users["approver@authority.example"]
        today = timezone.localdate()

        self._draft(northgate, "NG-2026-0001", "PL", end_user="Polish Armed Forces",
                    consignee="Agencja Uzbrojenia", euc_number="PL/MON/2026/0001")

        request, new = self._draft(northgate, "NG-2026-0002", "PL", transit=["HU", "SK"],
                                   end_user="Polish Armed Forces",
                                   consignee="Agencja Uzbrojenia", euc_number="PL/MON/2026/0457")
        if new:
            self._submit_and_screen(northgate, request)

        request, new = self._draft(northgate, "NG-2026-0003", "CZ",
                                   end_user="Army of the Czech Republic",
                                   consignee="VOP CZ s.p.", euc_number="CZ/MO/2026/1187")
        if new:
            request = self._submit_and_screen(northgate, request)
            requests.verify_end_user(actor=officer, request=request, channel="embassy",
                                     reference="Embassy Prague note 2026/311", verified_on=today)
            # In consultation: defence consented, foreign affairs has a private draft, the
            # interior asked the officer a question (its clock stopped), security is pending.
            self._advise(users, request, "defence", "consent", reasoning="No objection.")
            self._advise(users, request, "foreign_affairs", "consent", submit=False,
                         reasoning="Draft: waiting for the embassy's report.")
            consultation.ask_question(actor=users["agency@interior.example"],
                                      referral=self._referral(request, "interior"),
                                      text="Has the consignee received earlier shipments?")

        request, new = self._draft(ardent, "AD-2026-0101", "EE",
                                   end_user="Estonian Defence Forces",
                                   consignee="Estonian Centre for Defence Investment",
                                   euc_number="EE/KM/2026/0042", quantity=200_000)
        if new:
            request = self._submit_and_screen(ardent, request)
            requests.verify_end_user(actor=officer, request=request, channel="issuing_authority",
                                     reference="ECDI letter 2026-77", verified_on=today)
            self._consult_and_assess(users, request, provisos={
                "defence": ["The Ministry of Defence's attaché verifies the delivery on site."]})
            special_approval.grant_special_approval(
                actor=approver, request=request, reason="Allied armed forces; EUC verified.",
                conditions=["Delivery verification certificate within 90 days of delivery."])

        request, new = self._draft(ardent, "AD-2026-0102", "LT",
                                   end_user="Lithuanian Armed Forces",
                                   consignee="Defence Materiel Agency", euc_number="LT/KAM/2026/9",
                                   quantity=50_000)
        if new:
            request = self._submit_and_screen(ardent, request)
            requests.verify_end_user(actor=officer, request=request, channel="embassy",
                                     reference="Embassy Vilnius 2026/55", verified_on=today)
            self._consult_and_assess(users, request)
            licence = special_approval.grant_special_approval(actor=approver, request=request,
                                                      reason="Allied armed forces.")
            line_item = licence.items.get().line_item
            licences.record_shipment(actor=ardent, request=request, shipped_on=today,
                                     carrier="Jadran Cargo", customs_declaration="RS-EX-2026-88",
                                     quantities=[(line_item.pk, 50_000)], route=["HU", "SK"],
                                     final=True)

        # The case the whole system exists for: a request to a country at war.
        request, new = self._draft(northgate, "NG-2026-0004", "RU",
                                   end_user="Rosoboronexport", consignee="Rosoboronexport",
                                   euc_number="RU/MO/2026/777", end_user_type="trader_broker")
        if new:
            self._submit_and_screen(northgate, request)

        # Consultation with an objection standing: special approval is blocked unless an
        # approving authority overrides it with a written reason.
        request, new = self._draft(ardent, OBJECTION_STANDING, "SK",
                                   end_user="Armed Forces of the Slovak Republic",
                                   consignee="MO SR Logistics", euc_number="SK/MO/2026/14")
        if new:
            request = self._submit_and_screen(ardent, request)
            requests.verify_end_user(actor=officer, request=request, channel="embassy",
                                     reference="Embassy Bratislava 2026/8", verified_on=today)
            for code in ("foreign_affairs", "defence", "interior"):
                self._advise(users, request, code, "consent", reasoning="No objection.")
            self._advise(users, request, "security", "objection", criteria=["7"],
                         reasoning="Indications of onward transfer to a third country.")

        # Consultation overdue: referred five weeks ago; two bodies stayed silent and their
        # silence was escalated by the daily job.
        request, new = self._draft(northgate, CONSULTATION_OVERDUE, "RO",
                                   end_user="Romanian Land Forces",
                                   consignee="Romtehnica", euc_number="RO/MApN/2026/203")
        if new:
            request = self._submit_and_screen(northgate, request)
            consultation.refer_to_required_bodies(actor=officer, request=request,
                                                  today=today - timedelta(days=35))
            requests.verify_end_user(actor=officer, request=request, channel="embassy",
                                     reference="Embassy Bucharest 2026/41", verified_on=today)
            for code in ("foreign_affairs", "defence"):
                self._advise(users, request, code, "consent", reasoning="No objection.")
            consultation.apply_silence(today=today)

        # A large grant under the demo's countersigning rule: the approver has decided, the
        # second approver (approver2@) countersigns or refuses.
        CountersignRule.objects.get_or_create(
            name=COUNTERSIGN_RULE, defaults={"applies_to": CountersignRule.Applies.GRANTS,
                                             "min_value": 1_000_000})
        request, new = self._draft(ardent, AWAITING_COUNTERSIGNATURE, "FI",
                                   end_user="Finnish Defence Forces",
                                   consignee="Finnish Defence Forces Logistics Command",
                                   euc_number="FI/PLM/2026/12", value="2400000.00",
                                   quantity=4_000_000)
        if new:
            request = self._submit_and_screen(ardent, request)
            requests.verify_end_user(actor=officer, request=request, channel="embassy",
                                     reference="Embassy Helsinki 2026/19", verified_on=today)
            self._consult_and_assess(users, request)
            special_approval.grant_special_approval(
                actor=approver, request=request, reason="Allied armed forces; EUC verified.")

        request, new = self._draft(ardent, "AD-2026-0103", "HU",
                                   end_user="Hungarian Defence Forces",
                                   consignee="HM Arzenál", euc_number="HU/HM/2026/31")
        if new:
            requests.withdraw_request(actor=ardent, request=request,
                                      reason="Customer postponed the order.")

    @transaction.atomic
    def _red_flag_requests(self, users):
        """One submitted, screened request for each red flag of the seed's story."""
        northgate = users["applicant@northgate.example"]
        ardent = users["applicant@ardent.example"]

        # A sanctioned Russian arms exporter, written in Cyrillic, as end user in a third
        # country: the name matcher finds ROSOBORONEKSPORT OAO on the OFAC list.
        request, new = self._draft(northgate, SANCTIONED_END_USER, "AE",
                                   end_user="Рособоронэкспорт",
                                   consignee="Gulf Defence Logistics LLC",
                                   euc_number="AE/MOD/2026/0311", end_user_type="government")
        if new:
            self._submit_and_screen(northgate, request)

        # Routed through a country at war (the destination itself is not).
        request, new = self._draft(ardent, TRANSIT_AT_WAR, "KZ", transit=["RU"],
                                   end_user="Armed Forces of the Republic of Kazakhstan",
                                   consignee="Kazspecexport JSC", euc_number="KZ/MO/2026/118",
                                   quantity=300_000)
        if new:
            self._submit_and_screen(ardent, request)

        # Another exporter presents the Polish certificate of NG-2026-0002.
        request, new = self._draft(ardent, REUSED_EUC, "PL", end_user="Polish Armed Forces",
                                   consignee="Agencja Uzbrojenia",
                                   euc_number="PL/MON/2026/0457", quantity=250_000)
        if new:
            self._submit_and_screen(ardent, request)

        # Items under the export halt declared above.
        request, new = self._draft(northgate, HALTED, "SK", end_user="Armed Forces of the "
                                   "Slovak Republic", consignee="MO SR Logistics Agency",
                                   euc_number="SK/MO/2026/0077", quantity=2_000, category="ML4",
                                   description="40 mm practice grenades")
        if new:
            self._submit_and_screen(northgate, request)

    # --- consultation ---

    REVIEWERS = {"foreign_affairs": "agency@foreign.example",
                 "defence": "agency@defence.example",
                 "interior": "agency@interior.example",
                 "security": "agency@security.example",
                 "council": "agency@council.example"}

    def _referral(self, request, code):
        return request.referrals.get(body__code=code)

    def _advise(self, users, request, code, outcome, **kwargs):
        consultation.record_advice(actor=users[self.REVIEWERS[code]],
                                   referral=self._referral(request, code), outcome=outcome,
                                   **kwargs)

    def _consult_and_assess(self, users, request, provisos=None):
        """Every body consents (some with conditions); the officer assesses every mandatory
        criterion."""
        provisos = provisos or {}
        for referral in request.referrals.select_related("body"):
            code = referral.body.code
            if code in provisos:
                self._advise(users, request, code, "consent_with_conditions",
                             provisos=provisos[code], reasoning="Consent on conditions.")
            else:
                self._advise(users, request, code, "consent", reasoning="No objection.")
        officer = users["officer@authority.example"]
        for code in Criterion.objects.filter(mandatory=True).values_list("code", flat=True):
            assessment.assess_criterion(actor=officer, request=request, criterion=code,
                                        outcome="no_concern",
                                        reasoning="Allied armed forces; no concern found.")

    def _print_totp(self, secrets):
        self.stdout.write(self.style.SUCCESS(
            "\nOfficials also need a TOTP code (authenticator app, 6 digits, 30 s). Add these "
            "fixed demo keys to an app, or print the current code with "
            "`python manage.py demo_totp EMAIL`:"))
        for email, secret in secrets.items():
            self.stdout.write(f"  {email:32} {secret}")

    def _print_logins(self, users):
        base = settings.PUBLIC_BASE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS("\nDemo logins (password for all: "
                                             f"{DEMO_PASSWORD}):"))
        for email, user in users.items():
            token, _ = Token.objects.get_or_create(user=user)
            self.stdout.write(f"  {user.get_role_display():28} {email:32} API token {token.key}")
        states = ", ".join(f"{s}: {ShipmentRequest.objects.filter(status=s).count()}"
                           for s in RequestStatus.values)
        self.stdout.write(f"Requests by state: {states}\nOpen {base}/ to start.")
        self.stdout.write(self.style.SUCCESS("\nRed flags on screen (sign in as the officer):"))
        for reference, what in RED_FLAGS:
            request = ShipmentRequest.objects.filter(applicant_reference=reference).first()
            if request is not None:
                self.stdout.write(f"  {reference}  {base}/requests/{request.pk}/  {what}")
        if not any(s == RequestStatus.DENIED for s in ShipmentRequest.objects.values_list(
                "status", flat=True)):
            self.stdout.write(self.style.WARNING("The request to a country at war is not denied "
                                                 "(no at-war list loaded?)."))
