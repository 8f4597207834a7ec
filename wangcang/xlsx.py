"""XLSX exports: openpyxl in write-only mode, streamed from a temporary file, so a large
list does not sit in memory as a workbook."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
MONEY_FORMAT = "#,##0.00"

# A text starting with one of these is a formula (or becomes one when someone edits the cell)
# in Excel, LibreOffice and WPS: an organization user could plant ``=HYPERLINK(...)`` in a
# name that staff then export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell):
    """Keep a cell holding user text a text cell, shown as typed: never a formula, and
    quote-prefixed like a cell typed as ``'=...`` so that editing it keeps it text. Works on
    ordinary and write-only cells; returns the cell."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_cell(ws, value, *, font: Font | None = None, fill: PatternFill | None = None):
    """A write-only cell of text (``value`` turned into a string)."""
    cell = as_text(WriteOnlyCell(ws, value=str(value)))
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int] = field(default_factory=tuple)


def _cell(ws, value):
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    elif value is not None and not isinstance(value, (int, float, Decimal, date, bool, str)):
        value = str(value)
    if isinstance(value, str):
        return as_text(WriteOnlyCell(ws, value=value))
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def write_workbook(target, sheets: Iterable[Sheet]) -> None:
    """Write ``sheets`` into ``target`` (a path or a binary file object)."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        for index, width in enumerate(sheet.widths or [16] * len(sheet.headers)):
            ws.column_dimensions[get_column_letter(index + 1)].width = width
        ws.append([text_cell(ws, header, font=HEADER_FONT, fill=HEADER_FILL) for header in sheet.headers])
        for row in sheet.rows:
            ws.append([_cell(ws, value) for value in row])
    workbook.save(target)


def xlsx_response(filename: str, sheets: Iterable[Sheet]) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_workbook(handle, sheets)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
