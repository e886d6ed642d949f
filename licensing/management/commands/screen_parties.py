import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from licensing.lists.parsers import ListFileError, parse_list
from licensing.screening.names import PRODUCTION_THRESHOLD, IndexedName, NameIndex

INPUT_COLUMNS = ("id", "name", "country")
OUTPUT_COLUMNS = ("id", "name", "list", "entry_id", "matched_name", "score")


class Command(BaseCommand):
    help = ("Screen a CSV of names (columns id,name,country) against the live denied-party "
            "lists, or with --against against a file in the national-list format (e.g. a "
            "company's own watch list). Writes one row per match at or above the threshold: "
            "id,name,list,entry_id,matched_name,score.")

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path, metavar="INPUT.csv")
        parser.add_argument("--output", type=Path, required=True, metavar="RESULTS.csv")
        parser.add_argument("--against", type=Path, metavar="LIST.csv",
                            help="A list in the national-list format (docs/national-list-"
                                 "format.md) instead of the live lists.")
        parser.add_argument("--threshold", type=float, default=PRODUCTION_THRESHOLD)
        parser.add_argument("--limit", type=int, default=10,
                            help="At most this many matches per name.")

    def handle(self, *args, **options):
        if not 0 < options["threshold"] <= 100:
            raise CommandError("--threshold must be between 0 and 100.")
        parties = self._read_input(options["input"])
        search = (self._file_searcher(options["against"]) if options["against"]
                  else self._live_searcher())
        rows = matched = 0
        with open(options["output"], "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(OUTPUT_COLUMNS)
            for party_id, name, country in parties:
                found = search(name, country, options["threshold"], options["limit"])
                matched += bool(found)
                for list_name, entry_id, matched_name, score in found:
                    writer.writerow([party_id, name, list_name, entry_id, matched_name,
                                     f"{score:.1f}"])
                    rows += 1
        self.stdout.write(f"Screened {len(parties)} name(s): {matched} matched, {rows} "
                          f"match row(s) written to {options['output']}.")

    def _read_input(self, path: Path) -> list[tuple[str, str, str | None]]:
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in INPUT_COLUMNS if c not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(f"{path}: missing column(s) {', '.join(missing)}; "
                                       f"expected {','.join(INPUT_COLUMNS)}.")
                parties = []
                for row in reader:
                    name = (row["name"] or "").strip()
                    if not name:
                        continue
                    country = (row["country"] or "").strip().upper()
                    parties.append(((row["id"] or "").strip(), name,
                                    country if len(country) == 2 else None))
                return parties
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"{path}: cannot read ({exc})") from exc

    def _live_searcher(self):
        from licensing.denied_party_index import live_list_index

        live = live_list_index()
        if not live.entries:
            raise CommandError("No denied-party list is live; import one (manage.py "
                               "import_list) or use --against.")

        def search(name, country, threshold, limit):
            found = []
            for match in live.index.search(name, country=country, threshold=threshold,
                                           limit=limit):
                entry = live.entries[match.entry_key]
                found.append((entry.list_name, entry.source_id, match.matched_name,
                              match.score))
            return found

        return search

    def _file_searcher(self, path: Path):
        try:
            entries = parse_list("national", [path])
        except ListFileError as exc:
            raise CommandError(str(exc)) from exc
        names = []
        for entry in entries:
            names.append(IndexedName(entry.source_id, entry.name, False, entry.countries,
                                     entry.entity_type))
            names.extend(IndexedName(entry.source_id, alias, True, entry.countries,
                                     entry.entity_type) for alias in entry.aliases)
        index = NameIndex(names)
        list_name = path.name

        def search(name, country, threshold, limit):
            return [(list_name, match.entry_key, match.matched_name, match.score)
                    for match in index.search(name, country=country, threshold=threshold,
                                              limit=limit)]

        return search
