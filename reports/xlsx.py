"""The county report as XLSX: one sheet per pillar, its figures first, then the lists of
records behind them (openpyxl write-only, streamed from a temporary file)."""

from __future__ import annotations

import tempfile
from decimal import Decimal

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from wangcang import catalogue
from wangcang.xlsx import _cell, text_cell

from . import narrative, queries
from .queries import Figures

BOLD = Font(bold=True)


def _bold(ws, value):
    return text_cell(ws, value, font=BOLD)


def _number_cell(ws, value, unit) -> WriteOnlyCell:
    """A figure kept as a number, shown with separators: yuan with two places, per cent
    with one, counts whole."""
    if unit == catalogue.UNIT_YUAN:
        cell = WriteOnlyCell(ws, value=Decimal(value))
        cell.number_format = "#,##0.00"
    elif unit == catalogue.UNIT_PERCENT:
        cell = WriteOnlyCell(ws, value=Decimal(value))
        cell.number_format = "0.0"
    elif isinstance(value, Decimal) and value != value.to_integral_value():
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "#,##0.##"
    else:
        cell = WriteOnlyCell(ws, value=int(value))
        cell.number_format = "#,##0"
    return cell


def write_report(target, figures: Figures) -> None:
    scope = figures.scope
    workbook = Workbook(write_only=True)
    listings = catalogue.listings()
    sections = {section.key: section for section in narrative.build(figures)}
    for pillar, title in catalogue.PILLARS.items():
        ws = workbook.create_sheet(title=str(title).split(":")[0].split("：")[0][:31])
        for column, width in zip("ABCDEF", (36, 16, 14, 10, 28, 16), strict=True):
            ws.column_dimensions[column].width = width
        section = sections[pillar]
        ws.append([_bold(ws, f"{section.number}、{section.title}")])
        ws.append([text_cell(ws, f"{narrative.report_title(scope.division)} · {scope.period.label}")])
        ws.append([text_cell(ws, section.paragraph)])
        ws.append([])
        ws.append([_bold(ws, h) for h in (_("Indicator"), _("Value"), _("Unit"), _("Kind"), _("Code"))])
        for row in figures.rows(pillar):
            value = row["value"]
            ws.append(
                [
                    _cell(ws, str(row["label"])),
                    _number_cell(ws, value, row["unit"]),
                    _cell(ws, str(row["unit"])),
                    _cell(ws, _("stock") if row["kind"] == catalogue.STOCK else _("flow")),
                    _cell(ws, row["code"]),
                ]
            )
        for item in listings:
            if item.pillar != pillar:
                continue
            ws.append([])
            ws.append([_bold(ws, item.title)])
            ws.append([_bold(ws, h) for h in item.headers])
            for record in item.compute(scope) or ():
                ws.append(
                    [_cell(ws, value if not hasattr(value, "_proxy____cast") else str(value)) for value in record]
                )
    if queries.shows_towns(scope):
        write_towns(workbook, queries.town_figures(scope))
    workbook.save(target)


def write_towns(workbook, town_figures: dict) -> None:
    """The main figures by town as a table, with a bar chart of organizations and members."""
    from openpyxl.chart import BarChart, Reference

    ws = workbook.create_sheet(title=_("By town")[:31])
    ws.column_dimensions["A"].width = 16
    columns = town_figures["columns"]
    ws.append([_bold(ws, _("Figures by town"))])
    ws.append(
        [
            text_cell(
                ws,
                _(
                    "Communities and villages are counted in their town. Every figure but the rate adds up to the county's."
                ),
            )
        ]
    )
    ws.append([])
    header_row = 4
    ws.append([_bold(ws, _("Town")), *[_bold(ws, f"{column.label}（{column.unit}）") for column in columns]])
    for row in town_figures["rows"]:
        ws.append(
            [
                _cell(ws, row["name"]),
                *[_number_cell(ws, value, column.unit) for value, column in zip(row["values"], columns, strict=True)],
            ]
        )
    last_row = header_row + len(town_figures["rows"])
    ws.append(
        [
            _bold(ws, _("County total")),
            *[
                _number_cell(ws, value, column.unit)
                for value, column in zip(town_figures["totals"], columns, strict=True)
            ],
        ]
    )
    chart = BarChart()
    chart.title = town_figures["chart"]["title"]
    chart.y_axis.title = _("Count")
    chart.height, chart.width = 9, 22
    # Column B: organizations; column G: members (see orgs.queries.TOWN_FIGURES).
    for column_index in (2, 7):
        chart.add_data(Reference(ws, min_col=column_index, min_row=header_row, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    ws.add_chart(chart, f"A{last_row + 4}")


def report_response(figures: Figures) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_report(handle, figures)
    handle.seek(0)
    scope = figures.scope
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{narrative.report_title(scope.division)}-{scope.period.key}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
