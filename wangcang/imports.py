"""Excel imports: a template to download, a background job that checks every row, and an
all-or-nothing write.

An app declares an :class:`Importer` (its columns, how to check one row, how to build and
write a batch of records) and registers a job handler that calls :func:`run_import_job`.
The job reads the uploaded workbook once, streaming, so memory stays flat with the file's
size: that pass checks every row, collects a row-by-row error report and spools the cleaned
rows, in batches, to an unnamed temporary file; only when no row has an error are the spooled
rows built and written, in one transaction.
"""

from __future__ import annotations

import io
import pickle
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook

from .sheet_rows import FirstSheet
from .uploads import ALLOWED_SPREADSHEETS, validate_upload
from .xlsx import Sheet, as_text, write_workbook

# The report kept on the job for the page; the full report is in the downloadable file.
ERRORS_SHOWN = 500
MAX_IMPORT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    example: str = ""
    note: str = ""
    choices: tuple = ()

    def note_text(self) -> str:
        """The template's notes row: the column's note, or the values it accepts."""
        if self.choices:
            return _("One of: %(labels)s") % {"labels": "、".join(str(label) for _value, label in self.choices)}
        return str(self.note)


class RowError(Exception):
    """Raised by :meth:`Importer.check_row` with ``[(column header, message), ...]``."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


class Importer:
    """One kind of import. Subclasses set ``columns`` and implement :meth:`check_row`,
    :meth:`build` and :meth:`write_batch`."""

    name: str = ""
    title = gettext_lazy("Import")
    columns: list[Column] = []
    # Rows spooled, built and written together: large enough that the per-batch queries
    # (the insert, its history, the figures' freshness) cost little per row, small enough
    # that a batch of records in memory is a small part of the process.
    batch_size = 2000

    def __init__(self, *, user, params: dict):
        self.user = user
        self.params = params

    def prepare(self) -> None:
        """Load what the checks look up (existing keys, reference names) once."""

    def check_row(self, values: dict) -> dict:
        """Check one row; return the cleaned values or raise :class:`RowError`.
        Remember keys that must be unique inside the file here."""
        raise NotImplementedError

    def build(self, cleaned: dict):
        """The unsaved record for a cleaned row (second pass)."""
        raise NotImplementedError

    def write_batch(self, objects: list) -> None:
        raise NotImplementedError

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @classmethod
    def template_sheet(cls) -> Sheet:
        headers = [f"{column.header}{' *' if column.required else ''}" for column in cls.columns]
        return Sheet(
            title=str(cls.title),
            headers=headers,
            rows=[[column.example for column in cls.columns], [column.note_text() for column in cls.columns]],
            widths=[max(12, len(str(column.header)) * 2 + 4) for column in cls.columns],
        )


def template_workbook(importer_class: type[Importer]) -> bytes:
    """The template: the header row (required columns marked *), an example row and a row of
    notes. Every column is formatted as text, so Excel keeps the 18 characters of a USCC or an
    ID number instead of turning them into a rounded number."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet_spec = importer_class.template_sheet()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_spec.title[:31]
    for row_number, row in enumerate([sheet_spec.headers, *sheet_spec.rows], start=1):
        for column_number, value in enumerate(row, start=1):
            cell = as_text(sheet.cell(row=row_number, column=column_number, value=str(value)))
            cell.number_format = "@"
            if row_number == 1:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for index, width in enumerate(sheet_spec.widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


IMPORTS_FOLDER = "imports"


def not_readable() -> ValidationError:
    return ValidationError(
        _("The file is not a readable Excel workbook (.xlsx); open it in Excel or WPS and save it again as .xlsx."),
        code="not_readable",
    )


def open_workbook(handle):
    """The workbook in read-only mode, or a ValidationError in the user's words: openpyxl
    raises BadZipFile for a truncated file, KeyError for a zip that is no workbook, and
    others for damaged parts."""
    try:
        return load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:
        raise not_readable() from exc


def open_first_sheet(handle) -> FirstSheet:
    """The workbook's first worksheet for a streaming read, or a ValidationError in the
    user's words (see :func:`open_workbook`)."""
    try:
        sheet = FirstSheet(handle)
    except Exception as exc:
        raise not_readable() from exc
    if sheet.path is None:
        sheet.close()
        raise not_readable()
    return sheet


def check_workbook(upload) -> None:
    """Open the upload and read its first row, so that a broken file is refused at once
    instead of failing in the background job."""
    try:
        sheet = open_first_sheet(upload)
        try:
            next(sheet.values(), None)
        except Exception as exc:
            raise not_readable() from exc
        finally:
            sheet.close()
    finally:
        upload.seek(0)


def store_upload(upload) -> str:
    """Check that ``upload`` is really a readable XLSX workbook and keep it for the job;
    return its name."""
    validate_upload(upload, ALLOWED_SPREADSHEETS, max_bytes=MAX_IMPORT_BYTES)
    check_workbook(upload)
    return default_storage.save(f"{IMPORTS_FOLDER}/{uuid.uuid4().hex}.xlsx", upload)


def discard_upload(path: str) -> None:
    if path.startswith(f"{IMPORTS_FOLDER}/"):
        default_storage.delete(path)


# Cell values -----------------------------------------------------------------------------


def text(value) -> str:
    """A cell as text: numbers typed into a text column (18-digit codes) lose no digits when
    the cell was formatted as text; an integral float is written without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


def parse_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value).replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    try:
        year, month, day = (int(part) for part in raw.split("-"))
        return date(year, month, day)
    except (ValueError, TypeError):
        raise ValidationError(
            _("“%(value)s” is not a date; write it as 2022-05-01.") % {"value": text(value)}
        ) from None


def parse_count(value) -> int:
    if value in (None, ""):
        return 0
    try:
        number = Decimal(text(value))
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a whole number.") % {"value": text(value)}) from None
    if number != number.to_integral_value() or number < 0:
        raise ValidationError(_("“%(value)s” is not a whole number of 0 or more.") % {"value": text(value)})
    return int(number)


def parse_yes_no(value) -> bool:
    raw = text(value).lower()
    if raw in ("", "否", "无", "no", "n", "false", "0"):
        return False
    if raw in ("是", "有", "yes", "y", "true", "1"):
        return True
    raise ValidationError(_("Write “是” (yes) or “否” (no), not “%(value)s”.") % {"value": text(value)})


def choice_map(choices) -> dict[str, str]:
    """Accept a choice by its stored value or its label (in the active language)."""
    mapping = {}
    for value, label in choices:
        mapping[str(value).lower()] = value
        mapping[str(label).lower()] = value
    return mapping


def parse_choice(value, mapping: dict[str, str], *, required: bool = False) -> str:
    raw = text(value)
    if not raw:
        if required:
            raise ValidationError(_("This column is required."))
        return ""
    try:
        return mapping[raw.lower()]
    except KeyError:
        labels = "、".join(sorted({key for key in mapping if not key.isascii()}))
        raise ValidationError(_("“%(value)s” is not one of: %(labels)s.") % {"value": raw, "labels": labels}) from None


def messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


# Reading ---------------------------------------------------------------------------------


def _header_key(header, columns: list[Column]) -> str | None:
    label = text(header).rstrip("*").strip()
    for column in columns:
        if label in (str(column.header), column.key):
            return column.key
    return None


def read_rows(handle, columns: list[Column]) -> tuple[int, Iterator[tuple[int, dict]]]:
    """(data rows, iterator of (row number in the sheet, values by column key)). Blank rows
    and the template's example and notes rows (when left in) are skipped."""
    sheet = open_first_sheet(handle)
    rows = readable_rows(sheet.values())
    try:
        headers = next(rows)
    except StopIteration:
        sheet.close()
        raise ValidationError(_("The workbook is empty.")) from None
    keys = [_header_key(header, columns) for header in headers]
    missing = [str(column.header) for column in columns if column.required and column.key not in keys]
    if missing:
        sheet.close()
        raise ValidationError(
            _("The first row must be the template's headers; missing columns: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    total = max((sheet.rows or 1) - 1, 0)
    examples = {
        tuple(text(column.example) for column in columns),
        tuple(text(column.note_text()) for column in columns),
    }
    first_key = columns[0].key
    first_cells = {example[0] for example in examples}

    def iterate():
        for number, row in enumerate(rows, start=2):
            values = {key: value for key, value in zip(keys, row, strict=False) if key}
            if all(text(value) == "" for value in values.values()):
                continue
            # The whole row is compared only when its first cell is an example's.
            if text(values.get(first_key)) in first_cells and (
                tuple(text(values.get(column.key)) for column in columns) in examples
            ):
                continue
            yield number, values
        sheet.close()

    return total, iterate()


def readable_rows(rows):
    """The sheet's rows; a part of the file that cannot be read is reported as such."""
    try:
        yield from rows
    except Exception as exc:
        raise not_readable() from exc


# Running ---------------------------------------------------------------------------------


def run_import(importer: Importer, path: str, progress=None) -> dict:
    """Check every row, then write all rows in one transaction, or none of them.

    The workbook is parsed once: the checked rows are spooled in batches to an unnamed
    temporary file (gone when closed, even if the worker dies), and written from there once
    every row has passed. A record registered by someone else between the check and the write
    is refused by the database's unique constraints, and the whole write is rolled back.

    Returns ``{"status": "imported", "imported": n}`` or ``{"status": "rejected",
    "error_count": n, "rows_with_errors": n, "errors": [{"row", "column", "message"}, ...]}``.
    """
    importer.prepare()
    with tempfile.TemporaryFile() as spool:
        result = check_rows(importer, path, spool, progress)
        if result["status"] == "rejected":
            return result
        spool.seek(0)
        checked = result["rows"]
        written = 0
        with transaction.atomic():
            for cleaned_rows in spooled_batches(spool):
                importer.write_batch([importer.build(cleaned) for cleaned in cleaned_rows])
                written += len(cleaned_rows)
                if progress:
                    progress.advance(checked + written, _("Writing"))
    if progress:
        progress.advance(checked * 2)
    return {"status": "imported", "rows": checked, "imported": written}


def check_rows(importer: Importer, path: str, spool, progress=None) -> dict:
    """The first step of :func:`run_import`: check every row; while none has an error, spool
    the cleaned rows in batches of ``importer.batch_size``."""
    errors: list[dict] = []
    bad_rows = 0
    checked = 0
    batch: list[dict] = []
    try:
        with default_storage.open(path, "rb") as handle:
            total, rows = read_rows(handle, importer.columns)
            if progress:
                progress.start(total * 2, _("Checking rows"))
                # About a hundred progress writes whatever the size: a 100,000-row import
                # writes every 2,000 rows, a 1,000-row one still shows its progress.
                progress.step = max(progress.step, total * 2 // 100)
            for number, values in rows:
                checked += 1
                try:
                    cleaned = importer.check_row(values)
                except RowError as exc:
                    bad_rows += 1
                    errors.extend(
                        {"row": number, "column": column, "message": message} for column, message in exc.errors
                    )
                    batch = []
                else:
                    if not errors:
                        batch.append(cleaned)
                        if len(batch) >= importer.batch_size:
                            pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
                            batch = []
                if progress:
                    progress.advance(checked)
    except ValidationError as exc:
        return {
            "status": "rejected",
            "error_count": 1,
            "rows_with_errors": 0,
            "rows": 0,
            "errors": [{"row": 1, "column": "", "message": message} for message in messages_of(exc)],
        }
    if checked == 0:
        return {
            "status": "rejected",
            "error_count": 1,
            "rows_with_errors": 0,
            "rows": 0,
            "errors": [{"row": 2, "column": "", "message": _("The workbook has no data rows.")}],
        }
    if progress and total != checked:
        # Workbooks written in streaming mode carry no dimensions: the total is known now.
        progress.start(checked * 2, _("Checking rows"))
        progress.advance(checked)
    if errors:
        return {
            "status": "rejected",
            "rows": checked,
            "rows_with_errors": bad_rows,
            "error_count": len(errors),
            "errors": errors,
        }
    if batch:
        pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
    return {"status": "checked", "rows": checked}


def spooled_batches(spool) -> Iterator[list[dict]]:
    while True:
        try:
            # Safe to unpickle: this process wrote the file a moment ago; nothing else can open it.
            yield pickle.load(spool)
        except EOFError:
            return


def error_report(errors: list[dict]) -> bytes:
    handle = io.BytesIO()
    write_workbook(
        handle,
        [
            Sheet(
                title=_("Errors"),
                headers=[_("Row"), _("Column"), _("Problem")],
                rows=[[error["row"], error["column"], error["message"]] for error in errors],
                widths=[8, 24, 80],
            )
        ],
    )
    return handle.getvalue()


def run_import_job(job, progress, importer_class: type[Importer]) -> None:
    """The body of an import job's handler: run the import, keep the result (the first
    errors on the job, all of them as a downloadable workbook)."""
    from .models import User

    user = User.objects.filter(pk=job.created_by_id).first()
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        try:
            result = run_import(importer_class(user=user, params=job.params), job.params["path"], progress)
        finally:
            # The workbook holds ID numbers: it is kept only while its import runs. (A worker
            # killed mid-import leaves it for the redelivery; the nightly prune removes it.)
            discard_upload(job.params["path"])
        if result["status"] == "rejected":
            job.result_file.save(
                f"import-errors-{job.pk}.xlsx", ContentFile(error_report(result["errors"])), save=False
            )
            result["errors"] = result["errors"][:ERRORS_SHOWN]
            result["filename"] = _("import-errors.xlsx")
            job.message = (
                ngettext(
                    "Nothing was imported: %(rows)d row has errors.",
                    "Nothing was imported: %(rows)d rows have errors.",
                    result["rows_with_errors"],
                )
                % {"rows": result["rows_with_errors"]}
                if result["rows_with_errors"]
                else _("Nothing was imported: the file itself has a problem.")
            )
        else:
            job.message = _("%(count)d rows imported.") % {"count": result["imported"]}
    if url := job.params.get("result_url"):
        result["url"] = url
    job.result = result
    job.save(update_fields=["result", "result_file", "message"])
