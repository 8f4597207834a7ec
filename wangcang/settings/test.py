"""The test suite: fast hashing, in-memory mail, tasks eager unless a test starts a worker."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# Tests queue tasks through actions and read their results at once; the worker test
# switches this off for itself and runs a real worker against the real broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
