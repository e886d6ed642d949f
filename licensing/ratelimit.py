"""A fixed-window rate limit counted in Django's cache (Redis in production, so every web
process shares the count; nothing is kept in process memory)."""

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600,
            "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """"30/minute" -> (30, 60)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip().lower()]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


def hit(scope: str, client: str, rate: str) -> Verdict:
    """Count one hit for `client` in `scope`; refuse once the window's allowance is used.
    If the cache is unreachable the hit is allowed (and logged)."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{scope}:{client}:{window}"
    try:
        cache.add(key, 0, timeout=period + 1)
        count = cache.incr(key)
    except Exception:
        logger.exception("Rate-limit cache unavailable; allowing %s", scope)
        return Verdict(True)
    if count > limit:
        return Verdict(False, retry_after=max(1, int((window + 1) * period - now)))
    return Verdict(True)
