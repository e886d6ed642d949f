from django.core.management.base import BaseCommand, CommandError

from licensing.errors import InvalidInput
from licensing.models import DeniedPartyList, DeniedPartyListVersion
from licensing.services.list_imports import default_list_name, import_denied_party_list


class Command(BaseCommand):
    help = ("Import a denied-party list from its official file(s) as a new version. A file "
            "that is empty, damaged or shrinks the list sharply is refused and the live "
            "version stays; the command then fails. OFAC takes sdn.csv with optional "
            "alt.csv and add.csv.")

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=DeniedPartyList.Format.values)
        parser.add_argument("--list-name",
                            help="The list to import into (created if new); default per "
                                 "format, e.g. 'OFAC SDN', 'UN Security Council'.")
        parser.add_argument("--allow-shrink", action="store_true",
                            help="Accept a shrink beyond LIST_MAX_SHRINK_FRACTION "
                                 "(needs --reason).")
        parser.add_argument("--reason", default="", help="Recorded in the audit trail.")
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, **options):
        fmt = options["format"]
        name = options["list_name"] or default_list_name(fmt)
        try:
            version = import_denied_party_list(
                actor=None, list_name=name, fmt=fmt, paths=options["paths"],
                allow_shrink=options["allow_shrink"],
                reason=options["reason"] or "Imported with manage.py import_list.")
        except InvalidInput as exc:
            raise CommandError("; ".join(f"{field}: {' '.join(messages)}" for field, messages
                                         in exc.field_errors.items())) from exc
        if version.status == DeniedPartyListVersion.Status.REFUSED:
            raise CommandError(f"{name} version {version.number} refused: "
                               f"{version.refusal_reason}")
        duplicates = len(version.diff.get("duplicates_merged", []))
        self.stdout.write(
            f"{name} version {version.number} is live: {version.entry_count} entries, "
            f"{version.alias_count} aliases ({version.diff.get('source_rows')} rows read"
            + (f", {duplicates} duplicate(s) merged" if duplicates else "") + "); "
            f"{version.added_count} added, {version.removed_count} removed, "
            f"{version.changed_count} changed since the previous version.")
