"""Articles: submission (validation, de-duplication, enqueue on commit), claiming, processing,
the sweep that re-queues what was left behind, and reprocessing.

The life of an article::

    queued --claim--> processing --extract+write (one transaction)--> processed
                          |  \\--permanent error--> failed (reason in ``error``)
                          \\--transient error--> queued again, retried with backoff

A claim is a conditional UPDATE (see ``article_claim``), so two workers never both process an
article. It is a lease: the worker renews it while it works (``ClaimLease``), so a claim not
renewed for ``ARTICLE_CLAIM_TIMEOUT_SECONDS`` (30 s) belongs to a dead worker and can be taken
over. Writing the events re-checks the claim under a row lock, so a worker whose claim was taken
over while it was slow writes nothing: each article's events are written exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from conflict.api.middleware import CONTROL
from conflict.api.params import UNSUPPORTED, parse_instant
from conflict.api.parsers import text_problem
from conflict.errors import ApplicationError
from events.choices import ArticleStatus, Language
from events.models import Article
from events.models.articles import content_hash
from events.services.fetch import FetchedDocument, FetchPermanentError, fetch_url, private_address_problem

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = tuple(Language.values)
ARTICLE_FIELDS = {"text", "html", "url", "title", "source", "published", "language", "idempotency_key"}
MAX_TITLE = 500
MAX_SOURCE = 200
MAX_URL = 2000
MAX_IDEMPOTENCY_KEY = 200
# A publication date may be up to this far ahead of the server's clock (time zones, skew).
FUTURE_TOLERANCE = dt.timedelta(hours=14)
EARLIEST_PUBLISHED = dt.date(1990, 1, 1)


class ArticleConflict(ApplicationError):
    """An Idempotency-Key was reused for different content (the API answers 409)."""


@dataclass
class ArticleInput:
    """A validated submission, ready to be stored."""

    text: str
    raw_html: str
    url: str | None
    title: str
    source: str
    published: dt.datetime | None
    language: str
    idempotency_key: str | None

    @property
    def content_hash(self) -> str | None:
        return content_hash(self.text) if self.text else None


# --- Validation -------------------------------------------------------------------------------


def _string(
    data: dict, name: str, errors: dict[str, list[str]], *, max_length: int | None = None, line: bool = False
) -> str | None:
    """``data[name]`` when it is a string within the limits; else None, with the problem noted.

    ``line``: a one-line field (outlet, title, key), where control characters are refused too.
    """
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        errors.setdefault(name, []).append("Must be a string.")
        return None
    problem = text_problem(value)
    if problem:
        problem = f"{problem[0].upper()}{problem[1:]}."  # "Contains a NUL character."
    if problem is None and line and CONTROL.search(value):
        problem = "Contains control characters."
    if problem:
        errors.setdefault(name, []).append(problem)
        return None
    if max_length is not None and len(value) > max_length:
        errors.setdefault(name, []).append(f"Is {len(value)} characters long; the limit is {max_length}.")
        return None
    return value


def normalize_url(url: str) -> str:
    """The form URLs are compared in: lower-case scheme and host, no fragment."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _validate_url(value: str, errors: dict[str, list[str]], unsupported: set[str]) -> str | None:
    """The URL in the form it is stored and compared in, or None with the problem noted.

    Non-ASCII characters (Arabic paths, as pasted from a browser) are percent-encoded; characters
    that RFC 3986 never allows in a URL (spaces, quotes, angle brackets...) are refused, so no
    markup reaches the database, the admin or an export.
    """
    value = value.strip()
    bad = sorted(set(NOT_IN_URLS.findall(value)))
    if bad:
        errors.setdefault("url", []).append(f"Is not a valid URL: {' '.join(map(repr, bad))} must be percent-encoded.")
        return None
    value = iri_to_uri(value)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        errors.setdefault("url", []).append("Is not a valid URL.")
        return None
    if parts.scheme.lower() not in ("http", "https"):
        errors.setdefault("url", []).append("Only http and https URLs are accepted.")
        return None
    if not parts.hostname:
        errors.setdefault("url", []).append("The URL has no host.")
        return None
    if parts.username or parts.password:
        errors.setdefault("url", []).append("URLs with a user name or password are not accepted.")
        return None
    problem = private_address_problem(value)
    if problem:
        errors.setdefault("url", []).append(problem)
        unsupported.add("url")
        return None
    return normalize_url(value)


