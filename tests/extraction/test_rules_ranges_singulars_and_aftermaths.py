"""General rules added in extractor 1.5.0 (sixth pass, fifth held-out set), each with examples
written for these tests: ranges and "at least" before a figure, one more person after a figure,
singular victims named by trade or relation, another source's toll, infighting, forecasts,
denunciations, unknown destinations, arresting patrols, regions narrowed to a town, the
aftermath of an incident, and the group of an assassinated member."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties
from events.extraction.triggers import cancelled
from events.services import extraction

PUBLISHED = date(2023, 6, 26)  # a Monday


def figures(text):
    words = normalize_text(text).text.lower().replace(",", " ,").replace(".", " .").split()
    return casualties(words)


def roles(event):
    return {a["name"]: a["role"] for a in event["actors"]}


def test_it_reads_a_figure_after_the_four_words_of_at_least_in_arabic():
    assert figures("رصد المرصد مقتل ما لا يقل عن خمسة عناصر من الميليشيا")["killed"] == 5


def test_it_counts_a_range_once_by_its_lower_figure():
    assert figures("Local sources said between three and five fighters were killed")["killed"] == 3
    assert figures("قتل ما بين 3 و5 عناصر في الاشتباكات")["killed"] == 3
    assert figures("Two or three soldiers were killed in the clashes")["killed"] == 2
    # "and" without "between" joins two figures, not a range
    assert figures("The attack killed three soldiers and wounded five others") == {
        "killed": 3,
        "wounded": 5,
        "captured": None,
    }


def test_it_adds_one_more_person_joined_after_a_figure():
    assert figures("قتل عنصران من قوات سوريا الديمقراطية وأحد مقاتلي العشائر")["killed"] == 3


def test_it_counts_a_singular_victim_named_by_trade_or_by_relation():
    assert figures("Unknown gunmen shot dead a livestock trader in his shop")["killed"] == 1
    assert figures("قتل قيادي في الميليشيا وأصيب مرافقه بجروح خطيرة") == {
        "killed": 1,
        "wounded": 1,
        "captured": None,
    }
    assert figures("Another member sustained injuries.")["wounded"] == 1


def test_it_reads_of_them_without_an_earlier_figure_as_the_toll_itself():
    assert figures("Militants ambushed a convoy, killing eight of them")["killed"] == 8
    # after a toll, "of them" is still a part of it
    assert figures("The strike killed 12 people, eight of them children")["killed"] == 12


def test_it_keeps_the_lower_toll_when_another_source_puts_it_higher(extractor):
    text = (
        "Islamic State militants ambushed a convoy of SDF fighters near Hajin on Saturday, killing eight of them, "
        "a monitor said. It said the dead were SDF fighters, while a local network put the death toll at 10."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["fatalities"]["killed"] == 8


def test_it_reads_infighting_between_two_groups_as_a_clash_with_two_sides(extractor):
    text = (
        "On Sunday, infighting broke out between local fighters of Liwa al-Baqir and members of the tribal "
        "forces at a checkpoint in Hajin. Three fighters were killed."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert (event["event_type"], event["sub_event_type"]) == ("Battles", "Armed clash")
    assert roles(event) == {"Liwa al-Baqir": "side_a", "Tribal forces": "side_b"}
    assert event["fatalities"]["killed"] == 3


def test_it_reads_a_forecast_after_the_trigger_as_no_event(extractor):
    assert cancelled([], ["around", "checkpoints", "are", "likely", "in", "the", "coming"]) == "hypothetical"
    text = "Further clashes around checkpoints in Hajin are likely in the coming weeks, analysts say."
    assert extractor.extract(text, published=PUBLISHED).contract() == []


def test_it_reads_what_protesters_denounce_and_what_a_cell_is_blamed_for_as_no_event(extractor):
    text = "تظاهر العشرات من أهالي بلدة ذيبان اليوم الاثنين تنديداً بحملات الاعتقال التي تشنها قسد."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["event_type"] == "Protests"
    text = "The SDF detained four ISIS members in Hajin on Monday. The cell was responsible for attacks on traders."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["sub_event_type"] == "Arrests"


def test_it_puts_the_force_of_an_arresting_patrol_on_side_a(extractor):
    text = "اعتقلت دورية تابعة للفرقة الرابعة، أمس، ثلاثة شبان في بلدة ذيبان."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["sub_event_type"] == "Arrests"
    assert roles(event)["4th Division"] == "side_a"
    assert event["fatalities"]["captured"] == 3


def test_it_narrows_a_region_to_the_town_where_the_same_fighting_was_centred(extractor):
    text = (
        "At least 11 people were killed on Saturday in fighting between the SDF and tribal fighters in the "
        "Eastern Deir ez-Zor countryside, a monitor said. The fighting was centred on the town of Dhiban."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["location"]["name"] == "Dhiban"
    assert event["fatalities"]["killed"] == 11


def test_it_folds_the_deployment_that_carried_out_an_arrest_into_the_arrest(extractor):
    text = (
        "اعتقلت قوات سوريا الديمقراطية، فجر اليوم، سبعة شبان في بلدة ذيبان. "
        "وقال مصدر محلي إن دوريات لقسد انتشرت في أحياء البلدة منذ الصباح، وأقامت حواجز مؤقتة على مداخلها."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["sub_event_type"] == "Arrests"
    assert event["fatalities"]["captured"] == 7
    assert len(event["evidence"]) == 2


def test_it_still_reports_a_deployment_of_its_own_date_after_an_arrest(extractor):
    text = (
        "اعتقلت قوات سوريا الديمقراطية، فجر اليوم، سبعة شبان في بلدة ذيبان. "
        "وكانت قسد قد استقدمت تعزيزات عسكرية إلى بلدة هجين يوم الخميس الماضي."
    )
    kinds = sorted(e["sub_event_type"] for e in extractor.extract(text, published=PUBLISHED).contract())
    assert kinds == ["Arrests", "Other"]


def test_it_puts_the_group_of_an_assassinated_member_on_side_b(extractor):
    text = "اغتيال عنصر من لواء الباقر في بلدة هجين\nاغتال مسلحون مجهولون، ليلة أمس، عنصراً في لواء الباقر في بلدة هجين."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert (event["event_type"], event["sub_event_type"]) == ("Battles", "Armed clash")
    assert roles(event)["Liwa al-Baqir"] == "side_b"
    assert event["fatalities"]["killed"] == 1


@pytest.mark.django_db
def test_it_reads_the_new_reference_aliases_and_an_unknown_destination():
    call_command("load_reference_data", stdout=io.StringIO())
    extraction.extractor_reset()
    text = "اعتقلت قوات سوريا الديمقراطية، أمس، ثلاثة شبان في بلدة الكشمة، واقتادتهم إلى جهة مجهولة."
    (arrest,) = extraction.run_extraction(text=text, published=PUBLISHED, language="ar").contract()
    assert arrest["location"]["name"] == "Al-Kishma"
    assert roles(arrest) == {"Syrian Democratic Forces": "side_a", "Civilians": "side_b"}
    text = "A drone attack by the Islamic Resistance in Iraq hit a coalition base near Al-Shuhayl on Sunday."
    (strike,) = extraction.run_extraction(text=text, published=PUBLISHED, language="en").contract()
    assert strike["location"]["name"] == "Al-Shuhail"
    assert "Iran-backed Iraqi militias" in roles(strike)


def test_it_takes_a_bracketed_gloss_as_the_party_an_ambiguous_name_means(extractor):
    text = "اعتقلت الميليشيات الإيرانية (لواء الباقر)، فجر اليوم، سبعة شبان في بلدة ذيبان."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert roles(event) == {"Liwa al-Baqir": "side_a", "Civilians": "side_b"}


def test_it_does_not_place_an_event_at_a_capital_that_is_accused_or_speaks():
    from events.extraction.dictionary import Mention
    from events.extraction.stages.mentions import speaks

    words = "the sdf accused damascus of stirring up trouble".split()
    mention = Mention(None, 0, 0, 3, 4)
    assert speaks(words, mention)
    words = "damascus denied any role in the attack".split()
    assert speaks(words, Mention(None, 0, 0, 0, 1))
    words = "clashes broke out in damascus on sunday".split()
    assert not speaks(words, Mention(None, 0, 0, 4, 5))


def test_it_puts_the_owner_of_a_targeted_garrison_on_side_b(extractor):
    text = "A drone attack targeted the US-led coalition's garrison near Hajin on Thursday, causing no injuries."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert roles(event) == {"International coalition": "side_b"}
