"""Stage toponyms, alone: place names after a place cue that the dictionary does not know."""

import pytest

from events.extraction.document import Document
from events.extraction.stages.mentions import MentionStage
from events.extraction.stages.normalise import normalise
from events.extraction.stages.segment import segment
from events.extraction.stages.toponyms import Toponym, toponyms


def names(dictionary, text):
    doc = normalise(Document(text=text))
    MentionStage(dictionary)(doc)
    segment(doc, dictionary)
    return toponyms(doc, dictionary)


def written(dictionary, text):
    return [t.name for t in names(dictionary, text)]


# --- Arabic ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت قوات النظام قرية الكشكية شرق دير الزور.", ["الكشكية"]),
        ("اشتباكات في بلدة الهري التابعة لمنطقة البوكمال.", ["الهري"]),
        ("سقطت قذائف على قرى الصبحة والبصيرة.", ["الصبحة"]),
        ("داهمت دورية منازل في حي الحميدية مساء أمس.", ["الحميدية"]),
        ("انفجرت عبوة بحي العرفي وسط المدينة.", ["العرفي"]),
        ("استهدفت مسيرة مزرعة الرز قرب النهر.", ["الرز"]),
        ("قتل راع في قرية حوايج ذياب بريف دير الزور الغربي.", ["حوايج ذياب"]),
        ("دارت اشتباكات في قرية أبو حمام ليلاً.", ["أبو حمام"]),
        ("تعرضت قرية جزرة البوحميد لقصف مدفعي.", ["جزرة البوحميد"]),
        ("وصلت التعزيزات إلى وبلدة درنج صباحاً.", ["درنج"]),
        ("ودخلت القوات فقرية الطيبة الشرقية.", ["الطيبة"]),
    ],
)
def test_it_finds_an_arabic_name_after_a_place_cue(dictionary, text, expected):
    assert written(dictionary, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "قصفت قوات النظام مدينة الميادين.",  # known place
        "اشتباكات في بلدة ذيبان.",  # known
        "قتل شاب في مدينة البوكمال شرق دير الزور.",  # known, with a clitic-free cue
        "بقي حيا بعد القصف على الحي.",  # "حيا" is "alive", "الحي" has no name
        "خرج الطفل حي من تحت الأنقاض.",  # "حي" without "في" or "ب"
        "سقطت قذيفة على قرية في ريف دير الزور.",  # a preposition, no name
        "وقع انفجار في مدينة شرق الفرات.",  # a direction word
        "قصفت الطائرات قرية التابعة للناحية.",  # a stop word
    ],
)
def test_it_finds_no_arabic_name_where_none_is_new(dictionary, text):
    assert written(dictionary, text) == []


def test_it_takes_a_second_word_only_after_a_head_word_or_in_a_construct(dictionary):
    assert written(dictionary, "قصفت الطائرات قرية الكشكية البعيدة.") == ["الكشكية"]
    assert written(dictionary, "قصفت الطائرات قرية درنج بعيدة.") == ["درنج"]
    assert written(dictionary, "قصفت الطائرات قرية تل الشيخ ليلا.") == ["تل الشيخ"]


def test_it_gives_the_name_as_written_with_its_key_and_original_offsets(dictionary):
    text = "قصفت القوات قريةَ الكَشكيّة شرق النهر."
    (found,) = names(dictionary, text)
    assert isinstance(found, Toponym)
    assert found.name == "الكَشكيّة" == text[found.start : found.end]
    assert found.key == "الكشكيه"
    assert found.sentence == 0


def test_it_skips_a_name_that_overlaps_a_mention_of_any_kind(dictionary):
    # "قوات النظام" is an actor: "قرية" followed by an actor's name is not a new place
    assert written(dictionary, "هاجمت قرية قوات النظام.") == []
    # a known place inside a longer name is known too
    assert written(dictionary, "Shelling hit the village of Hajin Saghir.") == []


def test_it_reports_a_name_once_per_sentence_and_again_in_another(dictionary):
    found = names(dictionary, "قصف على قرية الكشكية وقرية الكشكية.\n\nثم عادت الاشتباكات إلى قرية الكشكية.")
    assert [(t.key, t.sentence) for t in found] == [("الكشكيه", 0), ("الكشكيه", 1)]


# --- English --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regime forces shelled the village of Al-Heri, killing two.", ["Al-Heri"]),
        ("Fighting reached the town of al-Sousa on Monday.", ["al-Sousa"]),
        ("Gunmen attacked a checkpoint near Darnaj in the east.", ["Darnaj"]),
        ("Kishkiyeh village was shelled overnight.", ["Kishkiyeh"]),
        ("The strike hit Jazrat Elbuhmeid town at dawn.", ["Jazrat Elbuhmeid"]),
        ("Clashes in the neighbourhood of Abu Said Tal Hajar Mazraa left one dead.", ["Abu Said Tal Hajar"]),
        ("A drone struck the city of Deir Hafer yesterday.", ["Deir Hafer"]),
        ("Residents of the hamlet of Umm Adasa fled.", ["Umm Adasa"]),
    ],
)
def test_it_finds_an_english_name_at_a_place_cue(dictionary, text, expected):
    assert written(dictionary, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces shelled the town of Al-Mayadin.",  # known
        "Gunmen attacked a checkpoint near Thiban.",  # known, by an alias
        "The village of the fighters was shelled.",  # no capital
        "The Syrian town was shelled.",  # a nationality before the cue
        "The eastern town of the province was shelled.",  # no name
        "Fighting near the border went on.",  # a stop word
        "Shells fell near East Deir ez-Zor.",  # a direction and a known place
        "The village was shelled near dawn.",
    ],
)
def test_it_finds_no_english_name_where_none_is_new(dictionary, text):
    assert written(dictionary, text) == []


def test_it_ends_an_english_name_at_punctuation(dictionary):
    assert written(dictionary, "Shells fell near Darnaj, Sweidan and Jazrat.") == ["Darnaj"]


# --- On the events ----------------------------------------------------------------------------


def test_an_event_carries_the_names_of_its_own_sentences_outside_the_contract(extractor):
    text = (
        "قتل ثلاثة عناصر من قوات النظام في هجوم لتنظيم داعش على قرية الزغيبة شرق دير الزور.\n\n"
        "وفي سياق آخر، افتتحت بلدية الميادين سوقا جديدا في بلدة الصالحية."
    )

    (event,) = extractor.extract(text).events

    assert event.unresolved_places == ("الزغيبة",)  # not "الصالحية": another sentence, no event
    assert "unresolved_places" not in event.contract()


@pytest.mark.parametrize(
    "text",
    [
        "وهي موقع ومدينة أثرية هامة في المنطقة.",  # an adjective
        "استهدف القصف قرى حدودية مثل القرى الأخرى.",
        "شهدت قرى وبلدات المحافظة قصفا عنيفا.",  # a cue is no name
        "شمل القصف بلدات وقرى خطوط التماس.",
        "طال القصف قرى ناحية المنطقة.",
    ],
)
def test_it_takes_no_adjective_or_other_cue_for_a_name(dictionary, text):
    assert written(dictionary, text) == []


def test_it_stops_an_english_name_at_a_capitalised_cue(dictionary):
    assert written(dictionary, "SDF positions near Zaiban Town were shelled.") == ["Zaiban"]
