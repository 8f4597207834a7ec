"""The dashboard's charts drawn on the server as SVG (pygal), for the PDF report.

The dashboard draws the same data (``queries.chart_data``) with ECharts in the browser; a PDF
has no JavaScript, so here each chart becomes an SVG that WeasyPrint draws as vectors. Every
text of the chart names the CJK font, so Chinese labels render (and are embedded) like the
rest of the report."""

from __future__ import annotations

import re

import pygal
from pygal.style import Style

FONT = "WenQuanYi Micro Hei"
FONT_STACK = f"'{FONT}', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif"
# The portal's union blue first, then colours that stay apart in grey print.
COLOURS = ("#1f4e9a", "#e07b39", "#3a9a5b", "#c0392b", "#8e6cbf", "#7f8c8d", "#d4ac0d", "#16a085")
LABEL_CHARS = 12

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#bbb",
    colors=COLOURS,
    font_family=FONT_STACK,
    label_font_family=FONT_STACK,
    major_label_font_family=FONT_STACK,
    value_font_family=FONT_STACK,
    value_label_font_family=FONT_STACK,
    tooltip_font_family=FONT_STACK,
    title_font_family=FONT_STACK,
    legend_font_family=FONT_STACK,
    no_data_font_family=FONT_STACK,
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=12,
    value_font_size=10,
)


def _short(text: str, size: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= size else text[: size - 1] + "…"


def is_empty(item: dict) -> bool:
    return not item.get("categories") or all(not value for s in item.get("series", []) for value in s.get("data", []))


# pygal numbers the legend's anchors from 0 in every chart; in one document they would clash.
_LEGEND_IDS = re.compile(r' id="activate-serie-\d+"')
# pygal always writes its interactive configuration as a script; a PDF runs none.
_SCRIPTS = re.compile(r"<script\b.*?</script>", re.DOTALL)


def chart_svg(item: dict, *, width: int = 720, height: int = 360) -> str | None:
    """One chart of ``queries.chart_data`` as an ``<svg>`` element, or ``None`` when it has no data."""
    svg = _draw(item, width=width, height=height)
    return _SCRIPTS.sub("", _LEGEND_IDS.sub("", svg)) if svg else None


def _draw(item: dict, *, width: int, height: int) -> str | None:
    if is_empty(item):
        return None
    categories = [str(c) for c in item["categories"]]
    series = item["series"]
    options = {
        "style": STYLE,
        "width": width,
        "height": height,
        "js": [],  # no script: nothing to fetch, nothing a PDF could run
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "show_legend": len(series) > 1 or item["kind"] == "pie",
        "truncate_legend": 30,
        "print_values": item["kind"] == "pie",
        "margin": 10,
    }
    kind = item["kind"]
    long_names = max(len(c) for c in categories) > 10 and not all(c[:4].isdigit() for c in categories)
    if kind == "pie":
        chart = pygal.Pie(inner_radius=0.4, legend_at_bottom_columns=3, **options)
        values = series[0]["data"] if series else []
        for name, value in zip(categories, values, strict=False):
            chart.add(_short(name, 20), value or 0)
        return chart.render(is_unicode=True)
    if kind == "line":
        chart = pygal.Line(x_label_rotation=40 if len(categories) > 12 else 0, show_minor_x_labels=False, **options)
        chart.x_labels_major_every = max(1, len(categories) // 12)
    elif kind == "stacked-bar":
        chart = pygal.StackedBar(x_label_rotation=40 if len(categories) > 8 else 0, **options)
    elif long_names:
        chart = pygal.HorizontalBar(**options)
    else:
        chart = pygal.Bar(x_label_rotation=40 if len(categories) > 8 else 0, **options)
    chart.x_labels = [_short(c) for c in categories]
    for entry in series:
        chart.add(str(entry.get("name", "")), [value if value is not None else 0 for value in entry.get("data", [])])
    return chart.render(is_unicode=True)
