"""General rules added in extractor 1.3.0 (fourth pass, third held-out set), each with examples
written for these tests (Arabic and English where the rule applies to both)."""

from datetime import date

from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties

PUBLISHED = date(2023, 5, 10)  # a Wednesday


def extract(extractor, text, published=PUBLISHED):
    return extractor.extract(text, published=published).contract()


def slugs(event, role=None):
    return {a["slug"] for a in event["actors"] if role is None or a["role"] == role}


def figures(text):
    words = normalize_text(text).text.lower().replace(",", " ,").replace(".", " .").split()
    return casualties(words)


def test_it_puts_protesters_on_side_a_and_the_force_protested_on_side_b(extractor):
    (event,) = extract(extractor, "خرج العشرات من أهالي بلدة الشحيل، أمس الثلاثاء، في مظاهرة ضد قسد.")
    assert event["event_type"] == "Protests"
    assert "protesters" in slugs(event, "side_a") and slugs(event, "side_b") == {"sdf"}
    (event,) = extract(extractor, "On Tuesday, hundreds of people demonstrated in Dhiban against the SDF.")
    assert event["event_type"] == "Protests"
    assert "protesters" in slugs(event, "side_a") and slugs(event, "side_b") == {"sdf"}


def test_it_codes_fire_on_protesters_as_violence_against_civilians(extractor):
    (event,) = extract(extractor, "فتحت قسد النار على المتظاهرين في بلدة ذيبان أمس الثلاثاء، ما أدى إلى مقتل شاب.")
    assert event["event_type"] == "Violence against civilians"


def test_it_reads_a_researcher_not_ruling_out_fighting_as_no_event(extractor):
    text = "ولا يستبعد الباحث أن تتحول المنافسة على عائدات المعابر في الميادين إلى مواجهات بين الفصائل."
    assert extract(extractor, text) == []


def test_it_reads_figures_after_a_clitic_a_verb_and_a_coordination():
    assert figures("ما أدى لمقتل 3 عناصر") == {"killed": 3, "wounded": None, "captured": None}
    assert figures("ما أدى لإصابة مواطنين اثنين بجروح")["wounded"] == 2
    assert figures("jihadists killed four Syrian soldiers and wounded seven others on Thursday") == {
        "killed": 4,
        "wounded": 7,
        "captured": None,
    }
    assert figures("leaving three SDF fighters and two tribal gunmen dead")["killed"] == 5


def test_it_does_not_date_an_event_by_the_dateline(extractor):
    (event,) = extract(
        extractor,
        "BEIRUT, March 24 (Reuters) - U.S. jets struck positions of Iran-backed militias near Al-Mayadin late on "
        "Thursday, a monitor said.",
        published=date(2023, 3, 24),
    )
    assert event["date"] == "2023-03-23"


def test_it_resolves_the_latter_to_the_last_armed_party_named(extractor):
    events = extract(
        extractor,
        "منعت ميليشيا لواء الباقر عناصر قوات النظام من الاقتراب من المعبر في مدينة الميادين.\n"
        "وردت الأخيرة أمس الثلاثاء بالهجوم على مقر في مدينة الميادين.",
    )
    attack = next(e for e in events if e["event_type"] == "Battles")
    assert "syrian-government-forces" in slugs(attack, "side_a")


def test_it_takes_whose_bullets_killed_as_side_a(extractor):
    (event,) = extract(extractor, "قتل شاب برصاص عناصر حاجز لقسد في بلدة ذيبان، أمس الثلاثاء.")
    assert event["event_type"] == "Violence against civilians"
    assert slugs(event, "side_a") == {"sdf"} and "civilians" in slugs(event, "side_b")


def test_it_keeps_what_followed_a_refusal(extractor):
    (event,) = extract(
        extractor,
        "أطلق عناصر من قسد النار على سيارة شاب في بلدة ذيبان، أمس الثلاثاء، بعد أن رفض التوقف، ما أدى إلى مقتله.",
    )
    assert event["fatalities"]["killed"] == 1


def test_it_places_reinforcements_where_they_went_not_where_they_came_from(extractor):
    events = extract(
        extractor,
        "تشهد مدينة البوكمال توتراً منذ أيام.\nواستقدم الحرس الثوري أمس الثلاثاء تعزيزات من الميادين إلى المدينة.",
    )
    others = [e for e in events if e["event_type"] == "Strategic developments"]
    assert others and all(e["location"]["slug"] == "al-bukamal" for e in others)


def test_it_reads_a_tally_of_strikes_as_no_event(extractor):
    text = (
        "Unidentified drones have struck Iran-backed militia positions near Al-Bukamal at least five times this month."
    )
    assert extract(extractor, text) == []


def test_it_puts_the_owner_of_a_targeted_vehicle_on_side_b(extractor):
    (event,) = extract(extractor, "An IED exploded on Tuesday near an SDF vehicle in Dhiban, wounding two fighters.")
    assert slugs(event, "side_b") == {"sdf"} and not slugs(event, "side_a")


def test_it_splits_a_strike_on_two_towns_each_followed_by_its_toll(extractor):
    events = extract(
        extractor,
        "U.S. jets struck Iran-backed militias in eastern Syria late on Tuesday, officials said.\n"
        "A monitor said the strikes hit a depot in Al-Bukamal, killing nine fighters, and a position near "
        "Al-Mayadin, where six members of the militias were killed.",
    )
    by_place = {e["location"]["slug"]: e for e in events}
    assert set(by_place) == {"al-bukamal", "al-mayadin"}
    assert by_place["al-bukamal"]["fatalities"]["killed"] == 9
    assert by_place["al-mayadin"]["fatalities"]["killed"] == 6
    assert all(e["date"] == "2023-05-09" for e in events)


def test_it_does_not_put_an_event_at_a_crossing_it_happened_away_from(extractor):
    (event,) = extract(
        extractor,
        "استهدفت طائرة مسيرة مجهولة أمس الثلاثاء سيارة تقل عناصر من لواء الباقر قرب البوكمال، كانت تسلك طريقاً "
        "ترابياً بعيداً عن المعبر الرسمي.",
    )
    assert event["crossing"] is None
