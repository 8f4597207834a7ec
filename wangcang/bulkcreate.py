"""New records and their history rows written in a few statements: an import's batches.

django-simple-history's ``bulk_create_with_history`` builds a model instance for every record
and a second one for its history row, and Django inserts both with ``INSERT … RETURNING``;
for an import of 100,000 rows that object work is most of the write. Here a record is a dict
of column values (field attnames). On PostgreSQL the ids are drawn from the table's sequence
in one query and both tables are filled with ``COPY``; on other databases (SQLite in the
tests) the records go through ``bulk_create``.

The history row of each record is the one simple-history writes for a created record: the
tracked fields, ``history_type`` "+", the acting user, the time of the write and no change
reason. Like ``bulk_create``, nothing here sends signals: the caller marks the figures it
changes (:func:`wangcang.freshness.mark_rows_changed`).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.utils import timezone

HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id", "history_id")
# COPY's text format: a backslash, tab, newline or carriage return in a value is escaped.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def record_columns(model) -> list:
    """The concrete fields a record of ``model`` is written with, its primary key first.
    Fields set on save (``auto_now``) are not supported: nothing would set them here."""
    fields = [model._meta.pk, *(field for field in model._meta.concrete_fields if not field.primary_key)]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model._meta.label}.{field.name} is set on save; write it with bulk_create.")
    return fields


def history_model(model):
    """The history model of ``model``, or None when history is switched off."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return None
    return model.history.model


def history_rows(model, records: list[dict], *, user, when: datetime) -> list[dict]:
    """The "+" history rows of these created ``records`` (with their ids), as
    simple-history's ``bulk_history_create`` would write them."""
    historical = model.history.model
    tracked = [field.attname for field in historical.tracked_fields]
    extra = [
        field.attname
        for field in historical._meta.concrete_fields
        if field.attname not in tracked and field.attname not in HISTORY_COLUMNS
    ]
    if extra or hasattr(historical, "history_relation"):
        # Custom history fields (an IP address, a relation) take values this function does not know.
        raise ValueError(f"{historical._meta.label} has fields beyond the standard ones: {extra}")
    user_id = user.pk if user is not None else None
    return [
        {
            **{name: record[name] for name in tracked},
            "history_date": when,
            "history_change_reason": None,
            "history_type": "+",
            "history_user_id": user_id,
        }
        for record in records
    ]


def create_with_history(model, rows: list[dict], *, user) -> list[int]:
    """Insert ``rows`` (column values by attname; a missing column takes its field's
    default) as new records of ``model`` with a "+" history row each, in the caller's
    transaction; return their ids in the order of ``rows``. A unique constraint refuses the
    statement with the database's ``IntegrityError``, as ``bulk_create`` would."""
    if not rows:
        return []
    fields = record_columns(model)
    pk = fields[0].attname
    defaults = {field.attname: field.get_default() for field in fields[1:]}
    records = [defaults | row for row in rows]
    if connection.vendor == "postgresql":
        ids = next_ids(model, len(records))
        for record, record_id in zip(records, ids, strict=True):
            record[pk] = record_id
        copy_rows(model, fields, records)
    else:
        created = model._default_manager.bulk_create([model(**record) for record in records])
        ids = [instance.pk for instance in created]
        if None in ids:
            raise NotImplementedError(f"{connection.vendor} does not return the ids of a bulk insert.")
        for record, record_id in zip(records, ids, strict=True):
            record[pk] = record_id
    historical = history_model(model)
    if historical is not None:
        history = history_rows(model, records, user=user, when=timezone.now())
        history_fields = [field for field in historical._meta.concrete_fields if not field.primary_key]
        if connection.vendor == "postgresql":
            copy_rows(historical, history_fields, history)
        else:
            historical._default_manager.bulk_create([historical(**row) for row in history])
    return ids


def next_ids(model, count: int) -> list[int]:
    """``count`` ids from the sequence of ``model``'s table (PostgreSQL), ascending."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def copy_rows(model, fields: list, rows: list[dict]) -> None:
    """Insert ``rows`` into ``model``'s table with PostgreSQL's ``COPY … FROM STDIN``. The
    rows are formatted as the driver reads them, so the server inserts the first ones while
    the next are formatted."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    names = [field.attname for field in fields]
    by_name = {field.attname: field for field in fields}
    lines = CopySource("\t".join(copy_text(row[name], by_name[name]) for name in names) + "\n" for row in rows)
    connection.ensure_connection()
    # The raw cursor's errors as Django's (a unique clash is an IntegrityError), as for execute().
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, lines, size=CopySource.SIZE)
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                while data := lines.read(CopySource.SIZE):
                    copy.write(data)


class CopySource(io.TextIOBase):
    """A text stream read from an iterator of lines, formatted as they are read."""

    SIZE = 64 * 1024

    def __init__(self, lines):
        self._lines = iter(lines)
        self._rest = ""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        parts, length = [self._rest], len(self._rest)
        for line in self._lines:
            parts.append(line)
            length += len(line)
            if size is not None and 0 <= size <= length:
                break
        text = "".join(parts)
        if size is None or size < 0:
            self._rest = ""
            return text
        self._rest = text[size:]
        return text[:size]


def copy_text(value, field, *, prepared: bool = False) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, datetime):
        if settings.USE_TZ and timezone.is_naive(value):
            raise ValueError(f"A naive datetime for {field.name} while time zones are on.")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not prepared:
        return copy_text(field.get_db_prep_save(value, connection), field, prepared=True)
    raise TypeError(f"No COPY text for {type(value).__name__} ({field.name}).")
