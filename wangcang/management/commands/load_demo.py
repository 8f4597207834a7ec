from importlib import import_module

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wangcang.demo import DEMO_PASSWORD, DEMO_USERS

# The order matters: each pillar builds on the registry.
DEMO_MODULES = ["wangcang.demo", "orgs.demo", "incubator.demo", "services.demo", "reports.demo"]


class Command(BaseCommand):
    help = "Load the Wangcang demo data (idempotent: running it again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only when the database has no organization yet.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, if_empty: bool = False, quiet_logins: bool = False, **options):
        from orgs.models import Organization

        if if_empty and Organization.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
        else:
            for name in DEMO_MODULES:
                module = import_module(name)
                self.stdout.write(f"Loading {name} …")
                module.load(stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not quiet_logins:
            self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write("Demo logins (development only) / 演示账号（仅供开发使用）:")
        for username, role, _last, _first, superuser in DEMO_USERS:
            label = _("Superuser") if superuser else role.label
            self.stdout.write(f"  {username:<10} {DEMO_PASSWORD}   ({label})")
