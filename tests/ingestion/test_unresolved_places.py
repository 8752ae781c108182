"""Unresolved place names at ingestion: kept on the event (the union over its sources) and
collected per name with the articles that named it, each article once."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.management import call_command

from events.models import Event, UnresolvedPlace, UnresolvedStatus
from events.services.ingestion import article_events_write, event_source_detach
from events.services.unresolved import unresolved_places_list
from events.tasks import process_article
from tests.ingestion.test_merging import (
    TEXT,
    article,
    clash,
    extracted,
    mark_processed,
    world,  # noqa: F401  (the fixture ``places`` reads)
)


@pytest.fixture
def places(request):
    """The places and actors of the merging tests."""
    return request.getfixturevalue("world")


def naming(event, *names):
    return dataclasses.replace(event, unresolved_places=names)


def counts():
    return {p.key: p.article_count for p in unresolved_places_list()}


def test_it_keeps_the_names_on_the_event_and_its_source_and_collects_them(places):
    a = article(1, "Deir ez-Zor 24")

    [event] = article_events_write(
        article=a, result=extracted([naming(clash(places["asharah"], (places["ndf"], "side_a")), "الكشكية", "Al-Heri")])
    )

    assert event.unresolved_places == ["الكشكية", "Al-Heri"]
    assert event.sources.get().unresolved_places == ["الكشكية", "Al-Heri"]
    assert counts() == {"الكشكيه": 1, "al heri": 1}
    place = UnresolvedPlace.objects.get(key="الكشكيه")
    assert (place.name, place.language, place.status) == ("الكشكية", "ar", UnresolvedStatus.OPEN)
    assert place.examples == [{"article": a.pk, "sentence": TEXT[:20]}]
    assert UnresolvedPlace.objects.get(key="al heri").language == "en"


def test_it_counts_an_article_once_however_often_it_is_read(places):
    a = article(1, "Deir ez-Zor 24")
    events = [naming(clash(places["asharah"], (places["ndf"], "side_a")), "الكشكية")]
    article_events_write(article=a, result=extracted(events))
    mark_processed(a)

    article_events_write(article=a, result=extracted(events))
    article_events_write(article=a, result=extracted(events))

    assert counts() == {"الكشكيه": 1}
    assert len(UnresolvedPlace.objects.get().examples) == 1
    assert Event.objects.get().unresolved_places == ["الكشكية"]


def test_it_forgets_an_article_that_no_longer_names_an_open_name(places):
    a, b = article(1, "Deir ez-Zor 24"), article(2, "Furat Post")
    article_events_write(
        article=a, result=extracted([naming(clash(places["asharah"], (places["ndf"], "side_a")), "الكشكية")])
    )
    article_events_write(
        article=b, result=extracted([naming(clash(places["mayadin"], (places["isis"], "side_a")), "الكشكية")])
    )
    assert counts() == {"الكشكيه": 2}
    mark_processed(a)

    article_events_write(article=a, result=extracted([clash(places["asharah"], (places["ndf"], "side_a"))]))

    assert counts() == {"الكشكيه": 1}


def test_it_keeps_the_union_of_the_sources_on_a_merged_event_and_splits_it_back(places):
    a, b = article(1, "Deir ez-Zor 24"), article(2, "Furat Post")
    [event] = article_events_write(
        article=a, result=extracted([naming(clash(places["asharah"], (places["ndf"], "side_a")), "الكشكية")])
    )
    [same] = article_events_write(
        article=b,
        result=extracted([naming(clash(places["darnaj"], (places["ndf"], "side_a")), "الكشكيّة", "Al-Heri")]),
    )
    assert same.pk == event.pk
    event.refresh_from_db()
    # one spelling per folded name: the first source's
    assert event.unresolved_places == ["الكشكية", "Al-Heri"]

    split = event_source_detach(event=event, article=b, user=None)

    event.refresh_from_db()
    assert event.unresolved_places == ["الكشكية"]
    assert split.unresolved_places == ["الكشكيّة", "Al-Heri"]


@pytest.fixture
def reference_data(db):
    call_command("load_reference_data", verbosity=0)


def test_the_real_extractor_records_a_village_it_does_not_know(reference_data, submitter):
    from events.services.articles import article_submit

    text = "قتل ثلاثة عناصر من قوات النظام في هجوم لتنظيم داعش على قرية الزغيبة شرق دير الزور، بحسب مصادر محلية."
    a, _ = article_submit(data={"text": text, "source": "Deir ez-Zor 24", "published": "2020-06-16"}, user=submitter)

    assert process_article.apply(args=[a.pk]).get() == "processed"

    event = Event.objects.get(sources__article=a)
    assert event.unresolved_places == ["الزغيبة"]
    place = UnresolvedPlace.objects.get(key="الزغيبه")
    assert list(place.articles.values_list("pk", flat=True)) == [a.pk]
    assert "قرية الزغيبة" in place.examples[0]["sentence"]


def test_resolving_the_name_re_reads_the_article_which_then_finds_the_place(
    reference_data, submitter, editor, django_capture_on_commit_callbacks
):
    from events.models import Location
    from events.services.articles import article_submit
    from events.services.unresolved import unresolved_place_resolve_as_alias

    text = "قتل ثلاثة عناصر من قوات النظام في هجوم لتنظيم داعش على قرية الزغيبة شرق دير الزور."
    a, _ = article_submit(data={"text": text, "source": "Deir ez-Zor 24", "published": "2020-06-16"}, user=submitter)
    process_article.apply(args=[a.pk])
    assert Event.objects.get(sources__article=a).unresolved_places == ["الزغيبة"]
    town = Location.objects.get(slug="al-mayadin")  # any town will do for the test

    # On commit: the dictionary version moves, then the article is queued and (tasks run in
    # this process) read again.
    with django_capture_on_commit_callbacks(execute=True):
        result = unresolved_place_resolve_as_alias(
            place=UnresolvedPlace.objects.get(key="الزغيبه"), location=town, user=editor
        )

    assert result.requeued_article_ids == [a.pk]
    event = Event.objects.get(sources__article=a)
    assert (event.location, event.unresolved_places) == (town, [])
    assert UnresolvedPlace.objects.get(key="الزغيبه").status == UnresolvedStatus.RESOLVED
