"""The search indexes of PostgreSQL, as a migration operation (see wangcang.search)."""

from __future__ import annotations


def postgresql_search_indexes(*indexes: tuple[str, str, str, str]):
    """A migration operation creating the search indexes on PostgreSQL and nothing on SQLite.
    Each index is ``(name, table, column, kind)``: ``"trigram"`` for a GIN trigram index on
    ``UPPER(column)`` (what ``icontains`` compares), ``"prefix"`` for a B-tree that serves
    ``LIKE 'words%'`` under any collation. ``pg_trgm`` is a trusted extension: the database's
    owner may create it."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        if any(kind == "trigram" for _name, _table, _column, kind in indexes):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column, kind in indexes:
            if kind == "trigram":
                using = f'gin (UPPER("{column}"::text) gin_trgm_ops)'
            else:
                using = f'btree ("{column}" varchar_pattern_ops)'
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING {using}')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _column, _kind in indexes:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)
