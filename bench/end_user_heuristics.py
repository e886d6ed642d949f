"""Precision and recall of the end-user and item heuristics on labelled sets.

    .venv/bin/python bench/end_user_heuristics.py [--show]

bench/data/end_users.csv: 191 realistic end users (armed forces and their logistics
commands, ministries, police, state arsenals and manufacturers, freight forwarders and
logistics firms, traders and brokers) with their declared end-user type, whether each is
a forwarder or a trader, and, for two, the freight forwarder named on the same request.
bench/data/item_descriptions.csv: item descriptions labelled whether the items are meant
for assembly or incorporation abroad.

For each check it prints precision (findings that are right) and recall (forwarders,
traders, assembly items found), beside the rule before issue 16 (one word in the name).
"""

import argparse
import csv
import os
import re
import sys
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from licensing.screening.checks.route import (  # noqa: E402
    check_assembly_abroad,
    check_end_user_kind,
    check_forwarder_as_end_user,
)
from licensing.screening.names import normalise_name  # noqa: E402
from licensing.screening.subject import (  # noqa: E402
    ReferenceSnapshot,
    ScreenedItem,
    ScreenedParty,
    ScreeningSubject,
)

DATA = Path(__file__).with_name("data")
# The rules before issue 16: any of these words in the end user's name.
OLD_FORWARDER = re.compile(
    r"\b(logistics?|logistik\w*|logisti[ck]a|freight\w*|forwarding|forwarders?|shipping|"
    r"spedi[ct]\w*|cargo|customs brokers?|clearing agents?|"
    r"логисти\w*|экспедит\w*|експедит\w*|шпедиц\w*|карго|перевоз\w*)\b"
)
OLD_TRADER = re.compile(
    r"\b(trad(e|er|ers|ing)|import|export|impex|impeks|brokers?|brokerage|"
    r"commerce|commercial|merchants?|handel\w*|trejd\w*|treyd\w*|"
    r"торг\w*|трейд\w*|трејд\w*|импекс|імпекс|брокер\w*)\b"
)
OLD_ASSEMBLY = re.compile(
    r"\b(kits?|ckd|skd|knocked down|sub-?assembl(y|ies)|for assembly|assembly abroad|"
    r"for incorporation|incorporation into|for integration)\b",
    re.IGNORECASE,
)


def subject(parties=(), items=()):
    return ScreeningSubject(
        request_id=1,
        organisation_name="Exporter",
        organisation_country="RS",
        destination_country=parties[0].country if parties else "PL",
        transit_countries=(),
        parties=tuple(parties),
        items=tuple(items),
        certificate=None,
        on=date(2026, 12, 7),
    )


def scores(predicted, actual):
    true_positive = sum(p and a for p, a in zip(predicted, actual, strict=True))
    precision = 100.0 * true_positive / max(1, sum(predicted))
    recall = 100.0 * true_positive / max(1, sum(actual))
    return precision, recall


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="store_true", help="print every wrong decision")
    args = parser.parse_args()
    reference = ReferenceSnapshot(versions={})
    with (DATA / "end_users.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    forwarder_new, forwarder_old, trader_new, trader_old = [], [], [], []
    wrong = []
    for row in rows:
        end_user = ScreenedParty("end_user", row["name"], row["country"], row["end_user_type"])
        parties = [end_user]
        if row["request_forwarder"]:
            parties.append(
                ScreenedParty("freight_forwarder", row["request_forwarder"], row["country"])
            )
        s = subject(parties)
        found = check_forwarder_as_end_user(s, reference)
        forwarder_new.append(bool(found))
        key = normalise_name(row["name"])
        forwarder_old.append(bool(OLD_FORWARDER.search(key)) or bool(row["request_forwarder"]))
        traders = check_end_user_kind(s, reference)
        trader_new.append(bool(traders))
        trader_old.append(row["end_user_type"] == "trader_broker" or bool(OLD_TRADER.search(key)))
        if bool(found) != (row["forwarder"] == "1"):
            wrong.append(("forwarder", row["name"], row["end_user_type"], bool(found)))
        if bool(traders) != (row["trader"] == "1"):
            wrong.append(("trader", row["name"], row["end_user_type"], bool(traders)))
    forwarders = [row["forwarder"] == "1" for row in rows]
    traders_actual = [row["trader"] == "1" for row in rows]

    with (DATA / "item_descriptions.csv").open(newline="") as handle:
        items = list(csv.DictReader(handle))
    assembly_new, assembly_old = [], []
    for row in items:
        declared = row["for_assembly_abroad"] == "1"
        item = ScreenedItem(row["description"], "ML3", 1, declared)
        found = check_assembly_abroad(subject(items=[item]), reference)
        assembly_new.append(bool(found))
        assembly_old.append(declared or bool(OLD_ASSEMBLY.search(row["description"])))
        if bool(found) != (row["assembly"] == "1"):
            wrong.append(("assembly", row["description"], "", bool(found)))
    assembly_actual = [row["assembly"] == "1" for row in items]

    print(
        f"end users: {len(rows)} ({sum(forwarders)} forwarders, {sum(traders_actual)} "
        f"traders); item descriptions: {len(items)} ({sum(assembly_actual)} for assembly)"
    )
    print(f"\n{'check':32} {'rule':10} {'precision %':>12} {'recall %':>9}  target")
    for label, new, old, actual in (
        ("forwarder_as_end_user", forwarder_new, forwarder_old, forwarders),
        ("end_user_trader", trader_new, trader_old, traders_actual),
        ("assembly_abroad", assembly_new, assembly_old, assembly_actual),
    ):
        for rule, predicted in (("before", old), ("now", new)):
            precision, recall = scores(predicted, actual)
            target = ""
            if rule == "now":
                ok = precision >= 95.0 and recall >= 95.0
                target = f"95 / 95  {'yes' if ok else 'NO'}"
            print(f"{label:32} {rule:10} {precision:12.1f} {recall:9.1f}  {target}")
    print(f"\nwrong decisions now: {len(wrong)}")
    for kind, name, declared, flagged in wrong if args.show else wrong[:10]:
        print(f"  [{kind}] {name!r} ({declared or '-'}): {'flagged' if flagged else 'not flagged'}")


if __name__ == "__main__":
    main()
