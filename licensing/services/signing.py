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


@lru_cache(maxsize=1)
def _signer_class():
    from cryptography.hazmat.primitives.asymmetric import ec, padding
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

    class PreloadedKeySigner(signers.SimpleSigner):
        """pyHanko's SimpleSigner re-parses the private key for every signature (twice per
        document, with the size estimate), and parsing an RSA key checks it at length.
        This one parses it once."""

        _private_key = None

        def _key(self):
            if self._private_key is None:
                self._private_key = serialization.load_der_private_key(
                    self.signing_key.dump(), password=None)
            return self._private_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism_spec = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                mechanism = mechanism_spec.signature_algo
            except ValueError:
                mechanism = mechanism_spec["algorithm"].native
            if mechanism == "rsassa_pkcs1v15":
                return self._key().sign(data, padding.PKCS1v15(),
                                        get_pyca_cryptography_hash(digest_algorithm))
            if mechanism == "rsassa_pss":
                pss, hash_algorithm = process_pss_params(mechanism_spec["parameters"])
                return self._key().sign(data, pss, hash_algorithm)
            if mechanism == "ecdsa":
                return self._key().sign(data, ec.ECDSA(
                    get_pyca_cryptography_hash(digest_algorithm)))
            return super().sign_raw(data, digest_algorithm)

    return PreloadedKeySigner


@lru_cache(maxsize=4)
def _load_signer(key_path: str, cert_path: str, passphrase: str, _stamp: tuple):
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key = load_private_key_from_pemder(key_path, passphrase=passphrase.encode() or None)
        certificate = load_cert_from_pemder(cert_path)
    except (OSError, ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"Could not load the licence signing key {key_path} and certificate {cert_path}: "
            f"{exc}") from exc
    return _signer_class()(signing_cert=certificate, signing_key=key,
                           cert_registry=SimpleCertificateStore())


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


# Room left in the PDF for the signature: measured on the first signature a signer makes
# (pyHanko's estimate costs a second, dry-run signature each time), plus this margin.
_RESERVATION_MARGIN = 512


def _der_length(data: bytes) -> int:
    """The length of the DER value at the start of `data` (which may be zero-padded)."""
    if data[1] < 0x80:
        return 2 + data[1]
    count = data[1] & 0x7F
    return 2 + count + int.from_bytes(data[2:2 + count], "big")


def _signature_size(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return _der_length(signature.sig_object["/Contents"])


def sign_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    """Add the authority's signature (PAdES baseline, SHA-256) to a PDF."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    signer = load_signer()

    def sign(bytes_reserved):
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        metadata = signers.PdfSignatureMetadata(
            field_name="AuthoritySignature", md_algorithm="sha256", reason=reason[:200],
            location=location[:200], name=settings.AUTHORITY_NAME,
            subfilter=fields.SigSeedSubFilter.PADES, tight_size_estimates=True)
        return signers.sign_pdf(writer, metadata, signer=signer,
                                bytes_reserved=bytes_reserved).getvalue()

    reserved = getattr(signer, "licence_bytes_reserved", None)
    if reserved:
        try:
            return sign(reserved)
        except SigningError:  # a longer reason or location than before: measure again
            pass
    signed = sign(None)
    # pyHanko counts the reservation in hexadecimal digits: two per byte.
    signer.licence_bytes_reserved = 2 * (_signature_size(signed) + _RESERVATION_MARGIN)
    return signed
