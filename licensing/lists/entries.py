"""The shape every denied-party list parser produces, whatever the publisher's format."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ListEntry:
    """One listed person, organisation, vessel or aircraft as published.

    `source_id` is the publisher's own identifier (OFAC ent_num, UN DATAID, ...), stable
    across versions of the same list, so versions can be diffed by it.
    """

    source_id: str
    name: str
    entity_type: str  # "individual" | "entity" | "vessel" | "aircraft" | "unknown"
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 where the file says
    programs: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    remarks: str = ""
    source_list: str = ""  # sub-list for composite files, e.g. "Entity List" in the CSL
    extra: dict = field(default_factory=dict, compare=False, hash=False)
