import csv

from django.core.management.base import BaseCommand, CommandError

from wangcang.divisions import ensure_divisions, level_of, parent_of


class Command(BaseCommand):
    help = "Add or update administrative divisions from a CSV file of code,name rows."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path: str, **options):
        rows = []
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for line, (code, name, *_) in enumerate(csv.reader(handle), start=1):
                code = code.strip()
                if not (code.isdigit() and len(code) == 6):
                    raise CommandError(f"line {line}: “{code}” is not a six-digit division code")
                rows.append((code, name.strip(), level_of(code), parent_of(code)))
        created = ensure_divisions(rows)
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} divisions read, {created} new."))
