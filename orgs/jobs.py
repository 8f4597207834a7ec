"""Background-job handlers (see wangcang.jobs)."""

from wangcang.imports import run_import_job
from wangcang.jobs import job_handler

from .cohesion import jobs as cohesion_jobs  # noqa: F401
from .importers import MemberImporter, OrganizationImporter
from .selfreports import jobs as selfreports_jobs  # noqa: F401


@job_handler("orgs.import_organizations", retryable=False)
def import_organizations(job, progress) -> None:
    """Import an organizations workbook: every row or none."""
    run_import_job(job, progress, OrganizationImporter)


@job_handler("orgs.import_members", retryable=False)
def import_members(job, progress) -> None:
    """Import a members workbook: every row or none."""
    run_import_job(job, progress, MemberImporter)
