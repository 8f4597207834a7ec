"""The county report as PDF (WeasyPrint, A4): a cover page, the four sections and their
tables, page numbers in the footer. The CJK font is named in every ``font-family`` of
the stylesheet so that WeasyPrint embeds it and every Chinese character can be copied
out of the PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import narrative, queries
from .queries import Figures


def render_html(figures: Figures) -> str:
    scope = figures.scope
    with translation.override("zh-hans"):
        return render_to_string(
            "reports/report_pdf.html",
            {
                "title": narrative.report_title(scope.division),
                "division": scope.division,
                "period": scope.period,
                "sections": narrative.build(figures),
                "figures": figures,
                "town_figures": queries.town_figures(scope) if queries.shows_towns(scope) else None,
                "generated_at": timezone.localtime(),
            },
        )


def render_pdf(figures: Figures) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(figures)).write_pdf()
