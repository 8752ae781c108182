"""Gunicorn's settings for this service (``gunicorn -c python:conflict.gunicorn``).

Gunicorn answers a few malformed requests itself, before Django sees them: a request line over
``limit_request_line`` bytes (an over-long URL), too many or too large headers, a broken
request. Its answers are HTML pages; an API client expects the API's one error shape. Gunicorn
writes them all through ``gunicorn.util.write_error``, looked up at each call, so replacing it
here makes them JSON. An over-long request line becomes 414 URI Too Long.
"""

from __future__ import annotations

import json
import os

from gunicorn import util

from conflict.errors import error_body

# Gunicorn's own defaults, stated: the longest request line and header it reads.
limit_request_line = 8190
limit_request_field_size = 8190

_CODES = {400: "bad_request", 414: "uri_too_long", 431: "headers_too_large"}


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    if status_int == 400 and mesg.startswith("Request Line is too large"):
        status_int, reason = 414, "URI Too Long"
    body = json.dumps(error_body(status_int, _CODES.get(status_int, "bad_request"), mesg or reason)).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


util.write_error = write_json_error


def when_ready(server) -> None:
    """The master, once, before it forks the workers: the embedded-mode notice (if any) goes to
    gunicorn's log here, and the workers inherit the mark that keeps them from repeating it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")
    from conflict.startup import announce_mode

    announce_mode(server.log, once_for_children=True)
