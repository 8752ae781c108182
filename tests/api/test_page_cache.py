"""The page cache and the data version behind it.

The writes in these tests commit (``transaction=True``): on PostgreSQL the triggers bump the
version at commit, which a test wrapped in a transaction never reaches. Each test runs on
SQLite and PostgreSQL (whichever ``DATABASE_URL`` names); the few that are about PostgreSQL's
commit-time triggers say so.
"""

from __future__ import annotations

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import override_settings

from actors.models import ActorAlias
from events.choices import ArticleStatus, ReviewStatus
from events.models import Article, Event, EventActor, Evidence
from events.selectors import data_version
from events.services.review import event_approve
from tests.api.factories import SIDE_A, make_event, make_user

URL = "/api/v1/events/"
TRACKED = import_module("events.migrations.0004_data_version").TRACKED
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's commit-time triggers (the embedded SQLite bumps at once)"
)
pytestmark = pytest.mark.django_db(transaction=True)


def bumps(before, *, public: bool = False) -> int:
    """How far ``version`` (or ``public_version``) moved since ``before``."""
    after = data_version()
    assert after is not None and after.epoch == before.epoch, (before, after)
    if public:
        return after.public_version - before.public_version
    return after.version - before.version


@pytest.mark.django_db
def test_it_tracks_every_table_the_read_api_shows():
    # A new model in these apps must be tracked, or listed here with the reason it is not.
    not_shown = {
        "events_dataversion": "the version itself",
        "events_dictionaryversion": "the extractor's dictionary cache key",
        "events_maplayer": "/api/v1/map-layers/ reads it without the page cache",
        "events_unresolvedplace": "the editors' admin worklist; events carry the names themselves",
        "events_unresolvedplacearticle": "the same worklist's article links",
    }
    tables = {
        model._meta.db_table
        for app in ("actors", "events")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }
    assert tables - set(not_shown) == set(TRACKED)
    # Of an article, the fields an event's sources show.
    assert TRACKED["events_article"] == ("reference()", ("source", "url", "title", "published"))


def test_it_bumps_the_version_when_a_write_commits(world):
    before = data_version()
    with transaction.atomic():
        make_event(date=datetime.date(2024, 1, 2), location=world.raqqa, actors=[(world.sdf, SIDE_A)], killed=1)
        make_event(date=datetime.date(2024, 1, 3), location=world.raqqa, actors=[(world.isis, SIDE_A)])
    if connection.vendor == "postgresql":
        assert bumps(before) == 1  # once per transaction, however many rows
        assert bumps(before, public=True) == 1
    else:
        assert bumps(before) >= 1 and bumps(before, public=True) >= 1


def test_it_bumps_it_for_writes_that_bypass_the_orm(world):
    for statement in (
        f"UPDATE events_event SET killed = 9 WHERE id = {world.e_clash.pk}",
        f"UPDATE actors_actor SET name_en = 'SDF (renamed)' WHERE id = {world.sdf.pk}",
        f"DELETE FROM events_eventactor WHERE event_id = {world.e_strike.pk}",
        f"UPDATE events_location SET latitude = 35.0 WHERE id = {world.raqqa.pk}",
    ):
        before = data_version()
        with connection.cursor() as cursor:
            cursor.execute(statement)
        assert bumps(before) >= 1, statement
        assert bumps(before, public=True) >= 1, statement  # each touches what consumers see
    before = data_version()
    Event.objects.filter(pk=world.e_clash.pk).update(wounded=4)  # a queryset update: no signals
    assert bumps(before) >= 1
    before = data_version()
    ActorAlias.objects.filter(actor=world.sdf).delete()
    assert bumps(before) >= 1


def test_it_ignores_an_articles_processing_state_but_not_its_title(world):
    article = Article.objects.create(text="نص تجريبي عن اشتباك في الرقة", source="Test outlet", title="Old")
    before = data_version()
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.PROCESSED, attempts=1)
    assert bumps(before) == 0
    Article.objects.filter(pk=article.pk).update(title="New title")
    assert bumps(before) >= 1 and bumps(before, public=True) >= 1


def test_it_ignores_a_rolled_back_write(world):
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Event.objects.filter(pk=world.e_clash.pk).update(killed=99)
        raise RuntimeError("roll back")
    assert bumps(before) == 0


@postgresql_only
def test_it_recreates_a_truncated_version_row_with_a_new_epoch(world):
    epoch = data_version().epoch
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE events_dataversion")
    assert data_version() is None  # no trustworthy version: the API answers without the cache
    Event.objects.filter(pk=world.e_clash.pk).update(killed=3)
    state = data_version()
    assert state.epoch != epoch and (state.version, state.public_version) == (1, 1)


