"""Write licensing/screening/names/data/given_names.csv, the matcher's table of given-name
equivalents, from its sources:

- the `nicknames` package (carltonnorthern/nicknames, Apache-2.0): English given names and
  their nicknames ("william" has nickname "bill"), one row per pair;
- the cross-language forms below, this project's own (the same name as written in
  English, German, French, Spanish, Italian, Portuguese, Dutch, Polish and Russian).

    .venv/bin/python scripts/seed_given_names.py

The file is the managed table: edit it (one row per pair, `source` says where a row comes
from) and keep this script's sources in step when re-seeding.
"""

import csv
from pathlib import Path

import nicknames

OUT = Path(__file__).resolve().parents[1] / "licensing/screening/names/data/given_names.csv"
NICKNAMES_SOURCE = "nicknames 1.0.1 (Apache-2.0)"
PROJECT_SOURCE = "project: cross-language forms"

# One line per name: its forms across languages (Latin script; Cyrillic forms are reached
# by transliteration).
CROSS_LANGUAGE = """
john johann johannes jean juan giovanni joao jan ivan ioannis
peter pierre pedro pietro piotr petr pyotr
paul pablo paolo paulo pawel pavel
michael michel miguel michele mikhail michal
joseph josef jose giuseppe jozef iosif
george georg georges jorge giorgio jerzy georgii
james jacques diego giacomo jakub
alexander alexandre alejandro alessandro aleksander aleksandr
nicholas nikolaus nicolas nicolas nicola mikolaj nikolai
stephen stefan etienne esteban stefano stepan
andrew andreas andre andres andrea andrzej andrei
thomas tomas tommaso tomasz foma
william wilhelm guillaume guillermo guglielmo willem
charles karl carlos carlo karol
henry heinrich henri enrique enrico henryk
frederick friedrich frederic federico fryderyk
anthony anton antoine antonio antoni
mary maria marie mariya
catherine katharina catalina caterina katarzyna ekaterina
elizabeth elisabeth isabel elisabetta elzbieta elizaveta
joan jeanne juana giovanna joanna
"""


def main() -> None:
    rows = []
    source_file = Path(nicknames.__file__).parent / "names.csv"
    with source_file.open(newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append((row["name1"].strip(), row["name2"].strip(), NICKNAMES_SOURCE))
    for line in CROSS_LANGUAGE.strip().splitlines():
        first, *others = dict.fromkeys(line.split())
        rows.extend((first, other, PROJECT_SOURCE) for other in others)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "equivalent", "source"])
        writer.writerows(sorted(set(rows)))
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
