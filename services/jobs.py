"""Background-job handlers (see wangcang.jobs)."""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.utils import timezone

from wangcang.jobs import job_handler

from .funds import jobs as funds_jobs  # noqa: F401

DELIVERIES_EXPORT = "services.deliveries_export"


@job_handler(DELIVERIES_EXPORT)
def export_deliveries(job, progress) -> None:
    """A large delivery export, filtered as on the list page, for the user who asked;
    scoping is applied again here, with that user's current rights."""
    from django.http import QueryDict

    from wangcang.models import User
    from wangcang.xlsx import write_workbook

    from .filters import DeliveryFilter
    from .views import DeliveryListView

    user = User.objects.get(pk=job.created_by_id)
    queryset = DeliveryFilter(QueryDict(job.params.get("query", "")), queryset=_scoped(user), request=_Request(user)).qs
    total = queryset.count()
    progress.start(total, "")

    def counted(sheet_rows):
        for done, row in enumerate(sheet_rows, start=1):
            progress.advance(done)
            yield row

    sheet = DeliveryListView().export_sheet(queryset)
    sheet.rows = counted(sheet.rows)
    with tempfile.TemporaryFile() as handle:
        write_workbook(handle, [sheet])
        handle.seek(0)
        filename = f"deliveries-{timezone.localdate():%Y%m%d}.xlsx"
        job.result_file.save(filename, File(handle), save=False)
    job.result = {"filename": filename, "rows": total}
    job.save(update_fields=["result_file", "result"])


class _Request:
    def __init__(self, user):
        self.user = user


def _scoped(user):
    from .queries import deliveries_for

    return deliveries_for(user)
