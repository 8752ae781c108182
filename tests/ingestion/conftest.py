"""Fixtures for the ingestion tests: users in real groups, token clients, a local web server."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conflict.api.permissions import EDITOR_GROUP, SUBMITTER_GROUP
from conflict.celery import app

ARABIC_REPORT = (
    "دير الزور - قال مصدر محلي إن اشتباكات عنيفة اندلعت فجر اليوم بين قوات الدفاع الوطني "
    "ولواء أبو الفضل العباس في بلدة العشارة بريف دير الزور الشرقي، ما أدى إلى مقتل ثلاثة عناصر. "
    "وأضاف المصدر أن التوتر ما زال قائماً في المنطقة."
)
ENGLISH_REPORT = (
    "Clashes broke out on Tuesday between the National Defence Forces and Liwa Abu al-Fadl al-Abbas "
    "in the town of al-Asharah in the eastern countryside of Deir ez-Zor, killing three fighters, "
    "local sources said. Tension remained high in the area on Wednesday."
)


def publish_to(url: str | None, *, eager: bool) -> tuple[str | None, bool]:
    """Point this process's Celery app (the API's enqueue, the sweep) at ``url``; returns the
    previous (url, eager) so the caller can restore it.

    Celery reads the CELERY_BROKER_URL environment variable before ``conf.broker_url`` (as CI
    sets it), so the read and write URLs, which it consults first, are set explicitly.
    """
    from kombu import pools

    previous = (app.conf.broker_write_url, app.conf.task_always_eager)
    pools.reset()  # kombu keeps connection pools per URL, process-wide
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.task_always_eager = eager
    app.conf.broker_read_url = url
    app.conf.broker_write_url = url
    return previous


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """Unit tests run tasks in the test process (whatever CELERY_BROKER_URL says), so the same
    test behaves alike locally and in CI; integration tests configure a real broker."""
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fresh_extractor():
    """The extractor (by dictionary version) and the actor tree (for a minute) are cached per
    process; a rolled-back test database repeats versions with new row ids, so each test
    starts without the caches."""
    import events.services.extraction as extraction
    import events.services.ingestion as ingestion

    extraction.extractor_reset()
    ingestion._actor_tree = None
    yield
    extraction.extractor_reset()
    ingestion._actor_tree = None


def make_user(username: str, *groups: str):
    user = get_user_model().objects.create_user(username=username, password=f"pw-{username}")
    for name in groups:
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    return user


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def submitter(db):
    return make_user("submitter", SUBMITTER_GROUP)


@pytest.fixture
def other_submitter(db):
    return make_user("other-submitter", SUBMITTER_GROUP)


@pytest.fixture
def editor(db):
    return make_user("editor", EDITOR_GROUP)


@pytest.fixture
def submitter_client(submitter) -> APIClient:
    return token_client(submitter)


@pytest.fixture
def editor_client(editor) -> APIClient:
    return token_client(editor)


class LocalSite:
    """A local HTTP server whose pages the test defines: path -> (status, headers, body, delay)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, dict[str, str], bytes, float]] = {}
        self.hits: dict[str, int] = {}
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                status, headers, body, delay = site.pages.get(
                    self.path, (404, {"Content-Type": "text/plain"}, b"not here", 0.0)
                )
                if delay:
                    threading.Event().wait(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        if name != "X-Omit-Length":
                            self.send_header(name, value)
                    if "Content-Length" not in headers and "X-Omit-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def page(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": content_type, **(headers or {})}, data, delay)
        return self.url(path)


@pytest.fixture
def local_site(settings) -> Iterator[LocalSite]:
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    site = LocalSite()
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()
