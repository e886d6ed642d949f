"""Anchors: the audit chain's head (last event's id and hash, event count, time) written
outside the database, signed with the authority's signing key (the key that signs licences).

Each anchor is three files in AUDIT_ANCHOR_DIR, created once and never rewritten:

    anchor-000042.json      the statement (canonical JSON, UTF-8, one trailing newline)
    anchor-000042.sig       its signature: SHA-256, RSA PKCS#1 v1.5 (or ECDSA), raw bytes
    anchor-000042.cert.pem  the certificate whose key signed it

so that anyone can check one with openssl alone (docs/audit-trail.md):

    openssl x509 -in anchor-000042.cert.pem -pubkey -noout > authority.pub
    openssl dgst -sha256 -verify authority.pub -signature anchor-000042.sig anchor-000042.json

Each anchor also names the SHA-256 of the one before it, so the anchors form a chain of
their own. The directory should be append-only (chattr +a, a WORM mount, or an object
store with object lock): the application only ever creates files in it."""

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from licensing.models import AuditAction, AuditEvent
from licensing.services.audit import CHAIN_LOCK_KEY, record_event
from licensing.services.signing import configured_key_pair

FORMAT = "export-licensing/audit-anchor/1"
_NAME = re.compile(r"^anchor-(\d{6,})\.json$")


def anchor_dir() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR)


@dataclass(frozen=True)
class Anchor:
    sequence: int
    path: Path
    statement: dict
    signature_ok: bool
    problem: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    @property
    def event_count(self) -> int:
        return int(self.statement.get("event_count", 0))

    @property
    def head_event_id(self):
        return self.statement.get("head_event_id")

    @property
    def head_hash(self) -> str:
        return self.statement.get("head_hash", "")

    @property
    def anchored_at(self) -> str:
        return self.statement.get("anchored_at", "")


def statement_bytes(statement: dict) -> bytes:
    return (json.dumps(statement, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def _sign(data: bytes) -> tuple[bytes, bytes]:
    pair = configured_key_pair()
    passphrase = settings.LICENCE_SIGNING_KEY_PASSPHRASE.encode() or None
    key = serialization.load_pem_private_key(pair.key_path.read_bytes(), password=passphrase)
    cert_pem = pair.cert_path.read_bytes()
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        signature = key.sign(data, ec.ECDSA(hashes.SHA256()))
    else:
        raise ValueError("The signing key must be RSA or EC to sign anchors.")
    return signature, cert_pem


def verify_signature(data: bytes, signature: bytes, cert_pem: bytes) -> bool:
    public_key = x509.load_pem_x509_certificate(cert_pem).public_key()
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except InvalidSignature:
        return False
    return True


def _write_once(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def list_anchors() -> list[Anchor]:
    """Every anchor in the directory, oldest first, each with its signature checked."""
    directory = anchor_dir()
    if not directory.is_dir():
        return []
    anchors = []
    for path in directory.iterdir():
        match = _NAME.match(path.name)
        if not match:
            continue
        sequence = int(match.group(1))
        data = path.read_bytes()
        sig_path = path.with_name(f"anchor-{match.group(1)}.sig")
        cert_path = path.with_name(f"anchor-{match.group(1)}.cert.pem")
        try:
            statement = json.loads(data)
        except ValueError:
            anchors.append(Anchor(sequence, path, {}, False, "it is not valid JSON"))
            continue
        if not (sig_path.is_file() and cert_path.is_file()):
            anchors.append(Anchor(sequence, path, statement, False,
                                  "its signature or certificate file is missing"))
            continue
        try:
            ok = verify_signature(data, sig_path.read_bytes(), cert_path.read_bytes())
        except ValueError:
            ok = False
        anchors.append(Anchor(sequence, path, statement, ok,
                              "" if ok else "its signature does not verify"))
    anchors.sort(key=lambda a: a.sequence)
    return anchors


def _head() -> tuple[int | None, str, int]:
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    count = AuditEvent.objects.count()
    return (last[0], last[1], count) if last else (None, "", 0)


def write_anchor(*, actor=None, reason: str = "") -> Anchor:
    """Anchor the chain's current head; record that as an audit event (after the head, so
    the next anchor covers it)."""
    directory = anchor_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # No event is appended while we read the head and count.
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        head_id, head_hash, count = _head()
        existing = list_anchors()
        sequence = (existing[-1].sequence + 1) if existing else 1
        cert_pem = configured_key_pair().cert_path.read_bytes()
        statement = {
            "format": FORMAT,
            "authority": settings.AUTHORITY_NAME,
            "sequence": sequence,
            "anchored_at": timezone.now().isoformat(),
            "head_event_id": head_id,
            "head_hash": head_hash,
            "event_count": count,
            "previous_anchor_sha256": existing[-1].sha256 if existing else None,
            "certificate_sha256": hashlib.sha256(
                x509.load_pem_x509_certificate(cert_pem).public_bytes(
                    serialization.Encoding.DER)).hexdigest(),
        }
        data = statement_bytes(statement)
        signature, cert_pem = _sign(data)
        stem = f"anchor-{sequence:06d}"
        # The statement last: an anchor is listed only once all three files exist.
        _write_once(directory / f"{stem}.sig", signature)
        _write_once(directory / f"{stem}.cert.pem", cert_pem)
        _write_once(directory / f"{stem}.json", data)
        anchor = Anchor(sequence, directory / f"{stem}.json", statement, True)
        record_event(actor=actor, action=AuditAction.AUDIT_ANCHORED, obj=None,
                     after={"sequence": sequence, "file": anchor.name,
                            "sha256": hashlib.sha256(data).hexdigest(),
                            "head_event_id": head_id, "event_count": count},
                     reason=reason)
    return anchor


def anchor_file(name: str) -> Path | None:
    """A file of the anchor directory by its exact name (for downloads), or None."""
    if not re.fullmatch(r"anchor-\d{6,}\.(json|sig|cert\.pem)", name):
        return None
    path = anchor_dir() / name
    return path if path.is_file() else None
