"""Fetching URLs in the worker, against a local HTTP server (never the internet)."""

from __future__ import annotations

import socket

import pytest

from events.services.fetch import (
    FetchPermanentError,
    FetchTransientError,
    fetch_url,
    is_public_address,
    private_address_problem,
)
from tests.ingestion.conftest import ARABIC_REPORT

PAGE = f"<html><head><title>t</title></head><body><article><p>{ARABIC_REPORT}</p></article></body></html>"


def test_it_fetches_a_page(local_site):
    url = local_site.page("/news/1", PAGE)

    document = fetch_url(url)

    assert document.is_html
    assert ARABIC_REPORT.encode() in document.body
    assert document.url == url


def test_it_follows_redirects_and_reports_the_final_url(local_site):
    final = local_site.page("/new", PAGE)
    local_site.page("/old", "", status=301, headers={"Location": "/new"})

    assert fetch_url(local_site.url("/old")).url == final


def test_it_gives_up_after_too_many_redirects(local_site):
    local_site.page("/loop", "", status=302, headers={"Location": "/loop"})

    with pytest.raises(FetchPermanentError, match="redirects"):
        fetch_url(local_site.url("/loop"))
    assert local_site.hits["/loop"] == 6


@pytest.mark.parametrize("status", [400, 403, 404, 410])
def test_it_treats_client_errors_as_permanent(local_site, status):
    url = local_site.page("/gone", "no", status=status)

    with pytest.raises(FetchPermanentError, match=str(status)):
        fetch_url(url)


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_it_treats_server_errors_as_transient(local_site, status):
    url = local_site.page("/busy", "later", status=status)

    with pytest.raises(FetchTransientError, match=str(status)):
        fetch_url(url)


def test_it_refuses_documents_that_are_not_html_or_text(local_site):
    url = local_site.page("/report.pdf", b"%PDF-1.4", content_type="application/pdf")

    with pytest.raises(FetchPermanentError, match="application/pdf"):
        fetch_url(url)


def test_it_refuses_a_document_over_the_size_limit(local_site, settings):
    settings.FETCH_MAX_BYTES = 10_000
    declared = local_site.page("/big", "x" * 20_000)
    streamed = local_site.page("/big-stream", "x" * 200_000, headers={"X-Omit-Length": "1"})

    with pytest.raises(FetchPermanentError, match="limit"):
        fetch_url(declared)
    with pytest.raises(FetchPermanentError, match="limit"):
        fetch_url(streamed)


def test_it_times_out_as_a_transient_error(local_site, settings):
    settings.FETCH_TIMEOUT_SECONDS = 0.3
    url = local_site.page("/slow", PAGE, delay=1.5)

    with pytest.raises(FetchTransientError, match=r"timed out|longer"):
        fetch_url(url)


def test_it_treats_a_refused_connection_as_transient(settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there

    with pytest.raises(FetchTransientError, match="connect"):
        fetch_url(f"http://127.0.0.1:{port}/x")


def test_it_refuses_private_addresses_unless_allowed(local_site, settings):
    url = local_site.page("/news/1", PAGE)
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False

    with pytest.raises(FetchPermanentError, match=r"private|loopback"):
        fetch_url(url)
    assert local_site.hits == {}


def test_it_recognises_private_targets_in_urls(settings):
    # The same check runs on every redirect hop before it is requested.
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    assert private_address_problem("http://127.0.0.1/admin") is not None
    assert private_address_problem("http://[::ffff:10.0.0.1]/") is not None
    assert private_address_problem("http://8.8.8.8/") is None


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.0.0.5", False),
        ("172.16.3.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("2001:4860:4860::8888", True),
        ("224.0.0.1", False),
    ],
)
def test_it_classifies_addresses(address, public):
    assert is_public_address(address) is public
