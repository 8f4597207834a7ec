from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wangcang import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one folder, with a manifest of counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=settings.BACKUP_ROOT, help="Folder that receives backup-<date>-<time>/ (BACKUP_ROOT)."
        )
        parser.add_argument("--keep", type=int, default=0, help="Afterwards keep only this many newest backups.")

    def handle(self, *args, output: str, keep: int, **options):
        try:
            target = backup.create(Path(output))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for removed in backup.prune_backups(Path(output), keep) if keep else []:
            self.stdout.write(f"Removed the old backup {removed}")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
        return None