class OutsideCoverage(ValueError):
    """A well-formed publication time outside what the service takes (before 1990, or ahead)."""


# Characters RFC 3986 allows nowhere in a URL, as printable ASCII (non-ASCII is percent-encoded).
NOT_IN_URLS = re.compile(r'[\s"<>\\^`{|}]')


def parse_published(value: Any) -> dt.datetime:
    """A date ("2024-03-02") or an ISO 8601 datetime; naive datetimes are taken as UTC.

    Raises ``ValueError`` with a sentence saying what is wrong.
    """
    if not isinstance(value, str):
        raise ValueError("Must be a date (YYYY-MM-DD) or an ISO 8601 datetime string.")
    raw = value.strip()
    parsed_dt = parse_instant(raw)
    if parsed_dt.date() < EARLIEST_PUBLISHED:
        raise OutsideCoverage(f"{raw!r} is before {EARLIEST_PUBLISHED}; that cannot be a news report of this conflict.")
    if parsed_dt > timezone.now() + FUTURE_TOLERANCE:
        raise OutsideCoverage(f"{raw!r} is in the future.")
    return parsed_dt


def detect_language(text: str) -> str | None:
    """'ar' or 'en' for the text, or None when it is clearly in another language.

    The Arabic/English decision is the extractor's own (``events.extraction.language``), so the
    label matches the rules it will apply. A Latin-script text of real length that py3langid
    reads as neither (French, Turkish...) is refused rather than mis-extracted as English.
    """
    from events.extraction.language import arabic_ratio
    from events.extraction.language import detect_language as extractor_language

    sample = text[:5000]
    language = extractor_language(sample)
    if language == Language.ENGLISH and arabic_ratio(sample) <= 0.1 and sum(ch.isalpha() for ch in sample) >= 200:
        import py3langid

        guessed, _score = py3langid.classify(sample)
        if guessed != "en":
            return None
    return language


