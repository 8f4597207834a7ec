from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncubatorConfig(AppConfig):
    name = "incubator"
    verbose_name = _("Incubation base")

    def ready(self) -> None:
        # Its records on an organization's page (orgs knows no app built on it).
        from . import related  # noqa: F401