@postgresql_only
def test_it_moves_only_the_editors_version_for_pending_events(world):
    before = data_version()
    pending = make_event(
        date=datetime.date(2024, 4, 1),
        location=world.raqqa,
        actors=[(world.sdf, SIDE_A)],
        review_status=ReviewStatus.PENDING,
        evidence=["اشتباكات في الرقة"],
    )
    assert bumps(before) >= 1 and bumps(before, public=True) == 0  # the event, its actor, source and quote
    before = data_version()
    editor, _ = make_user("desk", editor=True)
    event_approve(event=pending, user=editor)
    assert bumps(before, public=True) == 1
    # A new quote for the source of an approved event is news to consumers.
    before = data_version()
    source = pending.sources.get()
    Evidence.objects.create(source=source, start=0, end=5, text="اشتبا")
    assert bumps(before, public=True) == 1
    # Rejecting it is too (it leaves their lists).
    before = data_version()
    Event.objects.filter(pk=pending.pk).update(review_status=ReviewStatus.REJECTED)
    assert bumps(before, public=True) == 1
    # A part of a rejected event is not.
    before = data_version()
    EventActor.objects.create(event=pending, actor=world.isis, role="side_b")
    assert (bumps(before), bumps(before, public=True)) == (1, 0)


@postgresql_only
def test_it_keeps_serving_consumers_from_the_cache_while_pending_events_arrive(world, api_client):
    assert api_client.get(URL)["X-Page-Cache"] == "miss"
    pending = make_event(
        date=datetime.date(2024, 4, 2),
        location=world.raqqa,
        actors=[(world.sdf, SIDE_A)],
        review_status=ReviewStatus.PENDING,
    )
    assert api_client.get(URL)["X-Page-Cache"] == "hit"
    _, token = make_user("editor", editor=True)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api_client.get(URL, {"review_status": "pending"})
    assert pending.pk in [e["id"] for e in response.json()["results"]]


@postgresql_only
def test_it_gives_no_version_to_a_connection_with_uncommitted_writes(world, api_client):
    with transaction.atomic():
        assert data_version() is not None
        Event.objects.filter(pk=world.e_clash.pk).update(killed=42)
        assert data_version() is None
        response = api_client.get(f"{URL}{world.e_clash.pk}/")
        assert response["X-Page-Cache"] == "bypass"
        assert response.json()["fatalities"]["killed"] == 42
    assert data_version() is not None


# --- the cache in front of the API ------------------------------------------------------------


def test_it_serves_the_second_identical_request_from_the_cache(world, api_client):
    first = api_client.get(URL, {"actor": "sdf", "page_size": 5})
    second = api_client.get(URL, {"page_size": 5, "actor": "sdf"})  # same parameters, other order
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    assert second["ETag"] == first["ETag"]


def test_it_shows_a_review_decision_at_once(world, api_client):
    pending = make_event(
        date=datetime.date(2024, 3, 1),
        location=world.raqqa,
        actors=[(world.sdf, SIDE_A)],
        review_status=ReviewStatus.PENDING,
    )
    ids = [e["id"] for e in api_client.get(URL, {"actor": "sdf"}).json()["results"]]
    assert pending.pk not in ids
    assert api_client.get(URL, {"actor": "sdf"})["X-Page-Cache"] == "hit"
    editor, _ = make_user("desk", editor=True)
    event_approve(event=pending, user=editor)
    response = api_client.get(URL, {"actor": "sdf"})
    assert response["X-Page-Cache"] == "miss"
    assert pending.pk in [e["id"] for e in response.json()["results"]]


def test_it_shows_a_raw_sql_correction_at_once(world, api_client):
    url = f"{URL}{world.e_clash.pk}/"
    assert api_client.get(url).status_code == 200
    assert api_client.get(url)["X-Page-Cache"] == "hit"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE events_event SET killed = 17 WHERE id = %s", [world.e_clash.pk])
    response = api_client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert response.json()["fatalities"]["killed"] == 17


def test_it_counts_a_new_event_in_statistics_at_once(world, api_client):
    url = "/api/v1/stats/events/"

    def battles():
        rows = api_client.get(url, {"group_by": "event_type"}).json()["results"]
        return next(((r["events"], r["killed"]) for r in rows if r["key"] == "Battles"), (0, 0))

    before = battles()
    assert api_client.get(url, {"group_by": "event_type"})["X-Page-Cache"] == "hit"
    make_event(date=datetime.date(2024, 5, 5), location=world.raqqa, actors=[(world.sdf, SIDE_A)], killed=2)
    assert battles() == (before[0] + 1, before[1] + 2)


