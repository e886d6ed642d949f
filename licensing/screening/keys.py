"""Keys under which the register compares what people type differently (no imports: the
models store them, the checks compare them)."""


def certificate_number_key(number: str) -> str:
    """The number as the register compares it: case, spaces and separators ignored
    ("PL/MON/2026/0457" is "pl-mon 2026 0457")."""
    return "".join(char for char in number.casefold() if char.isalnum())
