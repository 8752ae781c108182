"""Fetching a submitted URL in the worker: bounded in time and size, never towards private hosts.

Failures come in two kinds, because the task treats them differently:

- ``FetchTransientError``: timeouts, refused or reset connections, DNS failures, 5xx and 429
  answers. Trying again later may succeed, so the task retries with backoff.
- ``FetchPermanentError``: 4xx answers, a document that is not HTML or text, a body over the
  size limit, a URL that points at a private address, too many redirects. Retrying cannot help,
  so the article is marked failed with the reason.

Every address the host name resolves to is checked before connecting, and redirects are followed
by hand so that each hop is checked again. (A DNS answer that changes between the check and the
connection could still reach a private address; a network egress policy is the real fence.)
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

ALLOWED_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
MAX_REDIRECTS = 5
USER_AGENT = "conflict-events-ingestion/1.0 (+https://github.com/; news article fetcher)"


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` is the sentence shown on the article."""

    transient = False

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FetchTransientError(FetchError):
    transient = True


class FetchPermanentError(FetchError):
    transient = False


@dataclass(frozen=True)
class FetchedDocument:
    url: str  # after redirects
    content_type: str
    body: bytes
    encoding: str | None

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml")


def is_public_address(address: str) -> bool:
    """True for a globally routable address; false for loopback, private, link-local, etc."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to. Raises ``FetchTransientError`` when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchTransientError(f"The host {host!r} could not be resolved ({exc}).") from None
    return sorted({info[4][0] for info in infos})


def private_address_problem(url: str, *, resolve: bool = True) -> str | None:
    """Why ``url`` must not be fetched (a private or loopback target), or None when it may be.

    With ``resolve=False`` only literal addresses and well-known local names are checked; a
    name that does not resolve is not a problem here (the worker will report it).
    """
    if settings.FETCH_ALLOW_PRIVATE_ADDRESSES:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return "The URL has no host."
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal", ".localdomain")):
        return f"The host {host!r} is a local name; only public web addresses are fetched."
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        if not is_public_address(host):
            return f"The address {host} is private, loopback or reserved; only public addresses are fetched."
        return None
    if not resolve:
        return None
    try:
        addresses = resolve_host(host, parts.port or (443 if parts.scheme == "https" else 80))
    except FetchTransientError:
        return None
    for address in addresses:
        if not is_public_address(address):
            return f"The host {host!r} resolves to {address}, a private or loopback address."
    return None


def _media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def fetch_url(url: str) -> FetchedDocument:
    """GET ``url`` with the configured timeout and size limit, checking every redirect hop."""
    timeout = settings.FETCH_TIMEOUT_SECONDS
    max_bytes = settings.FETCH_MAX_BYTES
    deadline = time.monotonic() + timeout
    current = url
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        session.headers["Accept"] = "text/html,application/xhtml+xml,text/plain;q=0.9"
        for _hop in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https"):
                raise FetchPermanentError(f"Redirected to {current!r}, which is not an http(s) URL.")
            problem = private_address_problem(current, resolve=False)
            if problem is None and not settings.FETCH_ALLOW_PRIVATE_ADDRESSES:
                host = parts.hostname or ""
                for address in resolve_host(host, parts.port or (443 if parts.scheme == "https" else 80)):
                    if not is_public_address(address):
                        problem = f"The host {host!r} resolves to {address}, a private or loopback address."
                        break
            if problem:
                raise FetchPermanentError(problem)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchTransientError(f"Fetching {url} took longer than {timeout:g} s.")
            try:
                response = session.get(current, timeout=remaining, stream=True, allow_redirects=False)
            except requests.Timeout:
                raise FetchTransientError(f"Fetching {current} timed out after {timeout:g} s.") from None
            except requests.ConnectionError as exc:
                raise FetchTransientError(f"Could not connect to {parts.hostname}: {exc.__class__.__name__}.") from None
            except requests.RequestException as exc:
                raise FetchPermanentError(f"The URL could not be requested: {exc}.") from None
            with response:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    if not location:
                        raise FetchPermanentError(f"A redirect from {current} had no Location header.")
                    current = urljoin(current, location)
                    continue
                return _read_body(response, current, url=url, deadline=deadline, max_bytes=max_bytes)
        raise FetchPermanentError(f"More than {MAX_REDIRECTS} redirects from {url}.")


def _read_body(response: requests.Response, current: str, *, url: str, deadline: float, max_bytes: int):
    status = response.status_code
    if status == 429 or status >= 500:
        raise FetchTransientError(f"The server answered {status} for {current}.")
    if status >= 400:
        raise FetchPermanentError(f"The server answered {status} for {current}.")
    if status != 200:
        raise FetchPermanentError(f"The server answered {status} (expected 200) for {current}.")
    content_type = _media_type(response.headers.get("Content-Type"))
    if content_type not in ALLOWED_CONTENT_TYPES:
        shown = content_type or "no content type"
        raise FetchPermanentError(f"The document is {shown}, not HTML or plain text.")
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchPermanentError(f"The document is {int(declared)} bytes, over the limit of {max_bytes}.")
    chunks: list[bytes] = []
    size = 0
    too_slow = FetchTransientError(f"Fetching {url} took longer than {settings.FETCH_TIMEOUT_SECONDS:g} s.")
    # The socket timeout bounds each read, not the body: a server dripping a byte a second would
    # keep a read going for ever. At the deadline this timer shuts the socket down, which ends a
    # read blocked in another thread.
    cut_off = threading.Timer(max(0.0, deadline - time.monotonic()), _shut_down, args=(response,))
    cut_off.daemon = True
    cut_off.start()
    try:
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > max_bytes:
                raise FetchPermanentError(f"The document is over the limit of {max_bytes} bytes.")
            if time.monotonic() > deadline:
                raise too_slow
            chunks.append(chunk)
    except requests.RequestException as exc:
        # A read timeout or a connection reset while streaming the body (or the cut-off).
        if time.monotonic() >= deadline:
            raise too_slow from None
        raise FetchTransientError(f"Reading {current} failed: {exc.__class__.__name__}.") from None
    finally:
        cut_off.cancel()
    if time.monotonic() >= deadline:
        raise too_slow  # cut off at the deadline: what was read is truncated
    return FetchedDocument(url=current, content_type=content_type, body=b"".join(chunks), encoding=response.encoding)


def _shut_down(response: requests.Response) -> None:
    try:
        response.raw.shutdown()
    except (OSError, RuntimeError, ValueError):
        pass  # already closed or released: nothing is blocked on it
