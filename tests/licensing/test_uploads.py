"""Uploads are normalised: PDFs with active content, decompression bombs and polyglots are
refused with a field message; stored files no row refers to are removed."""

import io
import os
import time
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject, TextStringObject

from licensing.demo_documents import minimal_pdf
from licensing.errors import InvalidInput
from licensing.models import Document, DocumentKind
from licensing.services.documents import upload_document
from licensing.services.uploads import UnsafePdf, inspect_pdf, remove_orphan_files
from tests import factories

pytestmark = pytest.mark.django_db


def _written(writer) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_javascript() -> bytes:
    """Document-level JavaScript in the /Names tree, run when the file opens."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    action = writer._add_object(DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert('hello');")}))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject(
        [TextStringObject("hello"), action])})
    names = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
    writer._root_object[NameObject("/Names")] = writer._add_object(names)
    return _written(writer)


def pdf_with_open_action_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert(1)")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _written(writer)


def pdf_with_launch_action() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                               NameObject("/F"): TextStringObject("calc.exe")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _written(writer)


def pdf_with_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("payload.exe", b"MZ" + b"\0" * 100)
    return _written(writer)


def decompression_bomb(megabytes: int) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    stream = StreamObject()
    stream._data = zlib.compress(b"\0" * (megabytes * 1024 * 1024), 1)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer._root_object[NameObject("/Bomb")] = writer._add_object(stream)
    return _written(writer)


@pytest.mark.parametrize("make, words", [
    (pdf_with_javascript, "JavaScript"),
    (pdf_with_open_action_javascript, "JavaScript"),
    (pdf_with_launch_action, "launch"),
    (pdf_with_attachment, "embedded files"),
    (lambda: minimal_pdf() + b"PK\x03\x04" + b"zip payload" * 20, "joined"),
    (lambda: b"<html><script>alert(1)</script></html>\n" + minimal_pdf(), "PDF"),
])
def test_active_content_and_polyglots_are_refused(make, words):
    with pytest.raises(UnsafePdf, match=words):
        inspect_pdf(make())


def test_a_decompression_bomb_is_refused(settings):
    settings.PDF_MAX_DECOMPRESSED_BYTES = 2 * 1024 * 1024
    bomb = decompression_bomb(20)
    assert len(bomb) < 100_000
    with pytest.raises(UnsafePdf, match="expands to more than 2 MB"):
        inspect_pdf(bomb)


def test_plain_pdfs_pass():
    inspect_pdf(minimal_pdf())
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    inspect_pdf(_written(writer))


def test_an_unsafe_pdf_upload_is_refused_and_nothing_is_stored(api, applicant, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = factories.draft_request(applicant, with_document=False)
    response = api.as_user(applicant).post(
        f"/api/v1/requests/{request.pk}/documents/",
        {"kind": "end_user_certificate",
         "file": SimpleUploadedFile("euc.pdf", pdf_with_javascript(),
                                    content_type="application/pdf")}, format="multipart")
    assert response.status_code == 400
    assert "JavaScript" in response.json()["file"][0]
    assert not Document.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def _stored_files(settings):
    return sorted(p.relative_to(settings.MEDIA_ROOT).as_posix()
                  for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_a_file_whose_row_rolled_back_is_removed_by_the_sweep(settings):
    applicant = factories.ApplicantFactory()
    kept = factories.draft_request(applicant)
    request = factories.draft_request(applicant, with_document=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        upload_document(actor=applicant, request=request, kind=DocumentKind.END_USER_CERTIFICATE,
                        name="euc.pdf", data=minimal_pdf("rolled back"))
        raise RuntimeError("the connection died before commit")
    assert len(_stored_files(settings)) == 2  # the orphan is on disk
    assert remove_orphan_files(older_than_seconds=3600) == []  # too young: may be in flight
    old = time.time() - 7200
    for name in _stored_files(settings):
        os.utime(Path(settings.MEDIA_ROOT) / name, (old, old))
    removed = remove_orphan_files(older_than_seconds=3600)
    assert len(removed) == 1
    assert _stored_files(settings) == [kept.documents.get().file.name]


def test_the_sweep_command_runs(settings, capsys):
    call_command("remove_orphan_uploads", "--older-than", "0")
    assert "0 orphan file(s) removed" in capsys.readouterr().out


def test_an_upload_refused_by_the_service_leaves_no_file(settings):
    applicant = factories.ApplicantFactory()
    request = factories.draft_request(applicant, with_document=False)
    with pytest.raises(InvalidInput):
        upload_document(actor=applicant, request=request, kind=DocumentKind.END_USER_CERTIFICATE,
                        name="euc.pdf", data=pdf_with_attachment())
    assert _stored_files(settings) == []
