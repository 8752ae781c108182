"""The API's Swagger UI works with no network: its scripts are our own static files."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lists_the_operations_on_the_docs_page_with_the_network_off(page, live_server):
    # The `page` fixture aborts and records every request to another host than this machine, and
    # fails the test if one was attempted: a CDN script would be both blocked and reported.
    loaded: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/events/" in paths
    assert "/api/v1/articles/" in paths
    assert len(paths) >= 20
    assert any("/static/drf_spectacular_sidecar/swagger-ui-dist/" in url for url in loaded)
