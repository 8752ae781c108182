"""Celery tasks: thin wrappers that take ids and call the article services.

Retry policy of ``process_article`` (pretix-style: only what can heal by itself is retried):

- retried, with exponential backoff and jitter: the database being unreachable
  (``OperationalError``, ``InterfaceError``), the broker being unreachable while retrying,
  and transient fetch errors (timeouts, refused connections, 5xx/429 answers). The schedule
  is 5 s, 10 s, 20 s, 40 s, 80 s ... capped at 300 s, at most ``ARTICLE_MAX_ATTEMPTS`` attempts;
- not retried: permanent errors (a 4xx page, not HTML, too big, no text, duplicate text) and
  errors of the extractor on this text. The article is marked failed with the reason.

Every attempt is counted on the article (``attempts``, incremented by the claim). A task that
finds the article claimed by another worker comes back when that worker's lease runs out: the
holder may be alive (the task is a duplicate, and will find the article done) or dead (a pool
process killed mid-task, whose message Celery handed straight back; the article is then taken
over within ``ARTICLE_CLAIM_TIMEOUT_SECONDS``). The sweep (``sweep_stale_articles``, every
``SWEEP_INTERVAL_SECONDS`` via Celery beat, and once at each worker's start) sends again what a
dead worker or an unreachable broker left behind.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time

from celery import shared_task, signals
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from kombu.exceptions import OperationalError as BrokerOperationalError

from events.services.articles import (
    article_claim_expires_in,
    article_fail,
    article_process,
    article_release,
    articles_sweep,
    new_claim_token,
)
from events.services.fetch import FetchTransientError

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerOperationalError, FetchTransientError)


def retry_countdown(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: 5, 10, 20, 40 ... capped at 300, ±20 %."""
    base = min(5 * 2**retries, 300)
    return base * random.uniform(0.8, 1.2)


@shared_task(bind=True, name="events.tasks.process_article", acks_late=True, max_retries=None)
def process_article(self, article_id: int) -> str:
    worker = new_claim_token()
    try:
        outcome = article_process(article_id=article_id, worker=worker)
        if outcome == "skipped" and not self.request.is_eager:
            return _come_back_when_the_lease_ends(article_id)
        return outcome
    except TRANSIENT_ERRORS as exc:
        reason = getattr(exc, "reason", None) or f"{exc.__class__.__name__}: {exc}"
        if self.request.retries + 1 >= settings.ARTICLE_MAX_ATTEMPTS:
            log.error("Article %s: giving up after %d attempts: %s", article_id, self.request.retries + 1, reason)
            _quietly(article_fail, article_id=article_id, worker=worker, reason=f"Gave up after retries: {reason}")
            return "failed"
        _quietly(article_release, article_id=article_id, worker=worker, reason=f"Will retry: {reason}")
        countdown = retry_countdown(self.request.retries)
        log.warning("Article %s: transient error (%s); retrying in %.0f s.", article_id, reason, countdown)
        raise self.retry(exc=exc, countdown=countdown) from None
    except Exception as exc:
        # A bug or an unparseable document: retrying gives the same answer. Record it, loudly.
        log.exception("Article %s failed permanently.", article_id)
        _quietly(article_fail, article_id=article_id, worker=worker, reason=f"{exc.__class__.__name__}: {exc}")
        return "failed"


def _come_back_when_the_lease_ends(article_id: int) -> str:
    """The article is claimed by another worker: ask again once its lease may have run out."""
    expires_in = article_claim_expires_in(article_id=article_id)
    if expires_in is None:
        return "skipped"  # done, failed, or queued again by its holder (which re-sent it)
    try:
        process_article.apply_async((article_id,), countdown=expires_in + 1)
    except BrokerOperationalError as exc:
        log.warning("Article %s: could not schedule a later look (%s); the sweep will.", article_id, exc)
    return "held"


def _quietly(function, **kwargs) -> None:
    """Record a state change if the database lets us; if it is down, the sweep will recover."""
    try:
        function(**kwargs)
    except (OperationalError, InterfaceError) as exc:
        log.warning("Could not record the article's state (%s); the sweep will pick it up.", exc)


@signals.task_prerun.connect
@signals.task_postrun.connect
def _recycle_database_connection(sender=None, **kwargs) -> None:
    """Keep the worker's database connection between tasks (see CELERY_DB_REUSE_MAX), but drop
    it once it saw an error (the database restarted: the task's retry reconnects) or is older
    than DB_CONN_MAX_AGE. Checking only then avoids a health-check query per task. Not in eager
    mode: there the task runs inside the caller's transaction."""
    if sender is not None and getattr(sender.request, "is_eager", False):
        return
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        if conn.connection is None:
            continue
        if conn.errors_occurred or (conn.close_at is not None and now >= conn.close_at):
            conn.close_if_unusable_or_obsolete()


@shared_task(name="events.tasks.sweep_stale_articles", acks_late=True)
def sweep_stale_articles(older_than_seconds: float | None = None) -> int:
    older_than = None if older_than_seconds is None else dt.timedelta(seconds=older_than_seconds)
    return articles_sweep(older_than=older_than)


@signals.worker_ready.connect
def _sweep_after_start(sender=None, **kwargs) -> None:
    """A worker starting may replace one that was killed. Whatever the dead one held is either
    claimed (its lease runs out within the claim timeout) or was prefetched and still queued;
    Redis would give those messages back only after the visibility timeout (15 minutes). So a
    sweep runs once the leases of any worker dead before this start have run out, with that
    age for queued articles too: each is sent again (a duplicate of one still waiting in the
    queue is harmless, the claim lets one run). Beat's periodic sweep remains the safety net."""
    age = settings.ARTICLE_CLAIM_TIMEOUT_SECONDS + 2
    try:
        sweep_stale_articles.apply_async(kwargs={"older_than_seconds": age}, countdown=age)
    except BrokerOperationalError as exc:
        log.warning("Could not schedule the sweep after start (%s); beat's sweep will run.", exc)
