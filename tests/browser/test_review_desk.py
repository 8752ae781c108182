"""An editor reviews an Arabic event in a real browser, end to end, and article HTML cannot run."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.choices import ActorRole, ReviewStatus
from events.models import Article, Event
from tests.review.conftest import ARABIC_EVIDENCE, ARABIC_TEXT, make_actor, make_event, make_places, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The documentation's screenshot is rewritten only on request (UPDATE_SCREENSHOTS=1), so a test
# run leaves the working tree clean; otherwise the picture goes to the test's temporary folder.
DOC_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "review-event.png"


@pytest.fixture
def desk(transactional_db):
    call_command("ensure_roles", verbosity=0)
    make_user("editor", "editor", staff=True)
    ndf = make_actor("national-defence-forces", "National Defence Forces", "الدفاع الوطني", "pro_government_militia")
    abbas = make_actor(
        "liwa-abu-al-fadl-al-abbas", "Liwa Abu al-Fadl al-Abbas", "لواء أبو الفضل العباس", "foreign_backed_militia"
    )
    _, town = make_places()
    article = Article.objects.create(
        source="Deir ez-Zor 24",
        title="اشتباكات بين الدفاع الوطني ولواء أبو الفضل العباس في العشارة",
        text=ARABIC_TEXT,
        language="ar",
        published=timezone.make_aware(datetime.datetime(2020, 6, 17, 9, 0)),
        status="processed",
    )
    event = make_event(
        location=town,
        articles=[(article, 3)],
        actors=[(ndf, ActorRole.SIDE_A), (abbas, ActorRole.SIDE_B)],
        confidence=0.62,
    )
    return {"event": event, "town": town}


def log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-editor")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/events/event/**")


def test_an_editor_approves_an_arabic_event_and_it_is_published(page, live_server, desk, tmp_path):
    event = desk["event"]
    log_in(page, live_server)

    # The queue: pending events with the counts per status.
    assert page.locator(".status-counts .status-pending strong").inner_text() == "1"
    page.click(f'#result_list a[href*="/admin/events/event/{event.pk}/change/"] >> nth=0')
    page.wait_for_url(f"**/admin/events/event/{event.pk}/change/**")

    # The evidence, highlighted inside the article, read right to left.
    mark = page.locator(".article-text mark").first
    assert mark.inner_text() == ARABIC_EVIDENCE
    assert mark.evaluate("m => getComputedStyle(m.closest('.article-text')).direction") == "rtl"
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    # The map is drawn by the vendored Leaflet, with the place's marker and no tiles.
    page.wait_for_selector("#event-map.leaflet-container .leaflet-tooltip")
    assert page.locator("#event-map .leaflet-tooltip").inner_text() == "Al-Asharah"
    assert page.locator("#event-map .leaflet-tile").count() == 0
    screenshot = DOC_SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path / "review-event.png"
    page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 10_000

    # The public API does not show the pending event yet.
    assert event.pk not in api_event_ids(page, live_server)

    page.click("#approve-button")
    page.wait_for_url("**/admin/events/event/")
    assert "approved" in page.locator(".messagelist").inner_text()
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.APPROVED
    assert event.reviewed_by.username == "editor"

    assert event.pk in api_event_ids(page, live_server)


def api_event_ids(page, live_server) -> list[int]:
    response = page.request.get(f"{live_server.url}/api/v1/events/?format=json")
    assert response.status == 200, response.text()
    return [item["id"] for item in response.json()["results"]]


XSS_TEXT = (
    'عاجل: <script>window.__owned = 1; alert("script")</script> '
    '<img src="/nonexistent.png" onerror="window.__owned = 2; alert(\'onerror\')"> '
    "قالت مصادر محلية إن اشتباكات عنيفة وقعت في بلدة العشارة."
)


def test_article_html_is_shown_as_text_and_never_runs(page, live_server, desk):
    article = Article.objects.create(
        source="<script>alert('outlet')</script>",
        title="<img src=x onerror=\"alert('title')\">",
        text=XSS_TEXT,
        language="ar",
        status="processed",
    )
    event = make_event(
        location=desk["town"], articles=[(article, None)], evidence="اشتباكات عنيفة وقعت في بلدة العشارة"
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    page.wait_for_selector(".article-text mark")
    page.wait_for_timeout(500)  # give a broken image's onerror the time to fire, were it markup

    assert dialogs == []
    assert page.evaluate("window.__owned") is None
    text = page.locator(".article-text").first.inner_text()
    assert '<script>window.__owned = 1; alert("script")</script>' in text
    assert "onerror=" in text
    assert page.locator(".article-text script, .article-text img, .source-title img").count() == 0
    assert "<img src=x" in page.locator(".source-title").first.inner_text()
    assert not Event.objects.filter(review_status=ReviewStatus.APPROVED).exists()
