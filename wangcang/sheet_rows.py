"""The rows of a workbook's first worksheet, as values, read in one streaming pass.

openpyxl's read-only mode has two costs that do not depend on what an import reads:

- opening the workbook looks for the sheet's ``<dimension>``; a sheet without one (files
  written in streaming mode: openpyxl's write-only mode, many report generators) is parsed
  to its end once just to find that out, before any row is read;
- every inline-string cell (such files store text inline rather than in the shared-string
  table) goes through openpyxl's rich-text object model, about ten times the cost of a
  shared string.

This reader builds on openpyxl's own parts (the package manifest, the shared strings, the
styles that mark date cells, its row parser) and replaces only those two steps: the
dimension is read from the head of the sheet, and a plain inline string is taken as its text.
Values are the ones openpyxl's ``iter_rows(values_only=True)`` gives, missing rows included as
empty ones, so row numbers match the sheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import iterparse

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG, INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"


class _RowParser(WorkSheetParser):
    def parse_cell(self, element):
        if element.get("t") == "inlineStr":
            child = element.find(INLINE_STRING)
            # Plain text (one <t>); rich text and phonetic runs take openpyxl's own path.
            if child is not None and len(child) == 1 and child[0].tag == TEXT_TAG:
                coordinate = element.get("r")
                if coordinate:
                    row, column = coordinate_to_tuple(coordinate)
                    self.col_counter = column
                else:
                    self.col_counter += 1
                    row, column = self.row_counter, self.col_counter
                return {"row": row, "column": column, "value": child[0].text or "", "data_type": "s"}
        return super().parse_cell(element)


class FirstSheet:
    """The first worksheet of an XLSX file: ``rows`` (a row count, from the sheet's dimension,
    or ``None`` when the file carries none) and :meth:`values`. Raises whatever openpyxl raises
    for a file that is not a workbook; the caller turns that into the user's words."""

    def __init__(self, handle):
        reader = ExcelReader(handle, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        self._archive = reader.archive
        self._workbook = reader.wb
        self._shared_strings = reader.shared_strings
        self.path = next(
            (
                rel.target
                for _sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ),
            None,
        )
        self.rows = self._dimension_rows() if self.path else None

    def _dimension_rows(self) -> int | None:
        with self._archive.open(self.path) as source:
            for _event, element in iterparse(source, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    return range_boundaries(element.get("ref") or "A1")[3]
                if element.tag == DATA_TAG:
                    return None
        return None

    def values(self) -> Iterator[tuple]:
        """Every row from the first, as a tuple of cell values (``None`` for an empty cell)."""
        if self.path is None:
            return
        with self._archive.open(self.path) as source:
            parser = _RowParser(
                source,
                self._shared_strings,
                data_only=True,
                epoch=self._workbook.epoch,
                date_formats=self._workbook._date_formats,
                timedelta_formats=self._workbook._timedelta_formats,
            )
            expected = 1
            for number, cells in parser.parse():
                for _missing in range(expected, number):
                    yield ()
                expected = number + 1
                if not cells:
                    yield ()
                    continue
                values = [None] * max(cell["column"] for cell in cells)
                for cell in cells:
                    values[cell["column"] - 1] = cell["value"]
                yield tuple(values)

    def close(self) -> None:
        self._archive.close()
