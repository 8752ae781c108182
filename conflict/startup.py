"""What a server process says about itself when it starts."""

import logging

from django.conf import settings

log = logging.getLogger("conflict")


def announce_mode() -> None:
    """Say in the server's log when it runs on the embedded default (SQLite, in-process tasks)."""
    if settings.EMBEDDED_DATABASE:
        log.warning("Embedded mode: no DATABASE_URL, using SQLite at %s.", settings.DATABASES["default"]["NAME"])
    if settings.EMBEDDED_TASKS:
        log.warning("Embedded mode: no CELERY_BROKER_URL, Celery tasks run in-process in the web server.")
