"""Small but real files for upload tests: they parse as what they claim to be (the upload
check opens PDFs with pypdf and images with Pillow)."""

import io

from PIL import Image
from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    handle = io.BytesIO()
    writer.write(handle)
    return handle.getvalue()


def image_bytes(kind: str = "PNG") -> bytes:
    handle = io.BytesIO()
    Image.new("RGB", (4, 4), (179, 38, 30)).save(handle, format=kind)
    return handle.getvalue()


PDF = pdf_bytes()
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
