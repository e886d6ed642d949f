"""The client's address, from a setting that says how many reverse proxies to trust.

`TRUSTED_PROXY_COUNT` (default 0): with 0 the client is REMOTE_ADDR and X-Forwarded-For is
ignored; with N, each of the N proxies in front of us appended the address it saw, so the
client is the N-th address from the right of X-Forwarded-For (anything further left was
written by the client and can be forged). The same rule as Django REST framework's
`NUM_PROXIES`, which settings set to the same number, so the audit trail, django-axes, our
own rate limits and DRF's throttles all count the same client.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    meta = request.META
    remote = _valid(meta.get("REMOTE_ADDR") or "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")
            if hop.strip()]
    if not hops:
        return remote
    return _valid(hops[-min(proxies, len(hops))]) or remote


def axes_client_ip(request) -> str | None:
    """For django-axes (`AXES_CLIENT_IP_CALLABLE`)."""
    return client_address(request)
