"""Invariants that the database and the models enforce, whatever code writes the rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.choices import ActorKind
from actors.models import Actor, ActorBacking
from events.choices import EventType, SubEventType
from events.models import Article, CrossingControl, Event, EventActor, EventSource, Evidence, Location
from events.models.articles import content_hash

pytestmark = pytest.mark.django_db


def make_event(**overrides) -> Event:
    fields = {
        "event_type": EventType.BATTLES,
        "sub_event_type": SubEventType.ARMED_CLASH,
        "date": date(2020, 6, 16),
    }
    fields.update(overrides)
    return Event.objects.create(**fields)


def make_article(published: datetime | None = datetime(2020, 6, 17, tzinfo=UTC), text: str = "نص") -> Article:
    return Article.objects.create(source="Test outlet", text=text, content_hash=content_hash(text), published=published)


def refused_by_database(create) -> IntegrityError:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        create()
    return caught.value


def test_it_refuses_negative_casualties_in_the_database():
    error = refused_by_database(lambda: make_event(killed=-1))
    # PostgreSQL names the violated check; SQLite says "CHECK constraint failed".
    assert "check" in str(error).lower()


def test_it_explains_negative_casualties_on_validation():
    event = Event(event_type=EventType.BATTLES, sub_event_type=SubEventType.ARMED_CLASH, wounded=-3)
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "wounded" in caught.value.message_dict


def test_it_refuses_a_latitude_of_200():
    refused_by_database(lambda: Location.objects.create(slug="nowhere", name_en="Nowhere", kind="town", latitude=200))
    place = Location(slug="nowhere", name_en="Nowhere", kind="town", latitude=200, longitude=40)
    with pytest.raises(ValidationError) as caught:
        place.full_clean()
    assert "Latitude must be between -90 and 90." in str(caught.value)


def test_it_refuses_an_event_longitude_out_of_range():
    refused_by_database(lambda: make_event(latitude=35.0, longitude=-181))


def test_it_refuses_an_unknown_event_type():
    refused_by_database(lambda: make_event(event_type="Skirmish"))
    event = Event(event_type="Skirmish", sub_event_type=SubEventType.ARMED_CLASH)
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "event_type" in caught.value.message_dict


def test_it_refuses_a_sub_type_of_another_type():
    refused_by_database(lambda: make_event(event_type=EventType.PROTESTS, sub_event_type=SubEventType.ARMED_CLASH))
    event = Event(event_type=EventType.PROTESTS, sub_event_type=SubEventType.ARMED_CLASH)
    with pytest.raises(ValidationError) as caught:
        event.clean()
    assert "is not a sub-type of" in str(caught.value)


def test_it_refuses_an_event_dated_after_its_article_was_published():
    article = make_article(published=datetime(2020, 6, 17, 9, 0, tzinfo=UTC))
    event = make_event(date=date(2020, 6, 20))
    source = EventSource(event=event, article=article)
    with pytest.raises(ValidationError) as caught:
        source.full_clean()
    assert "after the article's publication date 2020-06-17" in str(caught.value)

    EventSource.objects.create(event=event, article=article)
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "date" in caught.value.message_dict


def test_it_accepts_an_event_dated_on_the_day_of_publication():
    article = make_article(published=datetime(2020, 6, 17, 9, 0, tzinfo=UTC))
    event = make_event(date=date(2020, 6, 17))
    EventSource(event=event, article=article).full_clean()
    event.full_clean()


def test_it_refuses_confidence_above_one():
    refused_by_database(lambda: make_event(confidence=1.5))


def test_it_refuses_a_merged_event_without_a_target():
    refused_by_database(lambda: make_event(review_status="merged"))


def test_it_refuses_the_same_article_text_twice():
    make_article(text="اشتباكات في العشارة")
    refused_by_database(lambda: make_article(text="اشتباكات   في العشارة"))


def test_it_refuses_an_article_without_any_content():
    refused_by_database(lambda: Article.objects.create(source="Outlet", text="", content_hash=None))


def test_it_refuses_an_evidence_span_that_ends_before_it_starts():
    article = make_article()
    source = EventSource.objects.create(event=make_event(), article=article)
    refused_by_database(lambda: Evidence.objects.create(source=source, start=10, end=5, text="x"))


def test_it_refuses_an_actor_in_the_same_role_twice():
    actor = Actor.objects.create(slug="ndf", name_en="National Defence Forces", kind=ActorKind.PRO_GOVERNMENT_MILITIA)
    event = make_event()
    EventActor.objects.create(event=event, actor=actor, role="side_a")
    refused_by_database(lambda: EventActor.objects.create(event=event, actor=actor, role="side_a"))


def test_it_refuses_an_actor_backing_itself_and_backings_that_end_before_they_start():
    iran = Actor.objects.create(slug="iran", name_en="Iran", kind=ActorKind.FOREIGN_STATE_FORCE)
    militia = Actor.objects.create(slug="fatemiyoun", name_en="Fatemiyoun", kind=ActorKind.FOREIGN_BACKED_MILITIA)
    refused_by_database(lambda: ActorBacking.objects.create(actor=iran, backer=iran))
    refused_by_database(
        lambda: ActorBacking.objects.create(actor=militia, backer=iran, start=date(2020, 1, 1), end=date(2019, 1, 1))
    )


def test_it_refuses_a_crossing_control_period_that_ends_before_it_starts():
    from events.models import Crossing

    crossing = Crossing.objects.create(slug="c", name_en="C", kind="river", crosses="Euphrates")
    actor = Actor.objects.create(slug="sdf", name_en="SDF", kind=ActorKind.KURDISH_LED_FORCE)
    refused_by_database(
        lambda: CrossingControl.objects.create(
            crossing=crossing, actor=actor, start=date(2021, 1, 1), end=date(2020, 1, 1)
        )
    )
