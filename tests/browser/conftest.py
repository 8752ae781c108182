"""A real headless Chromium driven by Playwright (its Python package; never `playwright install`).

Chromium comes from the Debian package (`scripts/install-browser.sh`). Locally a missing browser
skips these tests; in CI (REQUIRE_SERVICES=1) it fails them.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import require_service

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        require_service("Chromium", f"{CHROMIUM} is missing; run scripts/install-browser.sh")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_service("Playwright", "the playwright Python package is not installed (requirements-test.txt)")
    # Playwright's sync API keeps an event loop suspended in this thread while the browser is
    # open, and Django refuses ORM calls from a thread with a running loop. The calls the tests
    # make between browser steps are plain synchronous ones, so the guard is lifted, only while
    # this module's browser is open (module scope: the loop is gone before other tests run).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1440, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Nothing may leave the machine: any request to another host fails the test.
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://localhost", "http://127.0.0.1", "data:", "blob:")):
            return route.continue_()
        outside.append(url)
        return route.abort()

    page.route("**/*", guard)
    yield page
    context.close()
    assert not outside, f"the page tried to reach outside servers: {outside}"