def html_to_text(html: str | bytes) -> tuple[str, str, str | None]:
    """The main text of a page (no menus, comments, footers), its title and its date (ISO)."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
    )
    if document is None:
        return "", "", None
    return (document.text or "").strip(), (document.title or "").strip(), document.date


def article_validate(*, data: Any, idempotency_key: str | None = None) -> ArticleInput:
    """Check one submission; raise ``ApplicationError`` with a message per field."""
    if not isinstance(data, dict):
        raise ApplicationError("Each article must be a JSON object.")
    errors: dict[str, list[str]] = {}
    # Fields refused for what the request's form cannot show (see ``UNSUPPORTED``).
    unsupported: set[str] = set()
    for name in sorted(set(data) - ARTICLE_FIELDS):
        errors[name] = ["Unknown field."]

    text = _string(data, "text", errors)
    html = _string(data, "html", errors)
    url = _string(data, "url", errors, max_length=MAX_URL)
    title = _string(data, "title", errors, max_length=MAX_TITLE, line=True) or ""
    source = _string(data, "source", errors, max_length=MAX_SOURCE, line=True) or ""
    language = _string(data, "language", errors)
    if idempotency_key is not None:
        key = idempotency_key
    else:
        key = _string(data, "idempotency_key", errors, max_length=MAX_IDEMPOTENCY_KEY, line=True)

    max_bytes = settings.ARTICLE_MAX_TEXT_BYTES
    if text is not None and html is not None:
        errors.setdefault("html", []).append("Give either the text or the HTML of the article, not both.")
    if not any(name in errors for name in ("text", "html", "url")):
        if text is None and html is None and url is None:
            errors["text"] = ["Give the article's text, its HTML or its URL."]
        if text is not None:
            if not text.strip():
                errors["text"] = ["The text is empty."]
            elif len(text.encode("utf-8")) > max_bytes:
                errors["text"] = [f"The text is {len(text.encode('utf-8'))} bytes; the limit is {max_bytes}."]
        if html is not None:
            if len(html.encode("utf-8")) > settings.FETCH_MAX_BYTES:
                errors["html"] = [f"The HTML is over the limit of {settings.FETCH_MAX_BYTES} bytes."]
            elif not html.strip():
                errors["html"] = ["The HTML is empty."]
    if url is not None and "url" not in errors:
        url = _validate_url(url, errors, unsupported)
    if not source.strip() and "source" not in errors:
        if url and "url" not in errors:
            source = (urlsplit(url).hostname or "").removeprefix("www.")
        else:
            errors["source"] = ["Name the outlet that published the article."]

    published = None
    raw_published = data.get("published")
    if raw_published not in (None, ""):
        try:
            published = parse_published(raw_published)
        except OutsideCoverage as exc:
            errors["published"] = [str(exc)]
            unsupported.add("published")
        except ValueError as exc:
            errors["published"] = [str(exc)]

    if language is not None:
        if language not in SUPPORTED_LANGUAGES:
            errors["language"] = [f"Unknown language {language!r}; use one of: {', '.join(SUPPORTED_LANGUAGES)}."]

    if key is not None and "idempotency_key" not in errors:
        key = key.strip()
        if not key or len(key) > MAX_IDEMPOTENCY_KEY or CONTROL.search(key):
            errors["idempotency_key"] = [f"Must be 1 to {MAX_IDEMPOTENCY_KEY} characters, not control characters."]

    raw_html = ""
    if html is not None and not errors:
        raw_html = html
        text, page_title, page_date = html_to_text(html)
        if not text:
            errors["html"] = ["No article text could be found in the HTML."]
            unsupported.add("html")
        elif len(text.encode("utf-8")) > max_bytes:
            errors["html"] = [f"The article text is {len(text.encode('utf-8'))} bytes; the limit is {max_bytes}."]
        title = title or page_title[:MAX_TITLE]
        if published is None and page_date:
            try:
                published = parse_published(page_date)
            except ValueError:
                published = None

    if text and not language and not errors:
        language = detect_language(text)
        if language is None:
            unsupported.add("language")
            errors["language"] = [
                f"The text does not look like {' or '.join(SUPPORTED_LANGUAGES)}; only these are supported "
                "(give `language` if the detection is wrong)."
            ]

    if errors:
        first_field, problems = next(iter(errors.items()))
        code = UNSUPPORTED if set(errors) <= unsupported else "invalid"
        raise ApplicationError(f"{first_field}: {problems[0]}", fields=errors, code=code)
    return ArticleInput(
        text=text or "",
        raw_html=raw_html,
        url=url,
        title=title.strip(),
        source=source.strip(),
        published=published,
        language=language or "",
        idempotency_key=key,
    )


# --- Submission -------------------------------------------------------------------------------


def _existing_article(cleaned: ArticleInput, user) -> Article | None:
    """The article this submission repeats: same Idempotency-Key, same text or same URL."""
    match = Q(pk__in=[])
    if cleaned.idempotency_key and user is not None and user.is_authenticated:
        match |= Q(submitted_by=user, idempotency_key=cleaned.idempotency_key)
    if cleaned.content_hash:
        match |= Q(content_hash=cleaned.content_hash)
    if cleaned.url:
        match |= Q(url=cleaned.url)
    candidates = list(Article.objects.filter(match)[:3])
    if not candidates:
        return None
    if cleaned.idempotency_key:
        for article in candidates:
            if article.idempotency_key == cleaned.idempotency_key and article.submitted_by_id == user.pk:
                same_text = cleaned.content_hash and cleaned.content_hash == article.content_hash
                same_url = cleaned.url and cleaned.url == article.url
                if not (same_text or same_url):
                    raise ArticleConflict(
                        f"This Idempotency-Key was already used for article {article.pk} with different content.",
                        code="idempotency_conflict",
                    )
                return article
    return candidates[0]


def _new_article(cleaned: ArticleInput, user) -> Article:
    return Article(
        source=cleaned.source,
        url=cleaned.url,
        title=cleaned.title,
        text=cleaned.text,
        raw_html=cleaned.raw_html,
        language=cleaned.language,
        published=cleaned.published,
        content_hash=cleaned.content_hash,
        idempotency_key=cleaned.idempotency_key if user is not None and user.is_authenticated else None,
        submitted_by=user if user is not None and user.is_authenticated else None,
        status=ArticleStatus.QUEUED,
    )


def article_submit(*, data: Any, user, idempotency_key: str | None = None) -> tuple[Article, bool]:
    """Validate and store one article; enqueue it when the transaction commits.

    Returns ``(article, created)``: an article with the same text, URL or Idempotency-Key (of
    the same user) is returned as it is, with ``created`` false.
    """
    cleaned = article_validate(data=data, idempotency_key=idempotency_key)
    return _submit_cleaned(cleaned, user)


@dataclass
class BatchItem:
    index: int
    article: Article | None = None
    created: bool = False
    error: ApplicationError | None = None


def articles_submit_batch(*, items: list[Any], user) -> list[BatchItem]:
    """Validate each item on its own and store the valid ones in one transaction.

    Items repeating an existing article (or an earlier item of the same batch) point at it.
    The common case costs a handful of queries: one look-up of existing articles and one
    multi-row INSERT; a unique-key race with another request falls back to one item at a time.
    """
    results = [BatchItem(index=i) for i in range(len(items))]
    valid: list[tuple[BatchItem, ArticleInput]] = []
    for item, data in zip(results, items, strict=True):
        try:
            valid.append((item, article_validate(data=data)))
        except ApplicationError as exc:
            item.error = exc
    if not valid:
        return results

    hashes = {c.content_hash for _, c in valid if c.content_hash}
    urls = {c.url for _, c in valid if c.url}
    keys = {c.idempotency_key for _, c in valid if c.idempotency_key}
    match = Q(content_hash__in=hashes) | Q(url__in=urls)
    if keys and user is not None and user.is_authenticated:
        match |= Q(submitted_by=user, idempotency_key__in=keys)
    by_hash: dict[str, Article] = {}
    by_url: dict[str, Article] = {}
    by_key: dict[str, Article] = {}
    for article in Article.objects.filter(match):
        if article.content_hash:
            by_hash[article.content_hash] = article
        if article.url:
            by_url[article.url] = article
        if article.idempotency_key and user is not None and article.submitted_by_id == user.pk:
            by_key[article.idempotency_key] = article

    to_create: list[tuple[BatchItem, ArticleInput, Article]] = []
    for item, cleaned in valid:
        found = (
            (cleaned.idempotency_key and by_key.get(cleaned.idempotency_key))
            or (cleaned.content_hash and by_hash.get(cleaned.content_hash))
            or (cleaned.url and by_url.get(cleaned.url))
        )
        if found:
            if cleaned.idempotency_key and found.idempotency_key == cleaned.idempotency_key:
                if not (
                    (cleaned.content_hash and cleaned.content_hash == found.content_hash)
                    or (cleaned.url and cleaned.url == found.url)
                ):
                    item.error = ArticleConflict(
                        "This Idempotency-Key was already used for another article with different content.",
                        code="idempotency_conflict",
                    )
                    continue
            item.article = found
            continue
        article = _new_article(cleaned, user)
        to_create.append((item, cleaned, article))
        item.article, item.created = article, True
        # A later item of this batch with the same text or URL points at this one.
        if article.content_hash:
            by_hash[article.content_hash] = article
        if article.url:
            by_url[article.url] = article
        if article.idempotency_key:
            by_key[article.idempotency_key] = article

    if not to_create:
        return results
    try:
        with transaction.atomic():
            Article.objects.bulk_create([article for _, _, article in to_create])
            ids = [article.pk for _, _, article in to_create]
            transaction.on_commit(lambda: article_enqueue(article_ids=ids))
    except IntegrityError:
        # A concurrent request stored one of these first: redo the unsaved ones one by one.
        for item, cleaned in valid:
            if item.article is not None and item.article.pk is None:
                try:
                    item.article, item.created = _submit_cleaned(cleaned, user)
                except ApplicationError as exc:
                    item.article, item.created, item.error = None, False, exc
    return results


def _submit_cleaned(cleaned: ArticleInput, user) -> tuple[Article, bool]:
    existing = _existing_article(cleaned, user)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = _new_article(cleaned, user)
            article.save()
            article_id = article.pk
            transaction.on_commit(lambda: article_enqueue(article_ids=[article_id]))
    except IntegrityError:
        # Another request stored the same article between our check and our insert.
        existing = _existing_article(cleaned, user)
        if existing is None:
            raise
        return existing, False
    return article, True


def article_enqueue(*, article_ids: list[int]) -> int:
    """Send a processing task per article. A broker failure is logged, never raised: the rows
    are committed, and the sweep re-queues articles left queued past the timeout."""
    from conflict.celery import app
    from events.tasks import process_article

    sent = 0
    try:
        with app.producer_or_acquire() as producer:
            for article_id in article_ids:
                process_article.apply_async((article_id,), producer=producer)
                sent += 1
    except Exception as exc:  # any broker failure: the sweep is the safety net
        log.warning(
            "Could not enqueue %d of %d article(s) (first id %s): %s; the sweep will re-queue them.",
            len(article_ids) - sent,
            len(article_ids),
            article_ids[sent] if sent < len(article_ids) else None,
            exc,
        )
    return sent


# --- Claiming, processing ---------------------------------------------------------------------


def new_claim_token() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def article_claim(*, article_id: int, worker: str) -> bool:
    """Take the article for ``worker``; True when this worker now owns it.

    One conditional UPDATE: it matches a queued article, or one whose lease was not renewed for
    the claim timeout (its worker died). PostgreSQL re-evaluates the WHERE clause on the row it
    locks, so of two workers racing for the same article exactly one sees ``1`` row updated.
    """
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.ARTICLE_CLAIM_TIMEOUT_SECONDS)
    claimable = Q(status=ArticleStatus.QUEUED) | Q(status=ArticleStatus.PROCESSING, claimed_at__lt=stale)
    updated = Article.objects.filter(claimable, pk=article_id).update(
        status=ArticleStatus.PROCESSING,
        claimed_at=now,
        claimed_by=worker[:200],
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return updated == 1


def article_claim_renew(*, article_id: int, worker: str) -> bool:
    """Extend ``worker``'s lease on the article; False when it no longer holds the claim."""
    return bool(
        Article.objects.filter(pk=article_id, status=ArticleStatus.PROCESSING, claimed_by=worker).update(
            claimed_at=timezone.now()
        )
    )


