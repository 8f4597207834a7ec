"""Uploads are checked by parsing the whole file, not only its first bytes."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests import samples
from wangcang.uploads import ALLOWED_SPREADSHEETS, validate_upload


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_real_pdf_png_jpeg_and_workbook_pass():
    assert validate_upload(upload("签到表.pdf", samples.PDF)) == "application/pdf"
    assert validate_upload(upload("照片.png", samples.PNG)) == "image/png"
    assert validate_upload(upload("照片.jpg", samples.JPEG)) == "image/jpeg"
    handle = io.BytesIO()
    Workbook().save(handle)
    assert validate_upload(upload("名册.xlsx", handle.getvalue()), ALLOWED_SPREADSHEETS)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("证明.pdf", b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"),
        ("证明.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),  # no page at all
        ("证明.pdf", samples.PDF[: len(samples.PDF) // 2]),  # cut off
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html>" * 3),
        ("照片.jpg", b"\xff\xd8\xff\xe0" + b"<svg onload=alert(1)>" * 10),
        ("名册.xlsx", b"PK\x03\x04" + b"<html></html>" * 10),
    ],
)
def test_a_file_that_only_starts_like_its_type_is_refused(name, content):
    allowed = ALLOWED_SPREADSHEETS if name.endswith(".xlsx") else None
    with pytest.raises(ValidationError) as raised:
        validate_upload(upload(name, content), *([allowed] if allowed else []))
    assert raised.value.code in {"unreadable", "not_readable", "bad_type"}
    if raised.value.code == "unreadable":
        assert "无法读取" in str(raised.value.messages[0])
