"""The county report as PDF (WeasyPrint, A4): a cover page, a table of contents with page
numbers, the four sections with their tables and the dashboard's charts (drawn as SVG on the
server, ``svgcharts``), page numbers in the footer. The CJK font is named in every
``font-family`` of the stylesheet so that WeasyPrint embeds it and every Chinese character
can be copied out of the PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from . import narrative, queries, svgcharts
from .queries import Figures


def report_charts(figures: Figures) -> list[dict]:
    """The dashboard's charts for the report's scope, each with its SVG (``None`` when the
    period has no records for it), numbered in the order the report shows them."""
    charts = []
    for item in queries.chart_data(figures.scope):
        # Safe: pygal builds the SVG with an XML library, which escapes every label.
        svg = svgcharts.chart_svg(item)
        charts.append({**item, "svg": mark_safe(svg) if svg else None})
    return charts


def render_html(figures: Figures) -> str:
    scope = figures.scope
    with translation.override("zh-hans"):
        sections = narrative.build(figures)
        charts = report_charts(figures)
        keys = {section.key for section in sections}
        by_pillar: dict[str, list[dict]] = {}
        for item in charts:
            by_pillar.setdefault(item["pillar"] if item["pillar"] in keys else "", []).append(item)
        number = 0
        parts = []
        for section in sections:
            own = by_pillar.get(section.key, [])
            for item in own:
                number += 1
                item["number"] = number
            parts.append({"section": section, "charts": own})
        appendix = by_pillar.get("", [])
        for item in appendix:
            number += 1
            item["number"] = number
        return render_to_string(
            "reports/report_pdf.html",
            {
                "title": narrative.report_title(scope.division),
                "division": scope.division,
                "period": scope.period,
                "sections": sections,
                "parts": parts,
                "appendix_charts": appendix,
                "figures": figures,
                "town_figures": queries.town_figures(scope) if queries.shows_towns(scope) else None,
                "generated_at": timezone.localtime(),
            },
        )


def render_pdf(figures: Figures) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(figures)).write_pdf()
