"""What a sign-in lock-out applies to, from AXES_LOCKOUT_PARAMETERS.

Colleagues at an authority share an address (one office, one proxy): locking an address would
let five wrong passwords for one applicant lock out the auditor and every officer there. So a
lock-out names the account, alone or together with the address, never an address alone.
"""

from django.core.exceptions import ImproperlyConfigured

# The account on its own, and the account from one address.
DEFAULT = "username,username+ip_address"


def lockout_parameters(values: list[str]) -> list[str | list[str]]:
    """django-axes' form of "username,username+ip_address": a plain name is one parameter,
    names joined by + are counted together."""
    parameters: list[str | list[str]] = []
    for value in values:
        names = [name.strip() for name in value.split("+") if name.strip()]
        if not names:
            continue
        if "username" not in names:
            raise ImproperlyConfigured(
                f"AXES_LOCKOUT_PARAMETERS: {value!r} would lock everyone behind an address; "
                "every lock-out must include the account (username).")
        parameters.append(names[0] if len(names) == 1 else names)
    return parameters
