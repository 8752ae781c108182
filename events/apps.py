import logging
import sys

from django.apps import AppConfig
from django.conf import settings

log = logging.getLogger("conflict")


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events, places and crossings"

    def ready(self) -> None:
        from events import signals  # noqa: F401  (connects dictionary-version signals)

        serving = len(sys.argv) > 1 and sys.argv[1] in {"runserver", "serve"}
        if serving and (settings.EMBEDDED_DATABASE or settings.EMBEDDED_TASKS):
            log.warning(
                "Embedded mode: database %s, tasks %s.",
                "SQLite at var/db.sqlite3 (no DATABASE_URL)" if settings.EMBEDDED_DATABASE else "from DATABASE_URL",
                "executed in-process (no CELERY_BROKER_URL)" if settings.EMBEDDED_TASKS else "sent to the broker",
            )
