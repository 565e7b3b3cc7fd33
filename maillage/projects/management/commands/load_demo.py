"""`manage.py load_demo`: load the demo projects, printing progress."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from maillage.demo import DEMO_PASSWORD, DEMO_USERS, OTHER_PROJECT_USER, load_demo


def progress_line(label: str, done: int, total: int, width: int = 24) -> str:
    filled = round(width * done / total) if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"


class Command(BaseCommand):
    help = "Load the demo territorial food project (PAT du Pays de Brocéliande)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Date the demo's twelve-month horizon starts from (YYYY-MM-DD).",
        )

    def handle(self, *args, **options):
        def progress(label, done, total):
            self.stdout.write(progress_line(label, done, total))

        try:
            project = load_demo(today=options["today"], progress=progress)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(_("Demo loaded: %(name)s") % {"name": project}))
        for username, _role, name in [*DEMO_USERS, OTHER_PROJECT_USER]:
            self.stdout.write(f"  {username} / {DEMO_PASSWORD}  ({name})")
