from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WangcangConfig(AppConfig):
    name = "wangcang"
    verbose_name = _("Portal")

    def ready(self) -> None:
        import mimetypes

        from . import schedules

        # The web app manifest's own type (Python's table lacks it): browsers accept it as
        # JSON either way, but the right type keeps checkers and proxies quiet.
        mimetypes.add_type("application/manifest+json", ".webmanifest")

        post_migrate.connect(schedules.sync_after_migrate, sender=self)

        # Whether a person needs a two-factor code is settled when they sign in, so that
        # their pages pay no query for it afterwards.
        from django.contrib.auth.signals import user_logged_in

        from .accounts import twofactor

        user_logged_in.connect(twofactor.remember_at_login, dispatch_uid="two-factor-at-login")
