"""Helpers for the licence-document, shipment, halt and notification tests: reading PDFs
(text, QR code, signature) and running on-commit work in-process."""

import io
from contextlib import contextmanager

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def decode_qr_codes(pdf: bytes, scale: float = 3) -> list[str]:
    """Rasterise the first page, as a phone camera would see it, and read its QR codes."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    return [code.text for code in zxingcpp.read_barcodes(image)
            if code.format == zxingcpp.BarcodeFormat.QRCode]


def signature_status(pdf: bytes):
    """pyHanko's verdict on the document's one signature, trusting our certificate."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = load_cert_from_pemder(settings.LICENCE_SIGNING_CERT)
    reader = PdfFileReader(io.BytesIO(pdf))
    [signature] = reader.embedded_signatures
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))


@pytest.fixture
def eager_tasks():
    """Celery tasks sent while this is active run in-process (Celery's eager mode), so a
    test can check what a service queues on commit without a worker."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@contextmanager
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks of the block (tasks then run eagerly)."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        yield callbacks
