"""What a server process says about itself when it starts: once per start, not once per worker.

Under gunicorn the master says it (``when_ready`` in conflict/gunicorn.py, before any worker is
forked) and marks the environment, which the workers inherit; a worker that finds the mark
stays quiet, so three workers do not repeat the notice three times. Any other server (mod_wsgi,
a single-process server) has no mark and each process that loads conflict/wsgi.py says it.
"""

import logging
import os

from django.conf import settings

log = logging.getLogger("conflict")

# Set by the gunicorn master after it announced the mode; inherited by its workers.
ANNOUNCED = "CONFLICT_MODE_ANNOUNCED"


def mode_notices() -> list[str]:
    notices = []
    if settings.EMBEDDED_DATABASE:
        notices.append(f"Embedded mode: no DATABASE_URL, using SQLite at {settings.DATABASES['default']['NAME']}.")
    if settings.EMBEDDED_TASKS:
        notices.append("Embedded mode: no CELERY_BROKER_URL, Celery tasks run in-process in the web server.")
    return notices


def announce_mode(logger: logging.Logger | None = None, *, once_for_children: bool = False) -> None:
    """Say in the server's log when it runs on the embedded default (SQLite, in-process tasks).

    ``once_for_children``: the caller forks the processes that will load the application (the
    gunicorn master); they inherit a mark and say nothing more."""
    if os.environ.get(ANNOUNCED) == "1":
        return
    for notice in mode_notices():
        (logger or log).warning(notice)
    if once_for_children:
        os.environ[ANNOUNCED] = "1"
