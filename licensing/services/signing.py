"""The authority's signing key: making a development key and certificate, and signing
licence PDFs with pyHanko.

Production points LICENCE_SIGNING_KEY and LICENCE_SIGNING_CERT at the authority's real key
and certificate (PEM); `manage.py generate_signing_key` makes a self-signed pair for
development and demos (`make run` calls it)."""

import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class KeyPair:
    key_path: Path
    cert_path: Path


def configured_key_pair() -> KeyPair:
    return KeyPair(Path(settings.LICENCE_SIGNING_KEY), Path(settings.LICENCE_SIGNING_CERT))


def generate_development_key(*, key_path: Path, cert_path: Path, common_name: str,
                             passphrase: str = "", days: int = 1825) -> None:
    """An RSA-3072 key and a self-signed certificate for signing documents. The key file
    is written readable by its owner only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name[:64]),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Licence signing (development)"),
    ])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING,
                                              ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (serialization.BestAvailableEncryption(passphrase.encode()) if passphrase
                  else serialization.NoEncryption())
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_bytes = key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8, encryption)
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key_bytes)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


@lru_cache(maxsize=4)
def _load_signer(key_path: str, cert_path: str, passphrase: str, _stamp: tuple):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(key_path, cert_path,
                                       key_passphrase=passphrase.encode() or None)
    if signer is None:
        raise ImproperlyConfigured(
            f"Could not load the licence signing key {key_path} and certificate {cert_path}.")
    return signer


def load_signer():
    """The configured signer. Loaded once per process and key file (the files' modification
    times are part of the cache key, so a replaced key is picked up)."""
    pair = configured_key_pair()
    if not (pair.key_path.is_file() and pair.cert_path.is_file()):
        raise ImproperlyConfigured(
            f"No licence signing key at {pair.key_path} / certificate at {pair.cert_path}. "
            "Set LICENCE_SIGNING_KEY and LICENCE_SIGNING_CERT, or run "
            "`manage.py generate_signing_key` for a development key.")
    stamp = (pair.key_path.stat().st_mtime_ns, pair.cert_path.stat().st_mtime_ns)
    return _load_signer(str(pair.key_path), str(pair.cert_path),
                        settings.LICENCE_SIGNING_KEY_PASSPHRASE, stamp)


def sign_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    """Add the authority's signature (PAdES baseline, SHA-256) to a PDF."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name="AuthoritySignature", md_algorithm="sha256", reason=reason[:200],
        location=location[:200], name=settings.AUTHORITY_NAME,
        subfilter=fields.SigSeedSubFilter.PADES)
    output = signers.sign_pdf(writer, metadata, signer=load_signer())
    return output.getvalue()
