"""Writing extracted events, merging reports of one event from several outlets, undoing it.

The extractor's output is the input here (typed events, ``events.extraction.output``, as the
extractor hands them over); the end-to-end version through the real extractor is in
test_processing.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import connection

from actors.choices import ActorKind
from actors.models import Actor
from conflict.errors import ApplicationError
from events.choices import LocationKind, ReviewStatus
from events.extraction import output
from events.models import Article, AuditAction, Event, EventAuditEntry, EventSource, Evidence, Location
from events.models.articles import content_hash
from events.services.ingestion import article_events_write, credible_highest, event_source_detach


def extracted(events: list[output.Event], model_version: str = "7") -> output.ExtractionOutput:
    """What ``run_extraction`` returns for an article."""
    return output.ExtractionOutput("ar", "test-1", tuple(events), model_version)


@pytest.fixture
def world(db):
    governorate = Location.objects.create(
        slug="deir-ez-zor-governorate",
        name_en="Deir ez-Zor",
        kind=LocationKind.GOVERNORATE,
        latitude=35.3,
        longitude=40.1,
    )
    asharah = Location.objects.create(
        slug="al-asharah",
        name_en="Al-Asharah",
        name_ar="العشارة",
        kind=LocationKind.TOWN,
        parent=governorate,
        latitude=34.9213,
        longitude=40.5601,
    )
    # About 3 km from al-Asharah: a neighbouring village.
    darnaj = Location.objects.create(
        slug="darnaj", name_en="Darnaj", kind=LocationKind.TOWN, parent=governorate, latitude=34.9000, longitude=40.5800
    )
    mayadin = Location.objects.create(
        slug="al-mayadin",
        name_en="Al-Mayadin",
        kind=LocationKind.TOWN,
        parent=governorate,
        latitude=35.0192,
        longitude=40.4519,
    )
    syrian = Actor.objects.create(
        slug="syrian-government-forces", name_en="Syrian government forces", kind=ActorKind.STATE_FORCE
    )
    kinds = ActorKind.values
    ndf = Actor.objects.create(slug="national-defence-forces", name_en="National Defence Forces", kind=kinds[0])
    fourth = Actor.objects.create(slug="4th-division", name_en="4th Division", kind=kinds[0], parent=syrian)
    abbas = Actor.objects.create(slug="liwa-abu-al-fadl-al-abbas", name_en="Liwa Abu al-Fadl al-Abbas", kind=kinds[0])
    isis = Actor.objects.create(slug="islamic-state", name_en="Islamic State", kind=kinds[0])
    return {
        "asharah": asharah,
        "darnaj": darnaj,
        "mayadin": mayadin,
        "governorate": governorate,
        "syrian": syrian,
        "ndf": ndf,
        "fourth": fourth,
        "abbas": abbas,
        "isis": isis,
    }


TEXT = "اشتباكات عنيفة اندلعت فجر اليوم بين قوات الدفاع الوطني ولواء أبو الفضل العباس في بلدة العشارة"


def article(n: int, source: str, published: str = "2020-06-17") -> Article:
    text = f"{TEXT} — {source} {n}"
    return Article.objects.create(
        source=source,
        text=text,
        language="ar",
        content_hash=content_hash(text),
        published=dt.datetime.fromisoformat(published).replace(tzinfo=dt.UTC),
    )


def mark_processed(*articles: Article) -> None:
    """What article_process records after the first write; a second write is a reprocessing."""
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(processed_at=dt.datetime.now(dt.UTC))
    for a in articles:
        a.refresh_from_db()


def clash(
    place: Location,
    *actors: tuple[Actor, str],
    day: str = "2020-06-16",
    killed=3,
    wounded=None,
    event_type="Battles",
    sub="Armed clash",
    precision="day",
) -> output.Event:
    return output.Event(
        event_type=event_type,
        sub_event_type=sub,
        date=dt.date.fromisoformat(day),
        date_precision=precision,
        location=output.Place(place.pk, place.slug, place.name_en, geo_precision="town"),
        actors=tuple(output.Party(a.pk, a.slug, a.name_en, a.name_ar, role) for a, role in actors),
        crossing=None,
        fatalities=output.Figures(killed, wounded, None),
        confidence=0.7,
        summary="Clash",
        evidence=(output.Span(0, 20, TEXT[:20]),),
        features={"family:violence": 1.0, "place_in_text": 1.0, "headline": 1.0},
    )


def test_it_stores_the_features_and_confidence_on_the_source_and_the_model_version_on_the_article(world):
    a = article(1, "Deir ez-Zor 24")

    [event] = article_events_write(
        article=a, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"))], model_version="12")
    )

    source = event.sources.get()
    assert source.features == {"family:violence": 1.0, "place_in_text": 1.0, "headline": 1.0}
    assert source.confidence == 0.7
    a.refresh_from_db()
    assert a.confidence_model == "12"


def test_it_writes_an_event_with_actors_source_figures_and_evidence(world):
    a = article(1, "Deir ez-Zor 24")

    [event] = article_events_write(
        article=a,
        result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), (world["abbas"], "side_b"), wounded=9)]),
    )

    assert (event.event_type, event.killed, event.wounded, event.source_count) == ("Battles", 3, 9, 1)
    assert (event.latitude, event.longitude) == (34.9213, 40.5601)
    assert sorted(event.participants.values_list("actor__slug", "role")) == [
        ("liwa-abu-al-fadl-al-abbas", "side_b"),
        ("national-defence-forces", "side_a"),
    ]
    source = EventSource.objects.get(event=event)
    assert (source.article, source.killed, source.wounded) == (a, 3, 9)
    assert list(Evidence.objects.filter(source=source).values_list("start", "end", "text")) == [(0, 20, TEXT[:20])]
    assert EventAuditEntry.objects.get(event=event).action == AuditAction.CREATED


def test_it_merges_the_same_event_from_two_outlets_and_reconciles_figures(world):
    first, second = article(1, "Deir ez-Zor 24"), article(2, "Furat Post")
    article_events_write(article=first, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), killed=3)]))

    [event] = article_events_write(
        article=second,
        result=extracted(
            [clash(world["asharah"], (world["ndf"], "side_a"), (world["abbas"], "side_b"), day="2020-06-17", killed=5)]
        ),
    )

    assert Event.objects.count() == 1
    event.refresh_from_db()
    assert (event.killed, event.killed_low, event.killed_high, event.source_count) == (5, 3, 5, 2)
    assert sorted(EventSource.objects.filter(event=event).values_list("article__source", "killed")) == [
        ("Deir ez-Zor 24", 3),
        ("Furat Post", 5),
    ]
    assert event.participants.filter(actor=world["abbas"]).exists()  # the second source's actor
    entry = EventAuditEntry.objects.get(event=event, action=AuditAction.SOURCE_ATTACHED)
    assert entry.article == second and entry.user is None
    assert entry.changes["figures"]["killed"] == [3, 5]
    assert entry.changes["added_actor_ids"] == [world["abbas"].pk]


def test_it_treats_a_unit_and_its_parent_force_as_the_same_actor(world):
    article_events_write(
        article=article(1, "A"), result=extracted([clash(world["asharah"], (world["fourth"], "side_a"))])
    )
    article_events_write(
        article=article(2, "B"), result=extracted([clash(world["asharah"], (world["syrian"], "side_a"))])
    )

    assert Event.objects.get().source_count == 2


def test_it_merges_events_in_neighbouring_villages_within_a_few_km(world):
    article_events_write(article=article(1, "A"), result=extracted([clash(world["asharah"], (world["ndf"], "side_a"))]))
    article_events_write(article=article(2, "B"), result=extracted([clash(world["darnaj"], (world["ndf"], "side_a"))]))

    assert Event.objects.get().source_count == 2


@pytest.mark.parametrize(
    "change",
    [
        {"event_type": "Explosions/Remote violence", "sub": "Shelling/artillery/missile attack"},
        {"place": "mayadin"},  # about 16 km away
        {"day": "2020-06-13"},  # three days apart, both precise to the day
        {"actor": "isis"},  # nobody in common
    ],
)
def test_it_keeps_different_events_apart(world, change):
    article_events_write(article=article(1, "A"), result=extracted([clash(world["asharah"], (world["ndf"], "side_a"))]))
    other = clash(
        world[change.get("place", "asharah")],
        (world[change.get("actor", "ndf")], "side_a"),
        day=change.get("day", "2020-06-16"),
        event_type=change.get("event_type", "Battles"),
        sub=change.get("sub", "Armed clash"),
    )
    article_events_write(article=article(2, "B"), result=extracted([other]))

    assert Event.objects.count() == 2
    assert set(Event.objects.values_list("source_count", flat=True)) == {1}


def test_it_matches_within_the_looser_date_precision(world):
    article_events_write(
        article=article(1, "A"),
        result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), day="2020-06-10", precision="week")]),
    )
    article_events_write(
        article=article(2, "B"), result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), day="2020-06-15")])
    )

    assert Event.objects.count() == 1


def test_it_never_merges_two_events_of_the_same_article(world):
    a = article(1, "A")
    same = clash(world["asharah"], (world["ndf"], "side_a"))

    events = article_events_write(article=a, result=extracted([same, same]))

    assert len({e.pk for e in events}) == 2


def test_it_does_not_attach_to_rejected_events(world):
    [event] = article_events_write(
        article=article(1, "A"), result=extracted([clash(world["asharah"], (world["ndf"], "side_a"))])
    )
    Event.objects.filter(pk=event.pk).update(review_status=ReviewStatus.REJECTED)

    article_events_write(article=article(2, "B"), result=extracted([clash(world["asharah"], (world["ndf"], "side_a"))]))

    assert Event.objects.count() == 2


def test_it_keeps_an_approved_events_figures_and_widens_the_range(world):
    [event] = article_events_write(
        article=article(1, "A"), result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), killed=3)])
    )
    Event.objects.filter(pk=event.pk).update(review_status=ReviewStatus.APPROVED)

    article_events_write(
        article=article(2, "B"), result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), killed=7)])
    )

    event.refresh_from_db()
    assert (event.killed, event.killed_low, event.killed_high, event.source_count) == (3, 3, 7, 2)


@pytest.mark.parametrize(
    ("counts", "expected"), [([], None), ([3], 3), ([3, 50], 50), ([3, 4, 50], 4), ([3, 4, 5], 5), ([0, 0, 1], 1)]
)
def test_it_keeps_the_highest_credible_count(counts, expected):
    assert credible_highest(counts) == expected


def test_it_splits_a_merged_source_back_into_its_own_event(world, django_user_model):
    editor = django_user_model.objects.create_user("ed")
    first, second = article(1, "Deir ez-Zor 24"), article(2, "Furat Post")
    [event] = article_events_write(
        article=first, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), killed=3)])
    )
    article_events_write(
        article=second,
        result=extracted(
            [clash(world["darnaj"], (world["ndf"], "side_a"), (world["abbas"], "side_b"), killed=5, day="2020-06-17")]
        ),
    )

    split = event_source_detach(event=event, article=second, user=editor)

    event.refresh_from_db()
    assert (event.killed, event.killed_low, event.killed_high, event.source_count) == (3, 3, 3, 1)
    assert not event.participants.filter(actor=world["abbas"]).exists()
    assert (split.location, split.date, split.killed, split.source_count) == (
        world["darnaj"],
        dt.date(2020, 6, 17),
        5,
        1,
    )
    assert sorted(split.participants.values_list("actor__slug", flat=True)) == [
        "liwa-abu-al-fadl-al-abbas",
        "national-defence-forces",
    ]
    moved = EventSource.objects.get(article=second)
    assert moved.event == split and moved.evidence.count() == 1
    detached = EventAuditEntry.objects.get(event=event, action=AuditAction.SOURCE_DETACHED)
    assert (detached.user, detached.related_event) == (editor, split)
    assert EventAuditEntry.objects.get(event=split, action=AuditAction.SPLIT).related_event == event


def test_it_refuses_to_detach_the_only_source(world):
    a = article(1, "A")
    [event] = article_events_write(article=a, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"))]))

    with pytest.raises(ApplicationError, match="only source"):
        event_source_detach(event=event, article=a, user=None)


def test_it_replaces_pending_events_when_an_article_is_reprocessed(world):
    a = article(1, "A")
    [old] = article_events_write(
        article=a, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), killed=3)])
    )

    mark_processed(a)
    [new] = article_events_write(
        article=a, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), killed=4)])
    )

    assert not Event.objects.filter(pk=old.pk).exists()
    assert (Event.objects.get().pk, new.killed) == (new.pk, 4)


def test_it_keeps_approved_events_when_an_article_is_reprocessed(world):
    a = article(1, "A")
    [approved] = article_events_write(
        article=a, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), killed=3)])
    )
    mark_processed(a)
    Event.objects.filter(pk=approved.pk).update(review_status=ReviewStatus.APPROVED)

    article_events_write(article=a, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), killed=4)]))

    assert list(Event.objects.values_list("pk", flat=True)) == [approved.pk]
    assert EventSource.objects.get(article=a).killed == 4
    approved.refresh_from_db()
    assert (approved.killed, approved.killed_high) == (3, 4)


def test_it_drops_only_its_own_source_from_a_shared_event_when_reprocessed(world):
    first, second = article(1, "A"), article(2, "B")
    [event] = article_events_write(
        article=first, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), killed=3)])
    )
    article_events_write(
        article=second,
        result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), (world["abbas"], "side_b"), killed=5)]),
    )

    mark_processed(second)
    article_events_write(article=second, result=extracted([]))

    event.refresh_from_db()
    assert (event.source_count, event.killed, event.killed_high) == (1, 3, 3)
    assert not event.participants.filter(actor=world["abbas"]).exists()


def searchable(word: str) -> set[int]:
    """Event ids whose stored search column matches ``word`` (what the API's ``q`` reads)."""
    from events.selectors import fold_for_search

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM events_event WHERE search_vector @@ plainto_tsquery('simple', %s)", [fold_for_search(word)]
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored search column is PostgreSQL's")
def test_it_keeps_the_search_column_in_step_with_written_merged_and_split_evidence(world, django_user_model):
    first = article(1, "Deir ez-Zor 24")
    quote = "قذائف هاون سقطت على العشارة خلال الاشتباكات"
    second = Article.objects.create(
        source="Furat Post",
        text=quote,
        language="ar",
        content_hash=content_hash(quote),
        published=dt.datetime(2020, 6, 17, tzinfo=dt.UTC),
    )
    [event] = article_events_write(
        article=first, result=extracted([clash(world["asharah"], (world["ndf"], "side_a"), (world["abbas"], "side_b"))])
    )
    assert event.pk in searchable("اشتباكات")
    assert event.pk not in searchable("هاون")

    other = clash(world["asharah"], (world["ndf"], "side_a"), (world["abbas"], "side_b"))
    other = dataclasses.replace(other, evidence=(output.Span(0, len(quote), quote),))
    [merged] = article_events_write(article=second, result=extracted([other]))
    assert merged.pk == event.pk
    assert event.pk in searchable("هاون")  # the second source's quote is searchable on the event

    editor = django_user_model.objects.create_user("editor")
    split = event_source_detach(event=event, article=second, user=editor)
    assert searchable("هاون") == {split.pk}  # the quote moved with its source
