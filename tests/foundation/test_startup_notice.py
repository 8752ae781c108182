"""The embedded-mode notice appears once per start of gunicorn, not once per worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_prints_the_embedded_notice_once_for_three_workers(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "CONFLICT_MODE_ANNOUNCED")
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "-c", "python:conflict.gunicorn", "conflict.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "3", "--log-level", "info"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            # The workers have loaded the application once each has answered a request, or
            # once all three have booted and the log has stayed quiet for a moment.
            deadline = time.monotonic() + 60
            while log.read_text().count("Booting worker") < 3 or "Application loaded" not in _probe(port):
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, f"gunicorn did not start: {log.read_text()}"
                time.sleep(0.3)
            for _ in range(6):
                _probe(port)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert text.count("Booting worker") == 3
    assert text.count("Embedded mode: no DATABASE_URL") == 1, text
    assert text.count("Embedded mode: no CELERY_BROKER_URL") == 1, text


def _probe(port: int) -> str:
    """A request to a page that needs the application loaded in the worker that answers."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(b"GET /api/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
    except OSError:
        return ""
    return "Application loaded" if answer.startswith(b"HTTP/1.1 ") else ""
