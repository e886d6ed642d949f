"""UN Security Council consolidated sanctions list (XML, schema sc-sanctions.xsd).

Parsed with the standard library's ElementTree behind a guard: the file is refused if it
declares a DOCTYPE or ENTITY, which is what entity-expansion attacks ("billion laughs") and
external-entity tricks need. The UN's file never has one. defusedxml would do the same job
more thoroughly; it is not installed in this project, so the guard stands in for it.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..entries import ListEntry
from .common import CountryCollector, ListFileError, read_bytes, single_path, unique

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
COUNTRY_PATHS = (
    "NATIONALITY/VALUE",
    "INDIVIDUAL_ADDRESS/COUNTRY",
    "ENTITY_ADDRESS/COUNTRY",
)
ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
SOURCE_LIST = "UN Security Council Consolidated List"
_UNSAFE_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse_unsafe_xml(data: bytes, path: Path) -> None:
    """Refuse DTDs (entity bombs, external entities) and encodings that would hide one.

    A byte search is only sound for ASCII-compatible encodings, so UTF-16/32 are refused too
    (the UN publishes UTF-8).
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise ListFileError(f"{path.name}: UTF-16/32 XML is not accepted; expected UTF-8")
    if _UNSAFE_DECLARATION.search(data):
        raise ListFileError(
            f"{path.name}: the XML declares a DOCTYPE or ENTITY; refused as potentially unsafe"
        )


def _text(element: ET.Element, path: str) -> str:
    return " ".join((element.findtext(path) or "").split())


def _all_texts(element: ET.Element, path: str) -> list[str]:
    return [" ".join(node.text.split()) for node in element.findall(path) if node.text]


def _addresses(element: ET.Element, tag: str) -> list[str]:
    addresses = []
    for node in element.findall(tag):
        parts = [_text(node, part) for part in ADDRESS_PARTS]
        address = ", ".join(part for part in parts if part)
        if address:
            addresses.append(address)
    return addresses


def _entry(element: ET.Element, entity_type: str, path: Path) -> ListEntry:
    data_id = _text(element, "DATAID")
    if entity_type == "individual":
        name = " ".join(filter(None, (_text(element, tag) for tag in NAME_PARTS)))
    else:
        name = _text(element, "FIRST_NAME")
    if not data_id or not name:
        raise ListFileError(f"{path.name}: a record lacks DATAID or a name (DATAID {data_id!r})")

    prefix = "INDIVIDUAL" if entity_type == "individual" else "ENTITY"
    alias_tag, address_tag = f"{prefix}_ALIAS", f"{prefix}_ADDRESS"
    alias_quality = {}
    for alias in element.findall(alias_tag):
        alias_name = _text(alias, "ALIAS_NAME")
        if alias_name:
            alias_quality.setdefault(alias_name, _text(alias, "QUALITY"))
    original_script = _all_texts(element, "NAME_ORIGINAL_SCRIPT")
    aliases = unique([*alias_quality, *original_script], exclude=[name])

    extra = {"reference_number": _text(element, "REFERENCE_NUMBER")}
    extra["listed_on"] = _text(element, "LISTED_ON")
    quality = {alias: alias_quality[alias] for alias in aliases if alias in alias_quality}
    if quality:
        extra["alias_quality"] = quality
    if original_script:
        extra["name_original_script"] = original_script
    countries = CountryCollector()
    for country_path in COUNTRY_PATHS:
        for country in _all_texts(element, country_path):
            countries.add_name(country)

    return ListEntry(
        source_id=data_id,
        name=name,
        entity_type=entity_type,
        aliases=aliases,
        countries=countries.into(extra),
        programs=tuple(_all_texts(element, "UN_LIST_TYPE")),
        addresses=unique(_addresses(element, address_tag)),
        remarks=_text(element, "COMMENTS1"),
        source_list=SOURCE_LIST,
        extra=extra,
    )


def parse(paths: list[Path]) -> list[ListEntry]:
    """Individuals then entities of the UN consolidated list, in file order."""
    path = single_path(paths, "un")
    data = read_bytes(path)
    _refuse_unsafe_xml(data, path)
    try:
        root = ET.fromstring(data)  # noqa: S314 - DOCTYPE/ENTITY refused by _refuse_unsafe_xml
    except ET.ParseError as exc:
        raise ListFileError(f"{path.name}: not well-formed XML ({exc}); truncated?") from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFileError(f"{path.name}: root element is <{root.tag}>, not <CONSOLIDATED_LIST>")
    individuals = root.findall("INDIVIDUALS/INDIVIDUAL")
    entities = root.findall("ENTITIES/ENTITY")
    if not individuals and not entities:
        raise ListFileError(f"{path.name}: the list contains no individuals or entities")
    return [_entry(node, "individual", path) for node in individuals] + [
        _entry(node, "entity", path) for node in entities
    ]
