"""Outages of the database and the broker: 503 with ``Retry-After``, and the health check.

When PostgreSQL cannot be reached (or drops the connection), Django raises ``OperationalError``
or ``InterfaceError``. That is not a bug of the request, and answering 500 tells clients and
load balancers the wrong thing: the answer is ``503 Service Unavailable`` with a
``Retry-After``, in the project's error shape. The API's exception handler calls
``database_outage_response`` for its views; ``DatabaseOutageMiddleware`` does the same for the
other views (the admin). Connecting is bounded by ``DB_CONNECT_TIMEOUT``.

``/health/`` asks the database and the broker separately, each bounded by its timeouts, and
names the one that failed. The details of a failure go to the log, not to anonymous callers.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, JsonResponse

from conflict.errors import error_body

log = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again: long enough not to hammer a database
# that is restarting, short enough for a fail-over to be picked up quickly.
RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(exc: BaseException) -> bool:
    return isinstance(exc, OUTAGE_ERRORS)


def unavailable(body: dict) -> JsonResponse:
    response = JsonResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_outage_response(exc: BaseException) -> JsonResponse:
    log.error("Database unavailable: %s: %s", exc.__class__.__name__, exc)
    return unavailable(error_body(503, "database_unavailable", "The database is unavailable; try again shortly."))


class DatabaseOutageMiddleware:
    """Views outside the API (the admin, health) answer a database outage with 503 too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_database_outage(exception):
            return database_outage_response(exception)
        return None


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        log.error("Health: the database is unreachable: %s: %s", exc.__class__.__name__, exc)
        return "unavailable"
    return "ok"


def _broker_state() -> str:
    from conflict.celery import app

    if app.conf.task_always_eager:
        return "embedded"  # no broker: tasks run in the web process
    try:
        # A new connection, not a pooled one, so the answer is about the broker now; connecting
        # to Redis sends a PING. Bounded by CELERY_BROKER_CONNECTION_TIMEOUT and the socket
        # timeout, with no retries.
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0)
    except Exception as exc:  # any transport's failure means the same: cannot queue work
        log.error("Health: the broker is unreachable: %s: %s", exc.__class__.__name__, exc)
        return "unavailable"
    return "ok"


def health(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer; 503 naming the one that does not.

    ``?check=database`` asks the database only: the web server's own health (the Docker health
    check), since it keeps accepting articles while the broker is down (the sweep sends them).
    """
    checks = {"database": _database_state()}
    if request.GET.get("check") != "database":
        checks["broker"] = _broker_state()
    failed = sorted(name for name, state in checks.items() if state == "unavailable")
    if not failed:
        return JsonResponse({"status": "ok", **checks})
    message = f"Unavailable: {' and '.join(failed)}."
    fields = {name: ["Unreachable."] for name in failed}
    return unavailable({**error_body(503, "unavailable", message, fields), "status": "unavailable", **checks})
