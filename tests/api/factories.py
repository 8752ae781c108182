"""Small factories of real rows for the API tests (plain functions, no mocks)."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth.models import Group, User
from django.utils import timezone
from rest_framework.authtoken.models import Token

from actors.models import Actor, ActorAlias, ActorBacking
from events.choices import GEO_PRECISION_FOR_KIND, ActorRole, ReviewStatus
from events.models import (
    Article,
    AuditAction,
    Crossing,
    CrossingAlias,
    CrossingControl,
    Event,
    EventActor,
    EventAuditEntry,
    EventSource,
    Evidence,
    Location,
    LocationAlias,
)
from events.services.search import event_search_refresh

_counter = itertools.count(1)


def make_location(slug, name_en, *, kind="town", parent=None, name_ar="", lat=None, lon=None, pcode=None, aliases=()):
    location = Location.objects.create(
        slug=slug, name_en=name_en, name_ar=name_ar, kind=kind, parent=parent, latitude=lat, longitude=lon, pcode=pcode
    )
    for alias in aliases:
        LocationAlias.objects.create(location=location, name=alias, language="ar" if _is_arabic(alias) else "en")
    return location


def make_actor(slug, name_en, *, kind="other", parent=None, name_ar="", aliases=()):
    actor = Actor.objects.create(slug=slug, name_en=name_en, name_ar=name_ar, kind=kind, parent=parent)
    for alias in aliases:
        ActorAlias.objects.create(actor=actor, name=alias, language="ar" if _is_arabic(alias) else "en")
    return actor


def make_backing(actor, backer, *, start=None, end=None):
    return ActorBacking.objects.create(actor=actor, backer=backer, start=start, end=end)


def make_crossing(slug, name_en, *, location=None, kind="river", name_ar="", aliases=(), controllers=()):
    crossing = Crossing.objects.create(
        slug=slug,
        name_en=name_en,
        name_ar=name_ar,
        kind=kind,
        location=location,
        latitude=location.latitude if location else None,
        longitude=location.longitude if location else None,
        crosses="Euphrates",
    )
    for alias in aliases:
        CrossingAlias.objects.create(crossing=crossing, name=alias, language="ar" if _is_arabic(alias) else "en")
    for actor, start, end in controllers:
        CrossingControl.objects.create(crossing=crossing, actor=actor, start=start, end=end)
    return crossing


def make_article(*, source="Deir ez-Zor 24", title="", text="نص الخبر", published=None, url=None):
    n = next(_counter)
    return Article.objects.create(
        source=source,
        title=title or f"Report {n}",
        text=f"{text} ({n})",
        url=url if url is not None else f"https://example.org/report-{n}",
        published=published,
        status="processed",
    )


def make_event(
    *,
    date: datetime.date | None = datetime.date(2020, 6, 16),
    location: Location | None = None,
    actors=(),
    event_type="Battles",
    sub_event_type="Armed clash",
    killed=None,
    wounded=None,
    captured=None,
    crossing=None,
    review_status=ReviewStatus.APPROVED,
    summary="",
    evidence=(),
    confidence=0.8,
    source="Deir ez-Zor 24",
    merged_into=None,
    date_precision="day",
    geo_precision=None,
):
    event = Event.objects.create(
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=date,
        date_precision=date_precision,
        location=location,
        geo_precision=geo_precision or (GEO_PRECISION_FOR_KIND.get(location.kind, "town") if location else "country"),
        latitude=location.latitude if location else None,
        longitude=location.longitude if location else None,
        crossing=crossing,
        killed=killed,
        wounded=wounded,
        captured=captured,
        killed_low=killed,
        killed_high=killed,
        confidence=confidence,
        summary=summary,
        review_status=review_status,
        merged_into=merged_into,
        source_count=1,
    )
    for actor, role in actors:
        EventActor.objects.create(event=event, actor=actor, role=role)
    published = timezone.make_aware(datetime.datetime.combine(date or datetime.date(2024, 1, 1), datetime.time(12)))
    article = make_article(source=source, published=published, text=" ".join(evidence) or summary or "نص")
    event_source = EventSource.objects.create(event=event, article=article, killed=killed)
    offset = 0
    for quote in evidence:
        Evidence.objects.create(source=event_source, start=offset, end=offset + len(quote), text=quote)
        offset += len(quote) + 1
    # As the ingestion and review services do after writing a summary or evidence.
    event_search_refresh(event_ids=[event.pk])
    EventAuditEntry.objects.create(event=event, action=AuditAction.CREATED, article=article)
    if review_status == ReviewStatus.APPROVED:
        EventAuditEntry.objects.create(event=event, action=AuditAction.APPROVED)
    return event


def make_user(username: str, *, editor: bool = False) -> tuple[User, str]:
    user = User.objects.create_user(username=username, password="not-used-here")
    if editor:
        group, _ = Group.objects.get_or_create(name="editor")
        user.groups.add(group)
    token = Token.objects.create(user=user)
    return user, token.key


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


SIDE_A = ActorRole.SIDE_A
SIDE_B = ActorRole.SIDE_B
ASSOCIATED = ActorRole.ASSOCIATED