def test_it_shows_a_renamed_actor_in_the_dictionary_and_in_event_pages(world, api_client):
    detail = f"/api/v1/actors/{world.sdf.slug}/"
    assert api_client.get(detail).json()["name"] == "Syrian Democratic Forces"
    api_client.get(URL, {"actor": "sdf"})
    world.sdf.name_en = "SDF"
    world.sdf.save()
    assert api_client.get(detail).json()["name"] == "SDF"
    names = {a["name"] for e in api_client.get(URL, {"actor": "sdf"}).json()["results"] for a in e["actors"]}
    assert "SDF" in names and "Syrian Democratic Forces" not in names


def test_it_keeps_editors_and_readers_apart(world, api_client):
    _, token = make_user("editor", editor=True)
    assert api_client.get(URL)["X-Page-Cache"] == "miss"
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get(URL)["X-Page-Cache"] == "miss"
    assert api_client.get(URL)["X-Page-Cache"] == "hit"


def test_it_answers_not_modified_to_a_client_holding_the_current_etag(world, api_client):
    etag = api_client.get(URL)["ETag"]
    response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    Event.objects.filter(pk=world.e_clash.pk).update(killed=5)
    response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_it_keeps_neither_errors_nor_streamed_exports(world, api_client):
    assert api_client.get(URL, {"bbox": "nonsense"}).status_code == 400
    assert api_client.get(URL, {"bbox": "nonsense"}).status_code == 400
    for _ in range(2):
        response = api_client.get(URL, {"format": "csv"})
        assert response.status_code == 200 and response.streaming
        assert "ETag" not in response and "X-Page-Cache" not in response


@override_settings(API_PAGE_CACHE_SECONDS=0)
def test_it_can_be_turned_off(world, api_client):
    for _ in range(2):
        response = api_client.get(URL)
        assert response.status_code == 200 and "X-Page-Cache" not in response


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    },
)
def test_it_answers_from_the_database_when_the_cache_is_down(world, api_client, caplog, monkeypatch):
    # Throttling and the page cache both fail open: the read is answered, the outage logged.
    # A refused connection is a fast failure; on a loaded machine it can take longer than the
    # threshold of a timeout, which would make the throttle's failure skip the page cache's call.
    monkeypatch.setattr("conflict.cache.SLOW_FAILURE_SECONDS", 60.0)
    response = api_client.get(URL, {"actor": "sdf"})
    assert response.status_code == 200
    assert response.json()["results"]
    assert response["X-Page-Cache"] == "miss"
    assert "page cache: cache read failed" in caplog.text
    assert "throttle: cache count failed" in caplog.text


def test_it_waits_for_an_answer_another_process_is_computing(world, api_client, monkeypatch):
    import events.api.cache as page_cache

    stored = ("application/json", b'{"computed": "elsewhere"}')
    reads = iter([None, None, stored])  # missing when asked, then stored by the other process
    monkeypatch.setattr(page_cache.page_store, "add", lambda key, value, timeout=None: False)  # its lock is held
    monkeypatch.setattr(page_cache.page_store, "get", lambda key, default=None: next(reads))
    monkeypatch.setattr(page_cache, "WAIT_POLL_SECONDS", 0.01)
    response = api_client.get(URL, {"actor": "sdf"})
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert response.content == stored[1]


def test_it_computes_the_answer_itself_when_the_other_process_takes_too_long(world, api_client, monkeypatch):
    import events.api.cache as page_cache

    monkeypatch.setattr(page_cache.page_store, "add", lambda key, value, timeout=None: False)
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.05)
    monkeypatch.setattr(page_cache, "WAIT_POLL_SECONDS", 0.01)
    response = api_client.get(URL, {"actor": "sdf"})
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert {e["id"] for e in response.json()["results"]} >= {world.e_raqqa.pk}


def test_it_releases_its_lock_after_computing_even_when_the_answer_is_an_error(world, api_client):
    from django.core.cache import cache

    store = getattr(cache, "_cache", None)  # the in-process cache's dictionary of keys
    if not isinstance(store, dict):
        pytest.skip("inspects the keys of the in-process cache (REDIS_CACHE_URL is set)")
    assert api_client.get(URL, {"actor": "sdf"}).status_code == 200
    assert api_client.get(f"{URL}99999999/").status_code == 404
    assert any(key.startswith(":1:api:page:") for key in store)  # the answer is kept...
    assert not [key for key in store if key.endswith(":lock")]  # ...and no lock is left behind
