"""Editors resolving the place names the extractor could not place: as an alias of a known
place, as a new place, or ignored; the service and the admin page, on the real database."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conflict.errors import ApplicationError
from events.choices import ArticleStatus, LocationKind
from events.models import Article, Location, LocationAlias, UnresolvedPlace, UnresolvedStatus
from events.services.dictionary import current_dictionary_version
from events.services.ingestion import ExtractedEvent
from events.services.unresolved import (
    unresolved_place_resolve_as_alias,
    unresolved_place_resolve_as_new_place,
    unresolved_places_ignore,
    unresolved_places_list,
    unresolved_places_record,
)
from tests.review.conftest import make_article, make_places

pytestmark = pytest.mark.django_db

SENTENCE = "قصفت قوات النظام قرية الكشكية شرق دير الزور"


def read(article: Article, *names: str) -> None:
    """What ingestion records for an article whose event names ``names``."""
    event = ExtractedEvent(
        event_type="Battles",
        sub_event_type="Armed clash",
        date=None,
        date_precision="unknown",
        location_id=None,
        geo_precision="country",
        latitude=None,
        longitude=None,
        crossing_id=None,
        actors=[],
        killed=None,
        wounded=None,
        captured=None,
        confidence=0.5,
        summary="",
        evidence=[(0, len(SENTENCE), SENTENCE)],
        unresolved_places=list(names),
    )
    unresolved_places_record(article=article, events=[event])


@pytest.fixture
def kishkiyeh(db):
    """An open name read in two articles; a third article names it but was read before."""
    first, second = make_article(SENTENCE), make_article(SENTENCE + " مجددا")
    read(first, "الكشكية")
    read(second, "الكشكية")
    other = make_article("لا ذكر للقرية هنا")
    return {"place": UnresolvedPlace.objects.get(key="الكشكيه"), "articles": [first, second], "other": other}


def test_it_lists_names_by_article_count_and_status(kishkiyeh):
    read(make_article("Shelling hit the village of Al-Heri"), "Al-Heri")

    listed = [(p.key, p.article_count) for p in unresolved_places_list(status=UnresolvedStatus.OPEN)]

    assert listed == [("الكشكيه", 2), ("al heri", 1)]


def test_resolving_as_an_alias_adds_the_spelling_bumps_the_dictionary_and_requeues(
    kishkiyeh, editor, django_capture_on_commit_callbacks
):
    _, town = make_places()
    version = current_dictionary_version()
    mentioning = make_article("سقطت قذائف على الكشكيّة ليلاً")  # names it, was never recorded

    with django_capture_on_commit_callbacks(execute=True):
        result = unresolved_place_resolve_as_alias(place=kishkiyeh["place"], location=town, user=editor)

    assert LocationAlias.objects.filter(location=town, normalized="الكشكيه").exists()
    assert current_dictionary_version() > version
    place = UnresolvedPlace.objects.get(pk=kishkiyeh["place"].pk)
    assert (place.status, place.location, place.resolved_by) == (UnresolvedStatus.RESOLVED, town, editor)
    assert place.resolved_at is not None
    assert LocationAlias.objects.get(location=town).history.latest().history_user == editor
    expected = sorted([a.pk for a in kishkiyeh["articles"]] + [mentioning.pk])
    assert sorted(result.requeued_article_ids) == expected
    assert set(Article.objects.filter(pk__in=expected).values_list("status", flat=True)) == {ArticleStatus.QUEUED}
    assert Article.objects.get(pk=kishkiyeh["other"].pk).status == ArticleStatus.PROCESSED


def test_resolving_as_a_new_place_creates_it_with_coordinates(kishkiyeh, editor, django_capture_on_commit_callbacks):
    governorate, _ = make_places()
    version = current_dictionary_version()

    with django_capture_on_commit_callbacks(execute=True):
        result = unresolved_place_resolve_as_new_place(
            place=kishkiyeh["place"],
            user=editor,
            latitude=34.88,
            longitude=40.6,
            kind=LocationKind.TOWN,
            parent=governorate,
            name_en="Al-Kishkiyeh",
        )

    location = result.location
    assert (location.name_en, location.name_ar, location.slug) == ("Al-Kishkiyeh", "الكشكية", "al-kishkiyeh")
    assert (location.latitude, location.longitude, location.admin1) == (34.88, 40.6, governorate)
    assert current_dictionary_version() > version
    assert UnresolvedPlace.objects.get(pk=kishkiyeh["place"].pk).location == location
    assert len(result.requeued_article_ids) == 2


def test_a_new_place_needs_valid_coordinates_and_a_name_is_resolved_once(kishkiyeh, editor):
    _, town = make_places()
    with pytest.raises(ApplicationError) as error:
        unresolved_place_resolve_as_new_place(place=kishkiyeh["place"], user=editor, latitude=95, longitude=40)
    assert "latitude" in error.value.fields
    assert not Location.objects.filter(name_ar="الكشكية").exists()

    unresolved_place_resolve_as_alias(place=kishkiyeh["place"], location=town, user=editor)
    with pytest.raises(ApplicationError):
        unresolved_place_resolve_as_alias(place=kishkiyeh["place"], location=town, user=editor)


def test_ignoring_marks_open_names_only_and_requeues_nothing(kishkiyeh, editor):
    assert unresolved_places_ignore(place_ids=[kishkiyeh["place"].pk], user=editor) == 1

    place = UnresolvedPlace.objects.get(pk=kishkiyeh["place"].pk)
    assert (place.status, place.resolved_by) == (UnresolvedStatus.IGNORED, editor)
    assert set(Article.objects.values_list("status", flat=True)) == {ArticleStatus.PROCESSED}
    # an ignored name read again is counted, not reopened
    read(make_article(SENTENCE), "الكشكية")
    assert UnresolvedPlace.objects.get(pk=place.pk).status == UnresolvedStatus.IGNORED


# --- The admin page ------------------------------------------------------------------------


def test_editors_see_the_list_with_counts_and_example_sentences(client, editor, kishkiyeh):
    client.force_login(editor)

    response = client.get(reverse("admin:events_unresolvedplace_changelist"), {"status__exact": "open"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "الكشكية" in html and SENTENCE in html
    assert '<td class="field-article_total">2</td>' in html


def test_readers_and_submitters_may_not_see_or_resolve(client, reader, submitter, kishkiyeh):
    reader.is_staff = submitter.is_staff = True
    reader.save(), submitter.save()
    url = reverse("admin:events_unresolvedplace_change", args=[kishkiyeh["place"].pk])
    for user in (reader, submitter):
        client.force_login(user)
        assert client.get(reverse("admin:events_unresolvedplace_changelist")).status_code == 403
        assert client.post(url, {"decision": "ignore"}).status_code == 403
    assert UnresolvedPlace.objects.get(pk=kishkiyeh["place"].pk).status == UnresolvedStatus.OPEN


def test_an_editor_resolves_a_name_as_an_alias_from_its_page(client, editor, kishkiyeh):
    _, town = make_places()
    client.force_login(editor)
    url = reverse("admin:events_unresolvedplace_change", args=[kishkiyeh["place"].pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"decision": "alias", "location": town.pk, "kind": "town"})

    assert response.status_code == 302
    place = UnresolvedPlace.objects.get(pk=kishkiyeh["place"].pk)
    assert (place.status, place.location, place.resolved_by) == (UnresolvedStatus.RESOLVED, town, editor)
    assert {a.status for a in Article.objects.filter(pk__in=[a.pk for a in kishkiyeh["articles"]])} == {
        ArticleStatus.QUEUED
    }


def test_the_page_asks_for_coordinates_of_a_new_place(client, editor, kishkiyeh):
    client.force_login(editor)
    url = reverse("admin:events_unresolvedplace_change", args=[kishkiyeh["place"].pk])

    response = client.post(url, {"decision": "new", "kind": "town", "name_en": "Al-Kishkiyeh"})

    assert response.status_code == 200  # the form again, with the errors
    assert "A new place needs coordinates." in response.content.decode()
    assert UnresolvedPlace.objects.get(pk=kishkiyeh["place"].pk).status == UnresolvedStatus.OPEN

    response = client.post(
        url, {"decision": "new", "kind": "town", "name_en": "Al-Kishkiyeh", "latitude": 34.88, "longitude": 40.6}
    )
    assert response.status_code == 302
    assert UnresolvedPlace.objects.get(pk=kishkiyeh["place"].pk).location.name_en == "Al-Kishkiyeh"


def test_an_editor_ignores_names_with_the_list_action(client, editor, kishkiyeh):
    client.force_login(editor)

    client.post(
        reverse("admin:events_unresolvedplace_changelist"),
        {"action": "ignore_selected", "_selected_action": [kishkiyeh["place"].pk]},
    )

    assert UnresolvedPlace.objects.get(pk=kishkiyeh["place"].pk).status == UnresolvedStatus.IGNORED


def test_the_event_page_shows_the_unresolved_names(client, editor, db):
    from tests.review.conftest import make_event

    event = make_event(unresolved_places=["الكشكية", "<b>Al-Heri</b>"])
    client.force_login(editor)

    html = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    assert "الكشكية" in html and "&lt;b&gt;Al-Heri&lt;/b&gt;" in html


def test_a_merge_gives_the_target_the_names_of_every_source(editor, db):
    from events.models import EventSource
    from events.services.review import events_merge
    from tests.review.conftest import make_event

    _, town = make_places()
    first, second = make_article(), make_article()
    target = make_event(location=town, articles=[(first, 3)], unresolved_places=["الكشكية"])
    other = make_event(location=town, articles=[(second, 4)])
    EventSource.objects.filter(event=target).update(unresolved_places=["الكشكية"])
    EventSource.objects.filter(event=other).update(unresolved_places=["الكشكيّة", "الهري"])

    merged = events_merge(target=target, others=[other], user=editor)

    assert merged.unresolved_places == ["الكشكية", "الهري"]
    merged.refresh_from_db()
    assert merged.unresolved_places == ["الكشكية", "الهري"]
