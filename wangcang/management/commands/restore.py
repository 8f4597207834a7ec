from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wangcang import backup


class Command(BaseCommand):
    help = "Restore a backup folder (manage.py backup) into an empty instance and check it against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup-<date>-<time>/ folder.")
        parser.add_argument(
            "--force", action="store_true", help="Restore even over an instance that holds data (it is replaced)."
        )

    def handle(self, *args, source: str, force: bool, **options):
        try:
            restored = backup.restore(Path(source), force=force)
        except (backup.BackupError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored {restored.rows} rows and {restored.files} files; counts and checksums match.")
        )