def article_claim_expires_in(*, article_id: int) -> float | None:
    """Seconds until the lease on a claimed article runs out (0 when it has), or None when the
    article is not being processed (done, failed, or queued: claimable now)."""
    claimed_at = (
        Article.objects.filter(pk=article_id, status=ArticleStatus.PROCESSING)
        .values_list("claimed_at", flat=True)
        .first()
    )
    if claimed_at is None:
        return None
    expires = claimed_at + dt.timedelta(seconds=settings.ARTICLE_CLAIM_TIMEOUT_SECONDS)
    return max(0.0, (expires - timezone.now()).total_seconds())


class ClaimLease:
    """Renew a claim every third of the claim timeout while the block runs.

    The renewals run on a thread of their own (with its own database connection), so a long
    fetch or extraction keeps the claim while a worker that died, with every thread in it,
    stops renewing and its claim expires within ``ARTICLE_CLAIM_TIMEOUT_SECONDS``. A task done
    before the first renewal (nearly all) costs a thread and no query. Renewal stops after
    ``ARTICLE_MAX_PROCESSING_SECONDS``: a task stuck that long is presumed hung, and another
    worker may take the article over (the stuck one's write would then find its claim gone).
    """

    def __init__(self, *, article_id: int, worker: str) -> None:
        self.article_id = article_id
        self.worker = worker
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"claim-lease-{article_id}", daemon=True)

    def __enter__(self) -> ClaimLease:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._done.set()
        self._thread.join()

    def _renew(self) -> None:
        interval = settings.ARTICLE_CLAIM_TIMEOUT_SECONDS / 3
        give_up = time.monotonic() + settings.ARTICLE_MAX_PROCESSING_SECONDS
        try:
            while not self._done.wait(interval):
                if time.monotonic() > give_up:
                    log.warning("Article %s: still processing after %d s; no longer renewing its claim.",
                                self.article_id, settings.ARTICLE_MAX_PROCESSING_SECONDS)  # fmt: skip
                    return
                if not article_claim_renew(article_id=self.article_id, worker=self.worker):
                    return  # taken over, or finished: nothing left to hold
        except DatabaseError as exc:
            # The database is away: the claim expires, and the task's own queries fail and retry.
            log.warning("Article %s: could not renew the claim (%s).", self.article_id, exc)
        finally:
            connections.close_all()  # this thread's connection only (connections are per thread)


