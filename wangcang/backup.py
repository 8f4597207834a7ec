"""Backup and restore of one instance: the database (``pg_dump`` for PostgreSQL, SQLite's
online backup API for the embedded default) and the uploaded files under ``MEDIA_ROOT``,
with a manifest of row counts and SHA-256 checksums that a restore checks before and after.

A backup is a folder::

    backup-20261130-020000/
      manifest.json      what is in it, counts per table, checksums
      database.dump      pg_dump custom format  (or database.sqlite3)
      media.tar.gz       every uploaded and generated file
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        counts[meta.label] = model._base_manager.count()
    return dict(sorted(counts.items()))


def media_files(root: Path) -> list[dict]:
    if not root.exists():
        return []
    return [
        {"path": path.relative_to(root).as_posix(), "size": path.stat().st_size, "sha256": sha256(path)}
        for path in sorted(root.rglob("*"))
        if path.is_file()
    ]


def _pg_environment() -> tuple[list[str], dict]:
    database = connection.settings_dict
    arguments = ["--host", database["HOST"] or "localhost", "--port", str(database["PORT"] or 5432)]
    if database["USER"]:
        arguments += ["--username", database["USER"]]
    env = {**os.environ}
    if database["PASSWORD"]:
        env["PGPASSWORD"] = database["PASSWORD"]
    return arguments, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def dump_database(target: Path) -> Path:
    if connection.vendor == "postgresql":
        path = target / "database.dump"
        arguments, env = _pg_environment()
        _run(
            [
                "pg_dump",
                *arguments,
                "--format=custom",
                "--no-owner",
                "--file",
                str(path),
                connection.settings_dict["NAME"],
            ],
            env,
        )
        return path
    if connection.vendor == "sqlite":
        path = target / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)  # a consistent copy while the portal runs
        finally:
            destination.close()
        return path
    raise BackupError(f"no backup method for the {connection.vendor} database")


def load_database(path: Path) -> None:
    if connection.vendor == "postgresql":
        arguments, env = _pg_environment()
        connection.close()
        _run(
            [
                "pg_restore",
                *arguments,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(path),
            ],
            env,
        )
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    raise BackupError(f"no restore method for the {connection.vendor} database")


def create(output: Path, *, now: datetime | None = None) -> Path:
    """Write a backup folder under ``output`` and return it."""
    now = timezone.localtime(now)
    target = Path(output) / f"backup-{now:%Y%m%d-%H%M%S}"
    target.mkdir(parents=True, exist_ok=False)
    database = dump_database(target)
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    archive = target / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for item in files:
            tar.add(media_root / item["path"], arcname=item["path"])
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "database": {"engine": connection.vendor, "file": database.name, "sha256": sha256(database)},
        "media": {"file": archive.name, "sha256": sha256(archive), "files": files},
        "counts": row_counts(),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


@dataclass
class Restored:
    rows: int
    files: int


def is_empty_instance() -> bool:
    """No account and no organization yet: a fresh ``migrate`` (its reference data aside).
    The organization model is looked up by its label, as every other table here is: the
    backup knows the apps only through Django's registry."""
    from wangcang.models import User

    organization = apps.get_model("orgs", "Organization")
    return not User.objects.exists() and not organization._base_manager.exists()


def restore(source: Path, *, force: bool = False) -> Restored:
    """Load a backup folder into this (empty) instance; check checksums before and the row
    counts and file checksums after."""
    source = Path(source)
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    database = source / manifest["database"]["file"]
    archive = source / manifest["media"]["file"]
    for path, expected in ((database, manifest["database"]["sha256"]), (archive, manifest["media"]["sha256"])):
        if sha256(path) != expected:
            raise BackupError(f"{path.name} does not match its checksum in the manifest: the backup is damaged")
    if manifest["database"]["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['database']['engine']} database, this instance uses {connection.vendor}"
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if not is_empty_instance():
            raise BackupError("this instance already holds accounts or organizations; restore into an empty one")
        if media_files(media_root):
            raise BackupError(f"MEDIA_ROOT ({media_root}) already holds files; restore into an empty one")

    load_database(database)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(media_root, filter="data")

    counts = row_counts()
    wrong = {
        label: (count, counts.get(label)) for label, count in manifest["counts"].items() if counts.get(label) != count
    }
    if wrong:
        raise BackupError(f"row counts differ after the restore (expected, found): {wrong}")
    restored = {item["path"]: item for item in media_files(media_root)}
    for item in manifest["media"]["files"]:
        if restored.get(item["path"], {}).get("sha256") != item["sha256"]:
            raise BackupError(f"{item['path']} was not restored intact")
    # The restored figures generations may equal ones this instance counted before.
    from .keptrows import forget_all

    forget_all()
    return Restored(rows=sum(counts.values()), files=len(manifest["media"]["files"]))


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backup folders under ``folder``."""
    backups = sorted(path for path in Path(folder).glob("backup-*") if (path / "manifest.json").exists())
    removed = backups[:-keep] if keep > 0 else []
    for path in removed:
        shutil.rmtree(path)
    return removed
