"""Demo data of the reports app, loaded by ``manage.py load_demo`` (idempotent): the
figures of Wangcang and its city for all time and the current periods, computed from the
demo records of the other pillars."""

from wangcang.models import Division
from wangcang.periods import ALL, current_periods


def load(*, stdout=None) -> None:
    from wangcang import freshness

    from . import actions

    # The other demo loaders write in bulk, without signals: nothing stored before is current.
    freshness.mark_all_changed()
    divisions = list(Division.objects.filter(code__in=["510821", "510800"]))
    count = actions.snapshots_compute(divisions=divisions, periods=[ALL, *current_periods()])
    if stdout is not None:
        stdout.write(f"reports: {count} sets of figures computed\n")