def article_release(*, article_id: int, worker: str, reason: str) -> bool:
    """Give a claimed article back to the queue after a transient error (it will be retried)."""
    return bool(
        Article.objects.filter(pk=article_id, status=ArticleStatus.PROCESSING, claimed_by=worker).update(
            status=ArticleStatus.QUEUED, claimed_at=None, error=reason[:2000], updated_at=timezone.now()
        )
    )


def article_fail(*, article_id: int, worker: str | None, reason: str) -> bool:
    """Mark the article failed with ``reason`` (only while ``worker`` holds the claim, if given)."""
    articles = Article.objects.filter(pk=article_id)
    if worker is not None:
        articles = articles.filter(status=ArticleStatus.PROCESSING, claimed_by=worker)
    now = timezone.now()
    return bool(
        articles.update(
            status=ArticleStatus.FAILED, error=reason[:2000], claimed_at=None, processed_at=now, updated_at=now
        )
    )


class _ClaimLost(Exception):
    """Raised inside the write transaction to roll it back."""


class ArticleProcessingError(Exception):
    """A permanent problem with one article: it is marked failed with this reason."""


def _text_from_document(document: FetchedDocument) -> tuple[str, str, str | None, str]:
    """(text, title, date, raw_html) of a fetched document."""
    if document.is_html:
        text, title, date = html_to_text(document.body)
        raw_html = document.body.decode(document.encoding or "utf-8", errors="replace")
        return text, title, date, raw_html.replace("\x00", "")
    try:
        return document.body.decode(document.encoding or "utf-8").strip(), "", None, ""
    except (UnicodeDecodeError, LookupError):
        try:
            return document.body.decode("utf-8").strip(), "", None, ""
        except UnicodeDecodeError:
            raise ArticleProcessingError(
                "The fetched text is not valid UTF-8 and declares no usable charset."
            ) from None


