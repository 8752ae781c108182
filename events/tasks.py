"""Celery tasks: thin wrappers that take ids and call the article services.

Retry policy of ``process_article`` (pretix-style: only what can heal by itself is retried):

- retried, with exponential backoff and jitter: the database being unreachable
  (``OperationalError``, ``InterfaceError``), the broker being unreachable while retrying,
  and transient fetch errors (timeouts, refused connections, 5xx/429 answers). The schedule
  is 5 s, 10 s, 20 s, 40 s, 80 s ... capped at 300 s, at most ``ARTICLE_MAX_ATTEMPTS`` attempts;
- not retried: permanent errors (a 4xx page, not HTML, too big, no text, duplicate text) and
  errors of the extractor on this text. The article is marked failed with the reason.

Every attempt is counted on the article (``attempts``, incremented by the claim). A task that
finds the article claimed by another live worker does nothing; the sweep
(``sweep_stale_articles``, every ``SWEEP_INTERVAL_SECONDS`` via Celery beat) re-queues articles
whose worker died.
"""

from __future__ import annotations

import logging
import random
import time

from celery import shared_task, signals
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from kombu.exceptions import OperationalError as BrokerOperationalError

from events.services.articles import (
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
        return article_process(article_id=article_id, worker=worker)
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
def sweep_stale_articles() -> int:
    return articles_sweep()
