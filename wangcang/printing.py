"""Printable documents: one A4 page drawn from a template with WeasyPrint, issued in the name
of the county union (``Division.federation_name``) and downloaded from the record's page.

A document is one page from one record, rendered in well under a second, so it is drawn in
the request; the county report, which computes the whole catalogue, is a background job."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_document_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("zh-hans"):
        html = render_to_string(template, {"issued_on": timezone.localdate(), **context})
    return HTML(string=html).write_pdf()


def document_response(template: str, context: dict, *, filename: str) -> HttpResponse:
    """The PDF as a download named ``filename`` (UTF-8 names are encoded by Django)."""
    response = HttpResponse(render_document_pdf(template, context), content_type="application/pdf")
    from django.utils.encoding import escape_uri_path

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response
