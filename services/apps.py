from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Purchased services and funds")

    def ready(self) -> None:
        # Its records on an organization's page (orgs knows no app built on it).
        from . import related  # noqa: F401
