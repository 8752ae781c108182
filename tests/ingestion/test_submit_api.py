"""POST /api/v1/articles/: validation with a message per field, de-duplication, batches."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from events.choices import ArticleStatus
from events.models import Article
from tests.ingestion.conftest import ARABIC_REPORT, ENGLISH_REPORT, make_user, token_client

URL = "/api/v1/articles/"
BATCH_URL = "/api/v1/articles/batch/"


def post(client, body, **extra):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **extra)


def assert_error_shape(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["status"] == status
    assert error["message"]
    assert isinstance(error["fields"], dict)
    if field is not None:
        assert field in error["fields"], error
        assert all(isinstance(m, str) and m for m in error["fields"][field])
    return error


def test_it_accepts_an_article_and_answers_202_with_a_status_url(submitter_client, submitter):
    response = post(submitter_client, {"text": ARABIC_REPORT, "source": "Deir ez-Zor 24", "published": "2020-06-16"})

    assert response.status_code == 202, response.content
    body = response.json()
    article = Article.objects.get(pk=body["id"])
    assert body["status"] == ArticleStatus.QUEUED
    assert body["status_url"].endswith(f"/api/v1/articles/{article.pk}/")
    assert article.language == "ar"  # detected
    assert article.submitted_by == submitter
    assert article.published == dt.datetime(2020, 6, 16, tzinfo=dt.UTC)
    assert article.content_hash


def test_it_enqueues_the_article_only_when_the_transaction_commits(
    submitter_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(submitter_client, {"text": ENGLISH_REPORT, "source": "Enab Baladi"})
    assert response.status_code == 202
    assert len(callbacks) == 1
    assert Article.objects.get(pk=response.json()["id"]).language == "en"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"source": "X"}, "text"),
        ({"text": "", "source": "X"}, "text"),
        ({"text": "   \n\t ", "source": "X"}, "text"),
        ({"text": 42, "source": "X"}, "text"),
        ({"text": ARABIC_REPORT}, "source"),
        ({"text": ARABIC_REPORT, "html": "<p>x</p>", "source": "X"}, "html"),
        ({"html": "<html><body><script>var a = 1;</script><img src=x></body></html>", "source": "X"}, "html"),
        ({"text": ARABIC_REPORT, "source": "X", "published": "2020-02-30"}, "published"),
        ({"text": ARABIC_REPORT, "source": "X", "published": "yesterday"}, "published"),
        ({"text": ARABIC_REPORT, "source": "X", "published": "1970-01-01"}, "published"),
        ({"text": ARABIC_REPORT, "source": "X", "published": 20200616}, "published"),
        ({"text": ARABIC_REPORT, "source": "X", "language": "fr"}, "language"),
        ({"text": ARABIC_REPORT, "source": "X", "language": "arabic"}, "language"),
        ({"url": "ftp://example.org/a.html"}, "url"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "http://127.0.0.1:8000/admin/"}, "url"),
        ({"url": "http://localhost/article"}, "url"),
        ({"url": "http://10.1.2.3/article"}, "url"),
        ({"url": "http://169.254.169.254/latest/meta-data/"}, "url"),
        ({"url": "http://[::1]/x"}, "url"),
        ({"url": "http://user:pw@example.org/x"}, "url"),
        ({"text": "abc\x00def" * 10, "source": "X"}, "text"),
        ({"text": ARABIC_REPORT, "source": "X", "pubished": "2020-06-16"}, "pubished"),
        ({"text": ARABIC_REPORT, "source": "X" * 201}, "source"),
    ],
)
def test_it_rejects_bad_input_with_a_message_for_the_field(submitter_client, body, field):
    response = post(submitter_client, body)

    assert_error_shape(response, 400, field)
    assert not Article.objects.exists()


def test_it_rejects_a_publication_date_in_the_future(submitter_client):
    tomorrow_evening = (timezone.now() + dt.timedelta(days=2)).date().isoformat()
    response = post(submitter_client, {"text": ARABIC_REPORT, "source": "X", "published": tomorrow_evening})

    error = assert_error_shape(response, 400, "published")
    assert "future" in error["fields"]["published"][0]


def test_it_accepts_today_and_a_datetime_with_an_offset(submitter_client):
    today = timezone.now().date().isoformat()
    assert post(submitter_client, {"text": ARABIC_REPORT, "source": "X", "published": today}).status_code == 202
    response = post(submitter_client, {"text": ENGLISH_REPORT, "source": "X", "published": "2024-03-02T09:30:00+03:00"})
    assert response.status_code == 202
    assert Article.objects.get(pk=response.json()["id"]).published == dt.datetime(2024, 3, 2, 6, 30, tzinfo=dt.UTC)


def test_it_rejects_text_over_the_size_limit(submitter_client, settings):
    settings.ARTICLE_MAX_TEXT_BYTES = 2_000
    response = post(submitter_client, {"text": "قصف " * 1000, "source": "X"})

    error = assert_error_shape(response, 400, "text")
    assert "limit is 2000" in error["fields"]["text"][0]


def test_it_answers_413_with_the_error_shape_for_an_oversized_body(submitter_client, settings):
    settings.ARTICLE_MAX_REQUEST_BYTES = 100_000
    response = post(submitter_client, {"text": "x " * 60_000, "source": "X"})

    error = assert_error_shape(response, 413)
    assert error["code"] == "too_large"


def test_it_rejects_a_body_that_is_not_utf8(submitter_client):
    body = b'{"text": "' + "قصف على الميادين".encode("cp1256") + b'", "source": "X"}'
    response = submitter_client.post(URL, data=body, content_type="application/json")

    assert_error_shape(response, 400, "body")


def test_it_rejects_a_lone_surrogate_that_cannot_be_stored(submitter_client):
    body = b'{"text": "abc \\ud800 def and more words here", "source": "X"}'
    response = submitter_client.post(URL, data=body, content_type="application/json")

    assert_error_shape(response, 400, "text")


def test_it_rejects_text_in_an_unsupported_language_unless_the_language_is_given(submitter_client):
    french = (
        "Des affrontements ont éclaté mardi entre les forces de défense nationale et une milice "
        "dans la ville d'al-Asharah, dans la campagne orientale de Deir ez-Zor, faisant trois morts "
        "parmi les combattants, selon des sources locales. La tension restait vive mercredi."
    )
    assert_error_shape(post(submitter_client, {"text": french, "source": "X"}), 400, "language")
    assert post(submitter_client, {"text": french, "source": "X", "language": "en"}).status_code == 202


def test_it_reduces_html_to_the_main_text(submitter_client):
    html = (
        "<html><head><title>اشتباكات في العشارة</title></head><body>"
        "<nav>الرئيسية | أخبار | اتصل بنا</nav>"
        f"<article><h1>اشتباكات في العشارة</h1><p>{ARABIC_REPORT}</p></article>"
        "<div class='comments'>أضف تعليقك</div><footer>جميع الحقوق محفوظة</footer></body></html>"
    )
    response = post(submitter_client, {"html": html, "source": "Deir ez-Zor 24"})

    assert response.status_code == 202, response.content
    article = Article.objects.get(pk=response.json()["id"])
    assert "اشتباكات عنيفة اندلعت" in article.text
    assert "جميع الحقوق محفوظة" not in article.text
    assert article.raw_html == html
    assert article.title == "اشتباكات في العشارة"


def test_it_needs_a_submitter_token(api_client, db):
    reader = make_user("reader", "reader")
    anonymous = post(api_client, {"text": ARABIC_REPORT, "source": "X"})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["status"] == 401
    forbidden = post(token_client(reader), {"text": ARABIC_REPORT, "source": "X"})
    assert_error_shape(forbidden, 403)


def test_it_rejects_form_encoded_bodies_with_the_error_shape(submitter_client):
    response = submitter_client.post(URL, data="text=abc", content_type="application/x-www-form-urlencoded")
    assert_error_shape(response, 415)


# --- De-duplication ---------------------------------------------------------------------------


def test_it_returns_the_existing_article_for_the_same_text(submitter_client, other_submitter):
    first = post(submitter_client, {"text": ARABIC_REPORT, "source": "Deir ez-Zor 24"})
    # The same report pasted with different white space, by another submitter.
    spaced = ARABIC_REPORT.replace(" ", "  ") + "\n"
    second = post(token_client(other_submitter), {"text": spaced, "source": "Furat Post"})

    assert first.status_code == 202
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["created"] is False
    assert Article.objects.count() == 1


def test_it_returns_the_existing_article_for_the_same_url(submitter_client):
    first = post(submitter_client, {"url": "https://8.8.8.8/news/123.html#comments"})
    second = post(submitter_client, {"url": "HTTPS://8.8.8.8/news/123.html"})

    assert first.status_code == 202, first.content
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert Article.objects.get().url == "https://8.8.8.8/news/123.html"


def test_it_honours_the_idempotency_key(submitter_client, submitter):
    body = {"text": ENGLISH_REPORT, "source": "Enab Baladi"}
    first = post(submitter_client, body, HTTP_IDEMPOTENCY_KEY="req-1")
    again = post(submitter_client, body, HTTP_IDEMPOTENCY_KEY="req-1")
    reused = post(submitter_client, {"text": ARABIC_REPORT, "source": "X"}, HTTP_IDEMPOTENCY_KEY="req-1")

    assert first.status_code == 202
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    error = assert_error_shape(reused, 409)
    assert error["code"] == "idempotency_conflict"
    assert Article.objects.get().idempotency_key == "req-1"


def test_it_scopes_idempotency_keys_to_their_user(submitter_client, other_submitter):
    post(submitter_client, {"text": ENGLISH_REPORT, "source": "X"}, HTTP_IDEMPOTENCY_KEY="k")
    other = post(token_client(other_submitter), {"text": ARABIC_REPORT, "source": "X"}, HTTP_IDEMPOTENCY_KEY="k")

    assert other.status_code == 202
    assert Article.objects.count() == 2


# --- Batches ----------------------------------------------------------------------------------


def test_it_accepts_a_batch_and_answers_per_item(submitter_client, django_capture_on_commit_callbacks):
    existing = post(submitter_client, {"text": ARABIC_REPORT, "source": "X"}).json()["id"]
    items = [
        {"text": f"{ENGLISH_REPORT} Report number {i}.", "source": "Enab Baladi", "published": "2024-01-02"}
        for i in range(5)
    ]
    items += [
        {"text": "", "source": "X"},  # invalid
        {"text": ARABIC_REPORT, "source": "Y"},  # an existing article
        {"text": f"{ENGLISH_REPORT} Report number 0.", "source": "Z"},  # repeats item 0
        {"text": ENGLISH_REPORT, "source": "X", "published": "2999-01-01"},  # invalid
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = submitter_client.post(BATCH_URL, data={"articles": items}, format="json")

    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["created"], body["existing"], body["failed"]) == (5, 2, 2)
    results = body["results"]
    assert [r["index"] for r in results] == list(range(9))
    assert all(results[i]["created"] for i in range(5))
    assert results[5]["error"]["fields"]["text"] == ["The text is empty."]
    assert results[6]["id"] == existing and results[6]["created"] is False
    assert results[7]["id"] == results[0]["id"]
    assert "future" in results[8]["error"]["fields"]["published"][0]
    assert Article.objects.count() == 6
    assert len(callbacks) == 1  # one enqueue for the whole batch


def test_it_refuses_a_batch_over_500_items(submitter_client):
    items = [{"text": f"{ENGLISH_REPORT} {i}", "source": "X"} for i in range(501)]
    response = submitter_client.post(BATCH_URL, data=items, format="json")

    error = assert_error_shape(response, 400, "articles")
    assert "limit is 500" in error["fields"]["articles"][0]
    assert not Article.objects.exists()


def test_it_refuses_an_empty_or_malformed_batch(submitter_client):
    assert_error_shape(submitter_client.post(BATCH_URL, data=[], format="json"), 400, "articles")
    assert_error_shape(submitter_client.post(BATCH_URL, data={"articles": "x"}, format="json"), 400, "articles")
