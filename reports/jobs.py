"""Background job handlers: refreshing the statistics snapshots and rendering the PDF."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from wangcang.catalogue import Scope
from wangcang.jobs import job_handler
from wangcang.models import Division

from . import actions, pdf, queries


@job_handler(actions.SNAPSHOT_JOB)
def refresh_snapshots(job, progress) -> None:
    division = Division.objects.get(code=job.params["division"])
    divisions = queries.snapshot_divisions().filter(code__startswith=division.prefix)
    periods = [queries.period_from_params(params) for params in job.params["periods"]]
    divisions = list(divisions)
    # About fifty progress writes whatever the size of the run.
    progress.step = max(1, len(divisions) * len(periods) // 50)
    count = actions.snapshots_compute(divisions=divisions, periods=periods, progress=progress)
    job.message = _("%(count)d sets of figures computed.") % {"count": count}
    job.save(update_fields=["message"])


@job_handler(actions.PDF_JOB)
def render_report_pdf(job, progress) -> None:
    params = job.params
    division = Division.objects.get(code=params["division"])
    period = queries.period_from_params(params)
    progress.step = 1  # three steps, each worth showing
    progress.start(3, _("Computing the figures"))
    figures = queries.figures(Scope(division=division, period=period))
    progress.advance(1, _("Rendering the PDF"))
    content = pdf.render_pdf(figures)
    progress.advance(2, _("Saving the file"))
    report = actions.report_file_create(user=job.created_by, scope=figures.scope, content=content)
    job.result_file.name = report.file.name
    job.result = {"filename": report.filename, "url": reverse("reports:file-download", args=[report.pk])}
    job.message = _("The report is ready.")
    job.save(update_fields=["result_file", "result", "message"])
    progress.advance(3)
