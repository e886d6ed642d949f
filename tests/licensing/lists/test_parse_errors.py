"""A damaged list file is refused with a clear error, never loaded partially.

A public mirror of the SDN list once published a 0-byte file; loading such a file would wipe the
live list. Every parser must raise ListFileError (a ValueError) instead.
"""

import gzip

import pytest

from licensing.lists.parsers import PARSERS, ListFileError, parse_list
from tests.reference_data import raw_bytes

from .conftest import CSL_GZ, FIXTURES, OFAC_2021, OFAC_2024, UN_XML

SINGLE_FILE_NAMES = {
    "ofac": "sdn.csv",
    "un": "consolidated.xml",
    "csl": "consolidated.csv",
    "opensanctions": "targets.simple.csv",
    "national": "national.csv",
}


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_zero_byte_file_is_refused_by_every_parser(tmp_path, fmt):
    path = write(tmp_path, SINGLE_FILE_NAMES[fmt], b"")
    with pytest.raises(ListFileError, match="empty"):
        parse_list(fmt, [path])


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ListFileError, match="cannot read"):
        parse_list("ofac", [tmp_path / "sdn.csv"])


def test_sdn_cut_mid_row_is_refused(tmp_path):
    data = raw_bytes(OFAC_2024)
    path = write(tmp_path, "sdn.csv", data[: len(data) // 2])
    with pytest.raises(ListFileError, match="truncated"):
        parse_list("ofac", [path])


def test_sdn_cut_right_after_a_placeholder_is_refused(tmp_path):
    # Cut inside the last, unquoted field: the row still has 12 columns.
    path = write(
        tmp_path, "sdn.csv", '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"' + ",-0- " * 7 + ",-0"
    )
    with pytest.raises(ListFileError, match="does not end with a line break"):
        parse_list("ofac", [path])


def test_csv_cut_inside_a_quoted_field_is_refused(tmp_path):
    # The cut falls after a line break inside quotes, so the file does end with a line break.
    text = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a.\n'
    with pytest.raises(ListFileError, match="malformed CSV.*truncated"):
        parse_list("ofac", [write(tmp_path, "sdn.csv", text)])


def test_row_with_wrong_column_count_is_refused(tmp_path):
    good = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"' + ",-0- " * 8 + "\r\n"
    bad = '173,"ANGLO-CARIBBEAN CO., LTD.",-0- ,"CUBA"\r\n'
    with pytest.raises(ListFileError, match="row 2 has 4 columns, expected 12"):
        parse_list("ofac", [write(tmp_path, "sdn.csv", good + bad)])


def test_alt_file_from_another_list_version_is_refused(tmp_path):
    sdn = write(tmp_path, "sdn.csv", '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"' + ",-0- " * 8 + "\n")
    with pytest.raises(ListFileError, match="not in sdn.csv"):
        parse_list("ofac", [sdn, OFAC_2021 / "alt.csv.gz"])


def test_ofac_set_without_the_main_file_is_refused():
    with pytest.raises(ListFileError, match="sdn.csv file is missing"):
        parse_list("ofac", [OFAC_2021 / "alt.csv.gz", OFAC_2021 / "add.csv.gz"])


def test_ofac_file_with_an_unrecognisable_name_is_refused(tmp_path):
    path = write(tmp_path, "list.csv", raw_bytes(OFAC_2024)[:1000])
    with pytest.raises(ListFileError, match="cannot tell which OFAC file"):
        parse_list("ofac", [path])


def test_truncated_xml_is_refused(tmp_path):
    data = raw_bytes(UN_XML)
    path = write(tmp_path, "consolidated.xml", data[: len(data) // 3])
    with pytest.raises(ListFileError, match="not well-formed XML"):
        parse_list("un", [path])


def test_xml_with_entity_declarations_is_refused_before_parsing(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
        "<FIRST_NAME>&lol2;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n"
    )
    with pytest.raises(ListFileError, match="DOCTYPE or ENTITY"):
        parse_list("un", [write(tmp_path, "consolidated.xml", bomb)])


def test_xml_of_another_format_is_refused(tmp_path):
    path = write(tmp_path, "sdn.xml", "<sdnList><sdnEntry/></sdnList>\n")
    with pytest.raises(ListFileError, match="not <CONSOLIDATED_LIST>"):
        parse_list("un", [path])


def test_xml_without_any_record_is_refused(tmp_path):
    path = write(
        tmp_path, "un.xml", "<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>"
    )
    with pytest.raises(ListFileError, match="no individuals or entities"):
        parse_list("un", [path])


def test_truncated_gzip_is_refused(tmp_path):
    data = CSL_GZ.read_bytes()
    path = write(tmp_path, "consolidated.csv.gz", data[: len(data) // 2])
    with pytest.raises(ListFileError, match="truncated gzip"):
        parse_list("csl", [path])


def test_csv_with_the_wrong_header_is_refused(tmp_path):
    path = write(tmp_path, "consolidated.csv", "id,list,full_name\n1,EL,Acme\n")
    with pytest.raises(ListFileError, match="lacks required column.*_id"):
        parse_list("csl", [path])


def test_csv_without_a_header_is_refused(tmp_path):
    rows = FIXTURES.joinpath("opensanctions_targets.simple.csv").read_text(encoding="utf-8")
    path = write(tmp_path, "targets.simple.csv", rows.split("\n", 1)[1])
    with pytest.raises(ListFileError, match="header lacks required column"):
        parse_list("opensanctions", [path])


def test_header_only_file_is_refused(tmp_path):
    path = write(tmp_path, "national.csv", "id,name,type,aliases,countries,programs,remarks\n")
    with pytest.raises(ListFileError, match="no entries"):
        parse_list("national", [path])


def test_row_with_an_unquoted_comma_is_refused(tmp_path):
    text = "id,name,type,aliases,countries,programs,remarks\nN1,Acme, d.o.o.,entity,,RS,,\n"
    with pytest.raises(ListFileError, match="row 2 has 8 columns, the header has 7"):
        parse_list("national", [write(tmp_path, "national.csv", text)])


def test_csv_cut_mid_row_and_then_gzipped_is_refused(tmp_path):
    # The gzip stream is intact (re-compressed after the cut); the CSV inside is not.
    text = gzip.decompress(CSL_GZ.read_bytes()).decode("utf-8")
    cut = text[: text.index("\n", len(text) // 2) - 5]
    path = write(tmp_path, "consolidated.csv.gz", gzip.compress(cut.encode("utf-8")))
    with pytest.raises(ListFileError, match="truncated"):
        parse_list("csl", [path])


def test_binary_garbage_is_refused(tmp_path):
    path = write(tmp_path, "national.csv", b"id,name\x81\x8d\n\x00\x90\n")
    with pytest.raises(ListFileError, match="neither UTF-8 nor Windows-1252"):
        parse_list("national", [path])


def test_windows_1252_file_is_read(tmp_path):
    row = '36,"CAFÉ HABANA S.A.",-0- ,"CUBA"' + ",-0- " * 8 + "\r\n"
    path = write(tmp_path, "sdn.csv", row.encode("cp1252"))
    assert parse_list("ofac", [path])[0].name == "CAFÉ HABANA S.A."


def test_single_file_format_given_two_files_is_refused():
    with pytest.raises(ListFileError, match="exactly one file"):
        parse_list("un", [UN_XML, UN_XML])


def test_unknown_format_is_a_value_error():
    with pytest.raises(ValueError, match="unknown list format 'eu'"):
        parse_list("eu", [UN_XML])
