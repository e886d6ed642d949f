"""Sealing audit events: a version-2 hash that commits to the payload through its digest,
and an HMAC-SHA-256 over that hash with a key the database does not hold.

The hash chain alone proves nothing to someone who can rewrite the table: they recompute
every hash after the row they changed. The MAC needs the key as well, which lives in the
settings (`AUDIT_MAC_KEYS`), never in the database; each event records the id of the key
that sealed it, so keys can be rotated: add a new key, make it current, keep the old ones
for verification.

Version 2 hashes the digest of before/after instead of before/after themselves, so
retention (licensing/services/retention.py) can erase personal data from an event's payload
and the chain still verifies; the digest is kept."""

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder

HASH_VERSION = 2


def canonical(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def payload_digest(before, after) -> str:
    return hashlib.sha256(canonical({"before": before, "after": after}).encode()).hexdigest()


def content_hash_v2(event) -> str:
    content = {
        "v": 2,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "actor_role": event.actor_role,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": str(event.object_id),
        "request_id": event.request_id,
        "payload_digest": event.payload_digest,
        "reason": event.reason,
        "ip_address": event.ip_address,
        "previous_hash": event.previous_hash,
    }
    if event.correlation_id:  # the request id that caused it (ops/request_id.py)
        content["correlation_id"] = event.correlation_id
    return hashlib.sha256(canonical(content).encode()).hexdigest()


@dataclass(frozen=True)
class MacKeys:
    current_id: str
    keys: dict[str, bytes]


def _parse_keys(spec: str) -> dict[str, bytes]:
    keys = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        key_id, sep, secret = part.partition(":")
        if not sep or not key_id or len(secret) < 32:
            raise ImproperlyConfigured(
                "AUDIT_MAC_KEYS is 'id:secret[,id:secret...]' with secrets of 32 characters "
                "or more")
        keys[key_id.strip()] = secret.strip().encode()
    return keys


def mac_keys() -> MacKeys:
    """The configured keys. Without AUDIT_MAC_KEYS, one key derived from SECRET_KEY (id
    `derived`): still outside the database, but production should set its own."""
    keys = _parse_keys(getattr(settings, "AUDIT_MAC_KEYS", "") or "")
    if not keys:
        derived = hmac.new(settings.SECRET_KEY.encode(), b"export-licensing audit MAC key",
                           hashlib.sha256).hexdigest()
        keys = {"derived": derived.encode()}
    current = getattr(settings, "AUDIT_MAC_KEY_ID", "") or next(iter(keys))
    if current not in keys:
        raise ImproperlyConfigured(f"AUDIT_MAC_KEY_ID {current!r} is not in AUDIT_MAC_KEYS")
    return MacKeys(current, keys)


def mac_for(event_hash: str, key: bytes) -> str:
    return hmac.new(key, f"audit-event:{event_hash}".encode(), hashlib.sha256).hexdigest()


def seal(event) -> None:
    """Fill in the version, payload digest, hash and MAC of an unsaved event whose other
    fields (previous_hash included) are set. Called by the writer only."""
    keys = mac_keys()
    event.hash_version = HASH_VERSION
    event.payload_digest = payload_digest(event.before, event.after)
    event.hash = content_hash_v2(event)
    event.mac_key_id = keys.current_id
    event.mac = mac_for(event.hash, keys.keys[keys.current_id])


def check_mac(event, keys: MacKeys) -> str:
    """An empty string if the event's MAC is right, else what is wrong."""
    key = keys.keys.get(event.mac_key_id)
    if key is None:
        return f"it is sealed with key {event.mac_key_id!r}, which is not configured"
    if not hmac.compare_digest(mac_for(event.hash, key), event.mac):
        return "its MAC does not match (the event was rewritten without the key)"
    return ""
