from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WangcangConfig(AppConfig):
    name = "wangcang"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from . import schedules

        post_migrate.connect(schedules.sync_after_migrate, sender=self)
