"""Uploaded files: PDFs with active content or too much compressed data are refused, and
stored files that no row refers to are removed.

A PDF is parsed (pypdf) and every object reachable from its trailer is inspected: anything
that runs or carries something when opened (JavaScript, a launch action, embedded files, XFA
forms, rich media) is refused, and so is a file whose streams decompress to more than
`PDF_MAX_DECOMPRESSED_BYTES` (a decompression bomb) or that has another file glued to it
(a polyglot: something before `%PDF-` or after the last `%%EOF`). Officials open these files:
the system must not be the way a hostile document reaches them."""

import logging
import os
import time
import zlib
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from licensing.models import Document, LicenceDocument

logger = logging.getLogger(__name__)

_ACTIVE_KEYS = {"/JS": "JavaScript", "/JavaScript": "JavaScript",
                "/EmbeddedFiles": gettext_lazy("embedded files"),
                "/EF": gettext_lazy("embedded files"), "/XFA": gettext_lazy("an XFA form"),
                "/RichMediaContent": gettext_lazy("rich media")}
_ACTIVE_ACTIONS = {"/JavaScript": "JavaScript", "/Launch": gettext_lazy("a launch action"),
                   "/ImportData": gettext_lazy("an import-data action"),
                   "/GoToE": gettext_lazy("embedded files"),
                   "/RichMediaExecute": gettext_lazy("rich media")}
_MAX_OBJECTS = 200_000
_TRAILING_SLACK = 32  # stray bytes some writers leave after %%EOF


class UnsafePdf(ValueError):
    pass


def _flate_size(raw: bytes, budget: int) -> int:
    inflater = zlib.decompressobj()
    size, data = 0, raw
    while data and size <= budget:
        size += len(inflater.decompress(data, 1 << 20))
        data = inflater.unconsumed_tail
    return size


def _stream_size(stream: StreamObject, budget: int) -> int:
    filters = stream.get("/Filter")
    raw = getattr(stream, "_data", b"") or b""
    try:
        if filters in ("/FlateDecode", ["/FlateDecode"]):
            return _flate_size(raw, budget)
        return len(stream.get_data())
    except LimitReachedError:
        return budget + 1
    except (zlib.error, PdfReadError, ValueError, NotImplementedError):
        return len(raw)  # undecodable: count what is stored


def inspect_pdf(data: bytes) -> None:
    """Raise UnsafePdf with a reason the uploader can act on; return if the PDF is plain."""
    if not data.startswith(b"%PDF-"):
        raise UnsafePdf(_("The file does not start as a PDF does (another file is joined "
                          "to it)."))
    end = data.rfind(b"%%EOF")
    if end < 0 or len(data[end + 5:].strip(b" \r\n\t\x00")) > _TRAILING_SLACK:
        raise UnsafePdf(_("Something is joined to the end of this PDF."))
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnsafePdf(_("Encrypted PDFs cannot be checked: upload it without a password."))
        root = reader.trailer
    except UnsafePdf:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise UnsafePdf(_("The PDF cannot be read: it is damaged.")) from exc
    budget = settings.PDF_MAX_DECOMPRESSED_BYTES
    total, seen, stack, count = 0, set(), [root], 0
    try:
        while stack:
            node = stack.pop()
            if isinstance(node, IndirectObject):
                key = (node.idnum, node.generation)
                if key in seen:
                    continue
                seen.add(key)
                node = node.get_object()
            count += 1
            if count > _MAX_OBJECTS:
                raise UnsafePdf(_("The PDF is too complex to check."))
            if isinstance(node, DictionaryObject):
                for name, what in _ACTIVE_KEYS.items():
                    if name in node:
                        raise UnsafePdf(_("The PDF contains %(what)s, which is not accepted: "
                                          "print it to a plain PDF and upload that.")
                                        % {"what": what})
                action = node.get("/S")
                kind = node.get("/Type")
                what = _ACTIVE_ACTIONS.get(action) or (
                    _("embedded files") if kind == "/EmbeddedFile" else None)
                if what:
                    raise UnsafePdf(_("The PDF contains %(what)s, which is not accepted: "
                                      "print it to a plain PDF and upload that.")
                                    % {"what": what})
                if isinstance(node, StreamObject):
                    total += _stream_size(node, budget - total)
                    if total > budget:
                        raise UnsafePdf(_("The PDF expands to more than %(mb)d MB when "
                                          "opened.") % {"mb": budget // (1024 * 1024)})
                stack.extend(dict.values(node))
            elif isinstance(node, ArrayObject):
                stack.extend(list.__iter__(node))
    except UnsafePdf:
        raise
    except RecursionError as exc:
        raise UnsafePdf(_("The PDF is too complex to check.")) from exc
    except Exception as exc:
        raise UnsafePdf(_("The PDF cannot be read: it is damaged.")) from exc


# --- stored files no row refers to -------------------------------------------------------

UPLOAD_FOLDERS = ("documents", "licences")


def referenced_files() -> set[str]:
    names = set(Document.objects.values_list("file", flat=True))
    names |= set(LicenceDocument.objects.values_list("file", flat=True))
    return {name for name in names if name}


def remove_orphan_files(older_than_seconds: int | None = None) -> list[str]:
    """Delete stored uploads that no row refers to: left by a transaction that failed after
    the file was written (the row rolled back, or the connection died at commit). Files
    younger than `older_than_seconds` are kept: their transaction may still be open."""
    if older_than_seconds is None:
        older_than_seconds = settings.ORPHAN_UPLOAD_GRACE_SECONDS
    root = Path(settings.MEDIA_ROOT)
    keep = referenced_files()
    cutoff = time.time() - older_than_seconds
    removed = []
    for folder in UPLOAD_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if not path.is_file():
                continue
            name = path.relative_to(root).as_posix()
            if name in keep or path.stat().st_mtime > cutoff:
                continue
            try:
                path.unlink()
                removed.append(name)
            except FileNotFoundError:
                pass
    for folder in UPLOAD_FOLDERS:  # empty per-request folders too
        base = root / folder
        if base.is_dir():
            for directory in sorted(base.rglob("*"), reverse=True):
                if directory.is_dir() and not any(directory.iterdir()):
                    os.rmdir(directory)
    if removed:
        logger.warning("Removed %d orphan upload(s): %s", len(removed), ", ".join(removed))
    return removed
