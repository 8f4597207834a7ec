"""Evidence uploads (sign-in sheets, certificates, photos): size-limited and checked by
content, not by name: the first bytes must match the extension, and the whole file must
parse as what it claims to be (PDF through pypdf, images through Pillow, workbooks through
openpyxl), so an HTML page renamed ``.pdf``, or one that merely starts with ``%PDF``, is
refused."""

from __future__ import annotations

import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ALLOWED_EVIDENCE = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
}
ALLOWED_SPREADSHEETS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/zip": {".xlsx"},
}


def validate_upload(upload, allowed: dict[str, set[str]] = ALLOWED_EVIDENCE, max_bytes: int | None = None) -> str:
    """Check size, real type and extension; return the detected MIME type."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size).1f MB; at most %(limit).1f MB is accepted."),
            code="too_large",
            params={"size": upload.size / 1048576, "limit": max_bytes / 1048576},
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    extension = PurePath(upload.name).suffix.lower()
    allowed_names = ", ".join(sorted({ext for exts in allowed.values() for ext in exts}))
    if mime not in allowed:
        raise ValidationError(
            _("The content of “%(name)s” is not an accepted file type (%(allowed)s)."),
            code="bad_type",
            params={"name": upload.name, "allowed": allowed_names},
        )
    if extension not in allowed[mime]:
        raise ValidationError(
            _("“%(name)s” is named %(extension)s but its content is of another type."),
            code="bad_extension",
            params={"name": upload.name, "extension": extension or "—"},
        )
    try:
        PARSERS[mime](upload)
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            _("“%(name)s” is not a readable %(kind)s file; it may be damaged or disguised."),
            code="unreadable",
            params={"name": upload.name, "kind": KIND_NAMES[mime]},
        ) from exc
    finally:
        upload.seek(0)
    return mime


def _parse_pdf(upload) -> None:
    from pypdf import PdfReader

    upload.seek(0)
    reader = PdfReader(upload, strict=False)
    if len(reader.pages) < 1:
        raise ValueError("a PDF without pages")
    reader.pages[0].extract_text()  # reads the first page's content stream
    upload.seek(0)
    tail = upload.read()[-2048:]
    if b"%%EOF" not in tail:
        raise ValueError("no end-of-file marker: not a complete PDF")


def _parse_image(upload) -> None:
    from PIL import Image

    upload.seek(0)
    with Image.open(upload) as image:
        image.verify()  # checks the structure without decoding every pixel
    upload.seek(0)
    with Image.open(upload) as image:
        image.load()


def _parse_workbook(upload) -> None:
    from openpyxl import load_workbook

    from .imports import not_readable

    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True)
    except Exception as exc:
        raise not_readable() from exc  # the importers' own words for a broken workbook
    try:
        if not workbook.worksheets:
            raise not_readable()
    finally:
        workbook.close()


PARSERS = {
    "application/pdf": _parse_pdf,
    "image/jpeg": _parse_image,
    "image/png": _parse_image,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _parse_workbook,
    "application/zip": _parse_workbook,
}
KIND_NAMES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/zip": "XLSX",
}


@deconstructible
class EvidenceValidator:
    """Field validator form of :func:`validate_upload`, for PDF, JPG and PNG evidence."""

    def __call__(self, upload) -> None:
        if getattr(upload, "_committed", False):
            return  # an already stored file, not a new upload
        validate_upload(upload, ALLOWED_EVIDENCE)

    def __eq__(self, other) -> bool:
        return isinstance(other, EvidenceValidator)


@deconstructible
class PrivateUploadTo:
    """Store under MEDIA_ROOT/<folder>/<year>/<random name><ext>; the original name is kept
    by the model, never used as a path."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"

    def __eq__(self, other) -> bool:
        return isinstance(other, PrivateUploadTo) and other.folder == self.folder


def serve_private_file(field_file, download_name: str | None = None) -> FileResponse:
    """Answer with a stored private file; the caller has already checked the permission."""
    if not field_file:
        raise Http404(_("No file."))
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing.")) from exc
    response = FileResponse(handle, as_attachment=False, filename=download_name or PurePath(field_file.name).name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
