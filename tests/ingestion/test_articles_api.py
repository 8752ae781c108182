"""GET /api/v1/articles/ (filters, visibility, query cost), the detail, reprocess, the command."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.choices import ActorKind
from actors.models import Actor, ActorAlias
from events.choices import ArticleStatus
from events.models import Article
from events.models.articles import content_hash
from tests.ingestion.conftest import ARABIC_REPORT, make_user

URL = "/api/v1/articles/"


def make_article(n: int, *, user=None, **fields) -> Article:
    text = fields.pop("text", f"{ARABIC_REPORT} ({n})")
    values = {"source": "Deir ez-Zor 24", "language": "ar", "submitted_by": user}
    values.update(fields)
    return Article.objects.create(text=text, content_hash=content_hash(text), **values)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_it_shows_submitters_their_own_articles_and_editors_all(submitter, submitter_client, editor_client, db):
    someone_else = make_user("someone")
    mine = make_article(1, user=submitter)
    theirs = make_article(2, user=someone_else)

    assert ids(submitter_client.get(URL)) == [mine.pk]
    assert ids(editor_client.get(URL)) == [theirs.pk, mine.pk]
    assert submitter_client.get(f"{URL}{theirs.pk}/").status_code == 404


def test_it_needs_authentication_to_list_articles(api_client, db):
    response = api_client.get(URL)
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=failed", ["b"]),
        ("source=Furat%20Post", ["b"]),
        ("source=furat%20post", []),
        ("language=en", ["c"]),
        ("published_after=2024-03-02T00:00:00Z", ["b", "c"]),
        ("published_before=2024-03-01T23:59:59Z", ["a"]),
        ("published_after=2024-03-02T00:00:00Z&published_before=2024-03-02T23:00:00Z", ["b"]),
    ],
)
def test_it_filters_the_list(editor_client, query, expected):
    day = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)
    made = {
        "a": make_article(1, published=day),
        "b": make_article(2, source="Furat Post", status=ArticleStatus.FAILED, published=day + dt.timedelta(days=1)),
        "c": make_article(3, language="en", published=day + dt.timedelta(days=2)),
    }
    got = ids(editor_client.get(f"{URL}?{query}"))
    assert sorted(got) == sorted(made[name].pk for name in expected)


def test_it_rejects_an_unknown_status_filter_with_the_error_shape(editor_client):
    response = editor_client.get(f"{URL}?status=lost")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_it_lists_a_page_in_a_fixed_number_of_queries(editor, editor_client):
    for i in range(30):
        make_article(i)
    editor_client.get(URL)  # warm the permission cache of this user object
    with CaptureQueriesContext(connection) as small:
        editor_client.get(f"{URL}?page_size=5")
    with CaptureQueriesContext(connection) as large:
        response = editor_client.get(f"{URL}?page_size=25")
    assert len(ids(response)) == 25
    assert len(large) == len(small)
    assert response.json()["next"]  # a cursor to the rest


def test_it_shows_status_attempts_error_and_timings_in_the_detail(submitter, submitter_client):
    article = make_article(
        1,
        user=submitter,
        status=ArticleStatus.FAILED,
        attempts=2,
        error="The server answered 404.",
        extractor_version="x-1",
        processing_ms=12,
    )

    body = submitter_client.get(f"{URL}{article.pk}/").json()

    assert body["status"] == "failed"
    assert (body["attempts"], body["error"], body["extractor_version"], body["processing_ms"]) == (
        2,
        "The server answered 404.",
        "x-1",
        12,
    )
    assert body["events"] == []
    assert body["text"] == article.text


def test_it_lets_only_editors_reprocess(submitter, submitter_client, editor_client, django_capture_on_commit_callbacks):
    article = make_article(1, user=submitter, status=ArticleStatus.FAILED, attempts=5)

    assert submitter_client.post(f"{URL}{article.pk}/reprocess/").status_code == 403
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(f"{URL}{article.pk}/reprocess/")

    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert len(callbacks) == 1
    article.refresh_from_db()
    assert (article.status, article.attempts) == (ArticleStatus.QUEUED, 0)


def test_it_refuses_to_reprocess_an_article_being_processed(editor_client):
    from django.utils import timezone

    article = make_article(1, status=ArticleStatus.PROCESSING, claimed_at=timezone.now(), claimed_by="w")
    response = editor_client.post(f"{URL}{article.pk}/reprocess/")
    assert response.status_code == 400
    assert "being processed" in response.json()["error"]["message"]


def test_the_command_selects_failed_articles_and_articles_about_an_actor(
    db, capsys, django_capture_on_commit_callbacks
):
    quds = Actor.objects.create(slug="liwa-al-quds", name_en="Liwa al-Quds", name_ar="لواء القدس", kind=ActorKind.OTHER)
    ActorAlias.objects.create(actor=quds, name="Quds Brigade", language="en")
    failed = make_article(1, status=ArticleStatus.FAILED)
    by_alias = make_article(2, status=ArticleStatus.PROCESSED, text="Fighters of the Quds Brigade attacked a post.")
    by_arabic = make_article(3, status=ArticleStatus.PROCESSED, text="هاجم عناصر من لواء القدس نقطة عسكرية.")
    unrelated = make_article(4, status=ArticleStatus.PROCESSED)

    call_command("reprocess_articles", "--actor", "liwa-al-quds", "--dry-run")
    assert "2 article(s) would be queued" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=False):
        call_command("reprocess_articles", "--failed")
        call_command("reprocess_articles", "--actor", "liwa-al-quds")

    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses[failed.pk] == statuses[by_alias.pk] == statuses[by_arabic.pk] == ArticleStatus.QUEUED
    assert statuses[unrelated.pk] == ArticleStatus.PROCESSED
    with pytest.raises(CommandError, match="No actor"):
        call_command("reprocess_articles", "--actor", "nobody")
    with pytest.raises(CommandError, match="Choose"):
        call_command("reprocess_articles")
