"""Background-job handlers of self-reporting (see wangcang.jobs)."""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.utils import timezone

from wangcang.jobs import Progress, job_handler
from wangcang.models import BackgroundJob
from wangcang.xlsx import write_workbook

from .queries import accepted_reports_for, self_report_sheet


@job_handler("selfreports.accepted_export")
def accepted_export(job: BackgroundJob, progress: Progress) -> None:
    """Every accepted report the job's creator may see, in one workbook."""
    rows = accepted_reports_for(job.created_by)
    progress.start(rows.count())

    def counted():
        for done, report in enumerate(rows.iterator(chunk_size=500), start=1):
            progress.advance(done)
            yield report

    filename = f"selfreports-accepted-{timezone.localdate():%Y%m%d}.xlsx"
    with tempfile.TemporaryFile() as handle:
        write_workbook(handle, [self_report_sheet(counted(), with_round=True)])
        handle.seek(0)
        job.result_file.save(filename, File(handle), save=False)
    job.result = {"filename": filename}
    job.save(update_fields=["result_file", "result"])
