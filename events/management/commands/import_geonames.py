"""Import the populated places of a GeoNames country dump (e.g. SY.txt) as towns."""

from django.core.management.base import BaseCommand, CommandError

from conflict.errors import ApplicationError
from events.services.importers import geonames_dump_import


class Command(BaseCommand):
    help = (
        "Import towns from a GeoNames country dump (tab-separated, 19 columns; download SY.zip from "
        "https://download.geonames.org/export/dump/). Known places are not duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Path to the dump file, e.g. SY.txt.")
        parser.add_argument("--country", default="SY", help="ISO country code of the rows to import (default SY).")

    def handle(self, *args, **options):
        try:
            counts = geonames_dump_import(path=options["path"], country=options["country"], stdout=self.stdout)
        except (ApplicationError, OSError) as error:
            raise CommandError(getattr(error, "message", str(error))) from error
        self.stdout.write(self.style.SUCCESS(f"Imported: {counts.get('locations_created', 0)} new places."))
