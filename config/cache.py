"""Django's Redis cache, degrading instead of failing when Redis is unreachable.

The cache holds only what can be lost: rate-limit and throttle counts. With Redis down a
read is a miss and a write is dropped (both logged), so sign-in, the token endpoint and
public verification keep answering instead of failing with 500; limits are simply not
counted until Redis is back. `incr` still raises, and its callers
(`licensing.ratelimit.hit`) allow the hit."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrading(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _UNREACHABLE as exc:
                logger.warning("Cache unreachable (%s): %s degraded", exc, method.__name__)
                return fallback(*args, **kwargs)
        return wrapper
    return decorate


class ResilientRedisCache(RedisCache):
    @_degrading(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_degrading(lambda *args, **kwargs: False)
    def add(self, *args, **kwargs):
        return super().add(*args, **kwargs)

    @_degrading(lambda *args, **kwargs: None)
    def set(self, *args, **kwargs):
        return super().set(*args, **kwargs)

    @_degrading(lambda *args, **kwargs: False)
    def touch(self, *args, **kwargs):
        return super().touch(*args, **kwargs)

    @_degrading(lambda *args, **kwargs: False)
    def delete(self, *args, **kwargs):
        return super().delete(*args, **kwargs)

    @_degrading(lambda *args, **kwargs: {})
    def get_many(self, *args, **kwargs):
        return super().get_many(*args, **kwargs)

    @_degrading(lambda *args, **kwargs: False)
    def has_key(self, *args, **kwargs):
        return super().has_key(*args, **kwargs)

    @_degrading(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, *args, **kwargs):
        return super().set_many(data, *args, **kwargs)

    @_degrading(lambda *args, **kwargs: None)
    def delete_many(self, *args, **kwargs):
        return super().delete_many(*args, **kwargs)
