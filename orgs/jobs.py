"""Background-job handlers (see wangcang.jobs)."""

from .cohesion import jobs as cohesion_jobs  # noqa: F401
from .selfreports import jobs as selfreports_jobs  # noqa: F401