def _fill_from_url(article: Article) -> None:
    """Fetch the article's URL and store its text (raises FetchError or ArticleProcessingError)."""
    document = fetch_url(article.url)
    text, title, date, raw_html = _text_from_document(document)
    text = text.replace("\x00", "")
    if not text:
        raise ArticleProcessingError(f"No article text could be found at {document.url}.")
    if len(text.encode("utf-8")) > settings.ARTICLE_MAX_TEXT_BYTES:
        raise ArticleProcessingError(f"The article text is over the limit of {settings.ARTICLE_MAX_TEXT_BYTES} bytes.")
    article.text, article.raw_html = text, raw_html
    article.title = article.title or title[:MAX_TITLE]
    if article.published is None and date:
        try:
            article.published = parse_published(date)
        except ValueError:
            pass
    if not article.language:
        language = detect_language(text)
        if language is None:
            raise ArticleProcessingError("The fetched text is neither Arabic nor English.")
        article.language = language
    article.content_hash = content_hash(text)
    duplicate = Article.objects.filter(content_hash=article.content_hash).exclude(pk=article.pk).first()
    if duplicate is not None:
        raise ArticleProcessingError(f"Duplicate: the text at this URL is the same as article {duplicate.pk}.")
    try:
        with transaction.atomic():
            article.save(update_fields=["text", "raw_html", "title", "published", "language", "content_hash"])
    except IntegrityError:
        raise ArticleProcessingError("Duplicate: another article with the same text was stored meanwhile.") from None


def article_process(*, article_id: int, worker: str) -> str:
    """Claim and process one article; returns the outcome ("processed", "failed", "skipped").

    Fetch errors are raised as they are (the task retries the transient ones and fails the
    permanent ones); database errors propagate for the task to retry.
    """
    if not article_claim(article_id=article_id, worker=worker):
        return "skipped"
    with ClaimLease(article_id=article_id, worker=worker):
        return _process_claimed(article_id=article_id, worker=worker)


def _process_claimed(*, article_id: int, worker: str) -> str:
    from events.services.extraction import run_extraction
    from events.services.ingestion import article_events_write

    started = time.monotonic()
    article = Article.objects.defer("raw_html").get(pk=article_id)
    if article.attempts > settings.ARTICLE_MAX_ATTEMPTS:
        reason = f"Gave up after {article.attempts - 1} attempts."
        if article.error:
            reason += f" Last error: {article.error}"
        article_fail(article_id=article_id, worker=worker, reason=reason)
        return "failed"
    try:
        if not article.text and article.url:
            _fill_from_url(article)
        result = run_extraction(
            text=article.text,
            published=article.published_date,
            language=article.language or None,
            title=article.title,
        )
    except (ArticleProcessingError, FetchPermanentError) as exc:
        article_fail(article_id=article_id, worker=worker, reason=str(exc))
        return "failed"

    try:
        with transaction.atomic():
            article_events_write(article=article, result=result)
            # The claim is checked by the UPDATE that closes the transaction: if the claim went
            # stale and another worker took the article over, no row matches, everything this
            # worker wrote is rolled back, and the other worker's run counts.
            now = timezone.now()
            finished = Article.objects.filter(pk=article_id, status=ArticleStatus.PROCESSING, claimed_by=worker).update(
                status=ArticleStatus.PROCESSED,
                error="",
                extractor_version=(result.version or "")[:40],
                language=article.language or result.language or "",
                processed_at=now,
                claimed_at=None,
                processing_ms=int((time.monotonic() - started) * 1000),
                updated_at=now,
            )
            if finished != 1:
                raise _ClaimLost
    except _ClaimLost:
        log.warning("Article %s: claim lost while processing; another worker owns it.", article_id)
        return "skipped"
    return "processed"


