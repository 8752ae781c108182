"""Small builders for review tests: real rows in the real database, no mocks."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from actors.choices import ActorKind
from actors.models import Actor
from events.choices import ActorRole, EventType, LocationKind, SubEventType
from events.models import Article, Event, EventActor, EventSource, Evidence, Location

_counter = itertools.count(1)

ARABIC_TEXT = (
    "دير الزور - قال مصدر محلي إن اشتباكات عنيفة اندلعت فجر اليوم بين قوات الدفاع الوطني "
    "ولواء أبو الفضل العباس في بلدة العشارة بريف دير الزور الشرقي، ما أدى إلى مقتل ثلاثة عناصر. "
    "وأضاف المصدر أن التوتر ما زال قائماً في المنطقة."
)
ARABIC_EVIDENCE = "اشتباكات عنيفة اندلعت فجر اليوم بين قوات الدفاع الوطني ولواء أبو الفضل العباس في بلدة العشارة"


@pytest.fixture
def roles(db):
    call_command("ensure_roles", verbosity=0)


def make_user(username: str, *groups: str, staff: bool = False):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username=username, password="pw-" + username, is_staff=staff)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def editor(roles):
    return make_user("editor", "editor", staff=True)


@pytest.fixture
def reader(roles):
    return make_user("reader", "reader")


@pytest.fixture
def submitter(roles):
    return make_user("submitter", "submitter")


def make_actor(slug: str, name_en: str, name_ar: str = "", kind: str = ActorKind.OTHER) -> Actor:
    return Actor.objects.create(slug=slug, name_en=name_en, name_ar=name_ar, kind=kind)


def make_places() -> tuple[Location, Location]:
    governorate = Location.objects.create(
        slug="deir-ez-zor-governorate", name_en="Deir ez-Zor", name_ar="دير الزور", kind=LocationKind.GOVERNORATE
    )
    town = Location.objects.create(
        slug="al-asharah",
        name_en="Al-Asharah",
        name_ar="العشارة",
        kind=LocationKind.TOWN,
        parent=governorate,
        latitude=34.92,
        longitude=40.56,
    )
    return governorate, town


def make_article(text: str = ARABIC_TEXT, *, source: str = "Deir ez-Zor 24", title: str = "", language: str = "ar"):
    n = next(_counter)
    return Article.objects.create(
        source=source,
        title=title or f"تقرير {n}",
        text=f"{text} ({n})",
        language=language,
        published=timezone.make_aware(datetime.datetime(2020, 6, 17, 9, 0)),
        status="processed",
    )


def make_event(
    *,
    location: Location | None = None,
    articles: list[tuple[Article, int | None]] = (),
    actors: list[tuple[Actor, str]] = (),
    evidence: str | None = ARABIC_EVIDENCE,
    confidence: float = 0.7,
    **fields,
) -> Event:
    killed = [k for _, k in articles if k is not None]
    event = Event.objects.create(
        event_type=fields.pop("event_type", EventType.BATTLES),
        sub_event_type=fields.pop("sub_event_type", SubEventType.ARMED_CLASH),
        date=fields.pop("date", datetime.date(2020, 6, 16)),
        location=location,
        latitude=location.latitude if location else None,
        longitude=location.longitude if location else None,
        confidence=confidence,
        killed=max(killed) if killed else None,
        killed_low=min(killed) if killed else None,
        killed_high=max(killed) if killed else None,
        source_count=len(articles),
        summary=fields.pop("summary", "Clashes between the NDF and Liwa Abu al-Fadl al-Abbas in Al-Asharah."),
        **fields,
    )
    for article, killed_here in articles:
        source = EventSource.objects.create(event=event, article=article, killed=killed_here)
        if evidence and evidence in article.text:
            start = article.text.index(evidence)
            Evidence.objects.create(source=source, start=start, end=start + len(evidence), text=evidence)
    for actor, role in actors:
        EventActor.objects.create(event=event, actor=actor, role=role)
    return event


@pytest.fixture
def world(db):
    """Two actors, a governorate with a town, and a pending Arabic event with one source."""
    ndf = make_actor(
        "national-defence-forces", "National Defence Forces", "الدفاع الوطني", ActorKind.PRO_GOVERNMENT_MILITIA
    )
    abbas = make_actor(
        "liwa-abu-al-fadl-al-abbas",
        "Liwa Abu al-Fadl al-Abbas",
        "لواء أبو الفضل العباس",
        ActorKind.FOREIGN_BACKED_MILITIA,
    )
    governorate, town = make_places()
    article = make_article()
    event = make_event(
        location=town, articles=[(article, 3)], actors=[(ndf, ActorRole.SIDE_A), (abbas, ActorRole.SIDE_B)]
    )
    return {"ndf": ndf, "abbas": abbas, "governorate": governorate, "town": town, "article": article, "event": event}
