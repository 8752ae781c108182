"""Processing articles in the task: real extraction, real database, local web server for URLs."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from events.choices import ArticleStatus
from events.models import Article, Event, EventSource, Evidence
from events.services.articles import article_submit
from events.tasks import process_article
from tests.ingestion.conftest import ARABIC_REPORT, ENGLISH_REPORT

PAGE = (
    "<html><head><title>اشتباكات في العشارة</title></head><body><nav>الرئيسية</nav>"
    f"<article><p>{ARABIC_REPORT}</p></article><footer>جميع الحقوق محفوظة</footer></body></html>"
)


@pytest.fixture
def reference_data(db):
    call_command("load_reference_data", verbosity=0)


def submit(user, **data) -> Article:
    article, created = article_submit(data=data, user=user)
    assert created
    return article


def test_it_fails_an_article_at_once_on_a_permanent_fetch_error(local_site, submitter):
    article = submit(submitter, url=local_site.page("/gone", "gone", status=404))

    assert process_article.apply(args=[article.pk]).get() == "failed"

    article.refresh_from_db()
    assert (article.status, article.attempts) == (ArticleStatus.FAILED, 1)
    assert "404" in article.error
    assert local_site.hits["/gone"] == 1


def test_it_retries_a_transient_fetch_error_and_counts_every_attempt(local_site, submitter, settings):
    settings.ARTICLE_MAX_ATTEMPTS = 3
    article = submit(submitter, url=local_site.page("/busy", "busy", status=503))

    process_article.apply(args=[article.pk])

    article.refresh_from_db()
    assert local_site.hits["/busy"] == 3
    assert (article.status, article.attempts) == (ArticleStatus.FAILED, 3)
    assert article.error.startswith("Gave up after retries") and "503" in article.error


def test_it_fails_a_page_that_is_not_a_document(local_site, submitter):
    article = submit(submitter, url=local_site.page("/r.pdf", b"%PDF", content_type="application/pdf"))

    process_article.apply(args=[article.pk])

    article.refresh_from_db()
    assert article.status == ArticleStatus.FAILED and "application/pdf" in article.error


def test_it_skips_an_article_another_worker_holds(submitter):
    from events.services.articles import article_claim

    article = submit(submitter, text=ARABIC_REPORT, source="X")
    assert article_claim(article_id=article.pk, worker="someone-else")

    assert process_article.apply(args=[article.pk]).get() == "skipped"
    article.refresh_from_db()
    assert (article.status, article.claimed_by, article.attempts) == (ArticleStatus.PROCESSING, "someone-else", 1)


def test_it_processes_a_submitted_article_into_events_with_evidence(reference_data, submitter):
    article = submit(submitter, text=ARABIC_REPORT, source="Deir ez-Zor 24", published="2020-06-16")

    assert process_article.apply(args=[article.pk]).get() == "processed"

    article.refresh_from_db()
    assert article.status == ArticleStatus.PROCESSED
    assert article.extractor_version and article.processing_ms is not None and article.processed_at
    events = Event.objects.filter(sources__article=article)
    assert events.exists()
    evidence = Evidence.objects.filter(source__article=article)
    assert evidence.exists()
    for span in evidence:
        assert article.text[span.start : span.end] == span.text


def test_it_fetches_a_url_and_extracts_the_page(reference_data, local_site, submitter):
    article = submit(submitter, url=local_site.page("/news/asharah", PAGE), published="2020-06-16")

    assert process_article.apply(args=[article.pk]).get() == "processed"

    article.refresh_from_db()
    assert "اشتباكات عنيفة اندلعت" in article.text and "جميع الحقوق" not in article.text
    assert article.title == "اشتباكات في العشارة"
    assert article.language == "ar"
    assert Event.objects.filter(sources__article=article).exists()


def test_it_fails_a_url_whose_text_is_already_an_article(reference_data, local_site, submitter):
    first = submit(submitter, text=ARABIC_REPORT, source="X", published="2020-06-16")
    second = submit(submitter, url=local_site.page("/copy", PAGE))

    process_article.apply(args=[second.pk])

    second.refresh_from_db()
    assert second.status == ArticleStatus.FAILED
    assert f"same as article {first.pk}" in second.error


def test_the_same_report_from_two_outlets_becomes_one_event_with_two_sources(reference_data, submitter):
    # Two outlets, two wordings, two tolls, one clash.
    other_wording = (
        "ريف دير الزور الشرقي - اندلعت اشتباكات فجر اليوم في بلدة العشارة بين قوات الدفاع الوطني "
        "ولواء أبو الفضل العباس، أسفرت عن مقتل خمسة عناصر بحسب مصادر محلية، فيما يسود التوتر المنطقة."
    )
    first = submit(submitter, text=ARABIC_REPORT, source="Deir ez-Zor 24", published="2020-06-16")
    second = submit(submitter, text=other_wording, source="Furat Post", published="2020-06-16")

    process_article.apply(args=[first.pk])
    process_article.apply(args=[second.pk])

    shared = Event.objects.filter(sources__article=first).filter(sources__article=second)
    assert shared.count() == 1, list(Event.objects.values("event_type", "location__slug", "date", "killed"))
    event = shared.get()
    assert event.source_count == 2
    figures = dict(EventSource.objects.filter(event=event).values_list("article__source", "killed"))
    assert figures == {"Deir ez-Zor 24": 3, "Furat Post": 5}
    assert (event.killed, event.killed_low, event.killed_high) == (5, 3, 5)


def test_it_processes_english_reports_too(reference_data, submitter):
    article = submit(submitter, text=ENGLISH_REPORT, source="Enab Baladi", published="2020-06-17")

    assert process_article.apply(args=[article.pk]).get() == "processed"
    assert Article.objects.get(pk=article.pk).language == "en"


def test_reprocessing_an_article_replaces_its_pending_events_without_duplicates(reference_data, submitter):
    from events.services.articles import article_reprocess

    article = submit(submitter, text=ARABIC_REPORT, source="Deir ez-Zor 24", published="2020-06-16")
    process_article.apply(args=[article.pk])
    before = set(Event.objects.values_list("pk", flat=True))
    assert before

    article_reprocess(article=Article.objects.get(pk=article.pk))
    assert process_article.apply(args=[article.pk]).get() == "processed"

    after = set(Event.objects.values_list("pk", flat=True))
    assert len(after) == len(before) and not (after & before)  # replaced, not duplicated
    assert EventSource.objects.filter(article=article).count() == len(after)
    assert Article.objects.get(pk=article.pk).attempts == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="cuts a database server's connection; SQLite has no server"
)
@pytest.mark.django_db(transaction=True)
def test_it_retries_while_the_database_is_unreachable_and_leaves_the_article_for_the_sweep(settings, caplog):
    from events.models.articles import content_hash

    settings.ARTICLE_MAX_ATTEMPTS = 3
    article = Article.objects.create(
        text=ARABIC_REPORT, content_hash=content_hash(ARABIC_REPORT), source="X", language="ar"
    )
    original_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there: every query fails to connect
    try:
        assert process_article.apply(args=[article.pk]).get() == "failed"
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original_port

    assert caplog.text.count("transient error") == 2  # two retries with backoff...
    assert "giving up after 3 attempts" in caplog.text  # ...then the task stops
    article.refresh_from_db()
    # The database never saw the attempts; the row is intact and the sweep will send it again.
    assert (article.status, article.attempts) == (ArticleStatus.QUEUED, 0)
