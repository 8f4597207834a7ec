from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Writes to the records behind the figures invalidate the stored snapshots.
        from wangcang import freshness

        freshness.connect()
