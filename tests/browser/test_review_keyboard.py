"""An editor works through the queue with the keyboard, in a real browser; the queue's rows are
compact, its sort arrow tells the real order, and everything fits 1,400 px."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.choices import ActorRole, ReviewStatus
from events.models import Event
from tests.browser.test_review_desk import log_in
from tests.review.conftest import make_actor, make_article, make_event, make_places, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "review-queue.png"
LONG_SUMMARY = (
    "Clashes between the National Defence Forces and Liwa Abu al-Fadl al-Abbas in Al-Asharah after a "
    "dispute at a checkpoint on the river road; local sources reported three dead and several wounded."
)


@pytest.fixture
def queue(transactional_db):
    call_command("ensure_roles", verbosity=0)
    make_user("editor", "editor", staff=True)
    _, town = make_places()
    actors = [
        make_actor(f"militia-{n}", f"Militia number {n}", f"ميليشيا {n}", "pro_government_militia") for n in range(12)
    ]
    now = timezone.now()
    events = []
    for n, outlet in enumerate(("Deir ez-Zor 24", "Euphrates Post", "Syrian Observatory for Human Rights")):
        article = make_article(source=outlet, title="" if n == 1 else f"Report {n}")
        crowd = actors if n == 2 else actors[:2]
        event = make_event(
            location=town,
            articles=[(article, 3)],
            actors=[(actor, ActorRole.SIDE_A if i % 2 == 0 else ActorRole.SIDE_B) for i, actor in enumerate(crowd)],
            summary=LONG_SUMMARY,
            date=datetime.date(2020, 6, 10 + 3 * (2 - n)),  # event dates in another order than arrival
        )
        Event.objects.filter(pk=event.pk).update(created_at=now - datetime.timedelta(hours=3 - n))
        events.append(event)
    return events  # oldest arrival first; the queue shows the newest first


def row_ids(page) -> list[int]:
    return [int(box.get_attribute("value")) for box in page.locator("#result_list tbody input.action-select").all()]


def test_the_queue_is_compact_sorted_as_its_arrow_says_and_fits_1400_px(page, live_server, queue, tmp_path):
    oldest, middle, newest = queue
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in(page, live_server)

    assert row_ids(page) == [newest.pk, middle.pk, oldest.pk]
    # The arrow: on "received", newest first, the order the rows are in.
    arrows = page.locator("#result_list thead th.sorted").evaluate_all("ths => ths.map(th => th.className)")
    assert arrows == ["sortable column-received_display sorted descending"]

    # Every column is on screen at 1,400 px, and a row with twelve actors stays short.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    assert page.locator("#result_list").evaluate("t => t.getBoundingClientRect().right") <= 1400
    crowded = page.locator("#result_list tbody tr").first
    assert "+9 more" in crowded.inner_text()
    assert crowded.evaluate("r => r.getBoundingClientRect().height") < 80
    assert "Syrian Observatory" in crowded.locator("td.field-outlet_display").inner_text()
    snippet = crowded.locator(".snippet")
    assert snippet.evaluate("s => s.scrollWidth > s.clientWidth")  # one line, cut with an ellipsis
    assert "j/k" in page.locator("#kb-help").inner_text()

    screenshot = QUEUE_SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path / "review-queue.png"
    page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 10_000


def test_an_editor_approves_and_rejects_with_the_keyboard_and_the_next_event_opens(page, live_server, queue):
    oldest, middle, newest = queue
    log_in(page, live_server)
    current = page.locator("#result_list tbody tr.kb-current input.action-select")

    assert current.get_attribute("value") == str(newest.pk)
    page.keyboard.press("j")
    assert current.get_attribute("value") == str(middle.pk)
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert current.get_attribute("value") == str(middle.pk)

    page.keyboard.press("o")
    page.wait_for_url(f"**/admin/events/event/{middle.pk}/change/")
    assert "a approve" in " ".join(page.locator("#kb-help").inner_text().split())

    # a: approved, and the next pending event in the queue (the older one) opens.
    page.keyboard.press("a")
    page.wait_for_url(f"**/admin/events/event/{oldest.pk}/change/")
    assert f"Event {middle.pk} approved" in page.locator(".messagelist").inner_text()

    # r: the reason page, its field focused; Ctrl+Enter rejects; the queue starts over at the top.
    page.keyboard.press("r")
    page.wait_for_url(f"**/admin/events/event/{oldest.pk}/reject/")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.type("The same clash as an approved event, told again a week later.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**/admin/events/event/{newest.pk}/change/")

    # e: the form's first field; o: the source (this article has no URL: its admin page).
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.id") == "id_event_type"
    page.locator("body").click(position={"x": 5, "y": 5})
    with page.expect_popup() as popup:
        page.keyboard.press("o")
    popup.value.wait_for_load_state()
    assert "/admin/events/article/" in popup.value.url
    # j with nothing pending after this one stays put.
    page.keyboard.press("j")
    assert page.url.endswith(f"/admin/events/event/{newest.pk}/change/")

    middle.refresh_from_db()
    oldest.refresh_from_db()
    assert (middle.review_status, middle.reviewed_by.username) == (ReviewStatus.APPROVED, "editor")
    assert oldest.review_status == ReviewStatus.REJECTED
    assert oldest.review_note == "The same clash as an approved event, told again a week later."
