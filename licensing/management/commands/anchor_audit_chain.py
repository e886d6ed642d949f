from django.core.management.base import BaseCommand

from licensing.services.audit_anchor import write_anchor


class Command(BaseCommand):
    help = ("Anchor the audit chain's head now: a signed statement in AUDIT_ANCHOR_DIR "
            "(Celery beat does this daily).")

    def add_arguments(self, parser):
        parser.add_argument("--reason", default="Anchored from the command line")

    def handle(self, *args, reason, **options):
        anchor = write_anchor(reason=reason)
        self.stdout.write(self.style.SUCCESS(
            f"Anchored {anchor.event_count} event(s), head event {anchor.head_event_id}: "
            f"{anchor.path}"))
