from django.core.management.base import BaseCommand

from licensing.services.uploads import remove_orphan_files


class Command(BaseCommand):
    help = "Delete stored uploads that no database row refers to (older than the grace time)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=None,
                            help="seconds (default ORPHAN_UPLOAD_GRACE_SECONDS)")

    def handle(self, *args, older_than=None, **options):
        removed = remove_orphan_files(older_than)
        for name in removed:
            self.stdout.write(name)
        self.stdout.write(self.style.SUCCESS(f"{len(removed)} orphan file(s) removed."))
