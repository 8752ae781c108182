"""Import one level of an OCHA/HDX administrative P-code table (CSV)."""

from django.core.management.base import BaseCommand, CommandError

from conflict.errors import ApplicationError
from events.services.importers import pcodes_import


class Command(BaseCommand):
    help = (
        "Import governorates (--level 1), districts (2) or sub-districts (3) from an OCHA/HDX P-code CSV. "
        "Existing places keep their names; the table's names are added as aliases."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Path to the CSV file.")
        parser.add_argument("--level", type=int, required=True, choices=[1, 2, 3], help="Administrative level.")

    def handle(self, *args, **options):
        try:
            counts = pcodes_import(path=options["path"], level=options["level"], stdout=self.stdout)
        except (ApplicationError, OSError) as error:
            raise CommandError(getattr(error, "message", str(error))) from error
        self.stdout.write(self.style.SUCCESS(f"Imported: {counts.get('locations_created', 0)} new places."))
