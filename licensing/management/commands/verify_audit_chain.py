from django.core.management.base import BaseCommand, CommandError

from licensing.services.audit_verify import verify_audit_chain


class Command(BaseCommand):
    help = ("Verify the audit trail: hash chain, each event's MAC and every signed anchor; "
            "name the first broken event.")

    def handle(self, *args, **options):
        verdict = verify_audit_chain()
        if not verdict.intact and verdict.first_broken_id is None:
            raise CommandError(f"Audit chain BROKEN: {verdict.problem}. "
                               f"{verdict.checked} event(s) verified.")
        if not verdict.intact:
            raise CommandError(
                f"Audit chain BROKEN at event {verdict.first_broken_id}: {verdict.problem}. "
                f"{verdict.checked} event(s) before it verified."
            )
        legacy = (f" ({verdict.unsealed} from before MACs, covered by anchors only)"
                  if verdict.unsealed else "")
        self.stdout.write(self.style.SUCCESS(
            f"Audit chain intact: {verdict.checked} event(s) verified{legacy}, "
            f"{verdict.anchors_checked} anchor(s) agree."))
