"""Evidence uploads (sign-in sheets, certificates, photos): size-limited and checked by
content, not by name, so an HTML page renamed ``.pdf`` is refused."""

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
    return mime


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
