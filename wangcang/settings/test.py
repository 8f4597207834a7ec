"""The test suite: fast hashing, in-memory mail, tasks eager unless a test starts a worker.

``make test`` runs the suite in parallel processes (pytest-xdist, one per core). Each process
has its own database (pytest-django adds the process's name), its own media and backup
folders, its own cache keys and its own broker keys: a real Celery worker started by one
process's test never takes another process's task from the shared Redis.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES, env

XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_suffix = f"-{XDIST_WORKER}" if XDIST_WORKER else ""

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "wangcang.sms.LocmemBackend"
MEDIA_ROOT = BASE_DIR / "var" / f"test-media{_suffix}"
BACKUP_ROOT = BASE_DIR / "var" / f"test-backups{_suffix}"
CACHES["default"]["KEY_PREFIX"] = f"test{_suffix}"
if XDIST_WORKER:
    CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": f"{XDIST_WORKER}:"}
# Tests queue tasks through actions and read their results at once; the worker test
# switches this off for itself and runs a real worker against the real broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Background jobs go through the (eager) Celery task too; the threaded runner's tests
# switch to "thread" for themselves.
BACKGROUND_JOB_RUNNER = "celery"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, as the embedded default runs: SQLite's shared-cache
    # memory database answers "table is locked" at once to a second thread instead of
    # waiting, which the live server's and the threaded job runner's tests would meet.
    # Nothing needs to survive a crash of the machine, so no fsync.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # a fresh clone has no var/ yet
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
