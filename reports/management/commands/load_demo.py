from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangcang.demo import DEMO_PASSWORD, DEMO_USERS

# The order matters: each pillar builds on the registry.
DEMO_MODULES = ["wangcang.demo", "orgs.demo", "incubator.demo", "services.demo", "reports.demo"]


def foreign_records() -> list[str]:
    """What the database holds that the demo loader did not create: users other than the
    demo ones, or organizations entered before any demo load."""
    from orgs.models import Organization
    from wangcang.models import User

    demo_usernames = [username for username, *_rest in DEMO_USERS]
    found = []
    if count := User.objects.exclude(username__in=demo_usernames).count():
        found.append(f"{count} users")
    if not User.objects.filter(username__in=demo_usernames).exists() and (count := Organization.objects.count()):
        found.append(f"{count} organizations")
    return found


class Command(BaseCommand):
    help = "Load the Wangcang demo data (idempotent: running it again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only when the database has no organization yet.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even under production settings or into a database with records of its own.",
        )

    def handle(self, *args, if_empty: bool = False, quiet_logins: bool = False, force: bool = False, **options):
        from orgs.models import Organization

        production = settings.PORTAL_ENVIRONMENT == "production"
        if if_empty and Organization.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
            if not quiet_logins and not production:
                self.print_logins()
            return
        if production and not force:
            raise CommandError(
                "Refusing to load demo data under production settings "
                "(DJANGO_SETTINGS_MODULE=wangcang.settings.production); use --force to load it anyway, "
                "without the demo passwords."
            )
        if (found := foreign_records()) and not force:
            raise CommandError(
                "Refusing to load demo data into a database that holds records the demo did not create "
                f"({', '.join(found)}); use --force to load it anyway."
            )
        from wangcang import freshness

        # The records of every pillar first, marking every division's figures changed once
        # at the end; then the figures, computed from them.
        *records, figures = DEMO_MODULES
        with freshness.marks_deferred():
            for name in records:
                self.load(name)
        self.load(figures)
        if production:
            self.lock_demo_accounts()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not quiet_logins and not production:
            self.print_logins()

    def load(self, name: str) -> None:
        self.stdout.write(f"Loading {name} …")
        import_module(name).load(stdout=self.stdout)

    def lock_demo_accounts(self) -> None:
        """Under production settings no account may keep a password printed in the source."""
        from wangcang.models import User

        for user in User.objects.filter(username__in=[username for username, *_rest in DEMO_USERS]):
            if user.check_password(DEMO_PASSWORD):
                user.set_unusable_password()
                user.save(update_fields=["password"])
        self.stdout.write(
            "The demo accounts have no password; set one with `manage.py changepassword <username>` if needed."
        )

    def print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write("Demo logins (development only) / 演示账号（仅供开发使用）:")
        for username, role, _last, _first, superuser in DEMO_USERS:
            label = _("Superuser") if superuser else role.label
            self.stdout.write(f"  {username:<10} {DEMO_PASSWORD}   ({label})")