# --- Sweep, reprocess -------------------------------------------------------------------------


def articles_sweep(*, older_than: dt.timedelta | None = None, limit: int = 5000) -> int:
    """Send again the articles a lost message or a dead worker left behind; how many were sent.

    - ``processing`` whose lease was not renewed for ``ARTICLE_CLAIM_TIMEOUT_SECONDS``: its
      worker died (the message it held comes back from Redis only after the visibility timeout);
    - ``queued`` and untouched for ``ARTICLE_REQUEUE_SECONDS``: stored while the broker was
      down, or its message held by a worker that died before claiming it.

    ``older_than`` replaces both ages (the recovery sweep a starting worker schedules, tests).
    Touching ``updated_at`` keeps the next sweep from sending them again before another such
    age has passed. A duplicate task is harmless: the claim lets only one run.
    """
    claim_age = dt.timedelta(seconds=settings.ARTICLE_CLAIM_TIMEOUT_SECONDS)
    queued_age = dt.timedelta(seconds=settings.ARTICLE_REQUEUE_SECONDS)
    if older_than is not None:
        claim_age = queued_age = older_than
    now = timezone.now()
    claim_cutoff, queued_cutoff = now - claim_age, now - queued_age
    # Both served by article_status_updated_idx (status, updated_at): a renewed lease moves only
    # claimed_at, which is checked on the few rows being processed.
    lost = Q(status=ArticleStatus.QUEUED, updated_at__lt=queued_cutoff) | Q(
        status=ArticleStatus.PROCESSING, updated_at__lt=claim_cutoff, claimed_at__lt=claim_cutoff
    )
    ids = list(Article.objects.filter(lost).order_by("updated_at").values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    Article.objects.filter(pk__in=ids).update(updated_at=now)
    log.info("Sweep: sending again %d article(s) left queued or with an expired claim.", len(ids))
    article_enqueue(article_ids=ids)
    return len(ids)


def article_reprocess(*, article: Article, user=None) -> Article:
    """Run extraction again (after the dictionaries changed, or after a failure).

    The article goes back to ``queued`` with its attempts reset; the events it produced are
    replaced when it is processed (see ``events.services.ingestion``).
    """
    if article.status == ArticleStatus.PROCESSING:
        stale = timezone.now() - dt.timedelta(seconds=settings.ARTICLE_CLAIM_TIMEOUT_SECONDS)
        if article.claimed_at and article.claimed_at >= stale:
            raise ApplicationError("The article is being processed right now; try again when it is done.")
    now = timezone.now()
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status=ArticleStatus.QUEUED, attempts=0, error="", claimed_at=None, claimed_by="", updated_at=now
        )
        article_id = article.pk
        transaction.on_commit(lambda: article_enqueue(article_ids=[article_id]))
    article.refresh_from_db()
    log.info("Article %s queued for reprocessing by %s.", article.pk, getattr(user, "username", "the system"))
    return article


def articles_for_reprocessing(*, failed: bool = False, actor_slug: str | None = None) -> QuerySet[Article]:
    """Selector: failed articles, and/or those whose events involve an actor or whose text names it."""
    articles = Article.objects.all()
    if failed:
        articles = articles.filter(status=ArticleStatus.FAILED)
    if actor_slug:
        from actors.models import Actor

        actor = Actor.objects.filter(slug=actor_slug).prefetch_related("aliases").first()
        if actor is None:
            raise ApplicationError(f"No actor with the slug {actor_slug!r}.", fields={"actor": ["Unknown actor."]})
        names = {actor.name_en, actor.name_ar, *(alias.name for alias in actor.aliases.all())}
        mentions = Q(pk__in=[])
        for name in sorted(n for n in names if n and len(n) >= 3):
            mentions |= Q(text__icontains=name)
        articles = articles.filter(Q(event_sources__event__participants__actor=actor) | mentions).distinct()
    return articles.order_by("pk")
