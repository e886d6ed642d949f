"""`manage.py screen_parties`: a file of names against the live lists or a given list."""

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from licensing.services.list_imports import import_denied_party_list

DATA = Path(__file__).resolve().parent / "data"
OUTPUT_HEADER = ["id", "name", "list", "entry_id", "matched_name", "score"]


def write_input(path, rows, header=("id", "name", "country")):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_output(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


PARTIES = [("p1", "Марко Петровић", "RS"), ("p2", "Uralspetsnab AO", "RU"),
           ("p3", "Polish Armed Forces", "PL"), ("p4", "Crystal Falcon Trading", ""),
           ("p5", "", "RS")]


def test_names_are_screened_against_a_given_list_file(tmp_path, capsys):
    source = write_input(tmp_path / "in.csv", PARTIES)
    output = tmp_path / "out.csv"
    call_command("screen_parties", str(source), "--output", str(output),
                 "--against", str(DATA / "national_list.csv"))
    rows = read_output(output)
    assert rows[0] == OUTPUT_HEADER
    matched = {(row[0], row[3]) for row in rows[1:]}
    assert matched == {("p1", "NAT-0004"), ("p2", "NAT-0006"), ("p4", "NAT-0009")}
    for row in rows[1:]:
        assert row[2] == "national_list.csv"
        assert 86 <= float(row[5]) <= 100
    assert "Screened 4 name(s): 3 matched" in capsys.readouterr().out


@pytest.mark.django_db
def test_names_are_screened_against_the_live_lists(tmp_path):
    import_denied_party_list(actor=None, list_name="National list", fmt="national",
                             paths=[DATA / "national_list.csv"])
    source = write_input(tmp_path / "in.csv", PARTIES)
    output = tmp_path / "out.csv"
    call_command("screen_parties", str(source), "--output", str(output))
    rows = read_output(output)[1:]
    assert {(row[0], row[2], row[3]) for row in rows} == {
        ("p1", "National list", "NAT-0004"), ("p2", "National list", "NAT-0006"),
        ("p4", "National list", "NAT-0009")}


@pytest.mark.django_db
def test_without_live_lists_the_command_says_so(tmp_path):
    source = write_input(tmp_path / "in.csv", PARTIES)
    with pytest.raises(CommandError, match="No denied-party list is live"):
        call_command("screen_parties", str(source), "--output", str(tmp_path / "o.csv"))


def test_an_input_without_the_required_columns_is_refused(tmp_path):
    source = write_input(tmp_path / "in.csv", [("1", "x")], header=("id", "fullname"))
    with pytest.raises(CommandError, match="missing column"):
        call_command("screen_parties", str(source), "--output", str(tmp_path / "o.csv"),
                     "--against", str(DATA / "national_list.csv"))


def test_a_broken_list_file_is_refused(tmp_path):
    source = write_input(tmp_path / "in.csv", PARTIES)
    broken = tmp_path / "list.csv"
    broken.write_text("")
    with pytest.raises(CommandError, match="empty"):
        call_command("screen_parties", str(source), "--output", str(tmp_path / "o.csv"),
                     "--against", str(broken))
