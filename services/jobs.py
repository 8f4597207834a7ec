"""Background-job handlers (see wangcang.jobs)."""

from .funds import jobs as funds_jobs  # noqa: F401
