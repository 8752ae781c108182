"""Every language pack provides everything the stages ask for, and nothing they do not know."""

import re
from pathlib import Path

import pytest

from events.extraction import lang
from events.extraction.lang import CODES, NUMBER_TABLES, PATTERN_NAMES, RULE_NAMES, WORD_SETS, LanguagePack, packs
from events.extraction.triggers import TYPES

EXTRACTION = Path(lang.__file__).resolve().parent.parent


@pytest.mark.parametrize("code", CODES)
def test_it_gives_every_pack_every_word_set_trigger_and_table_the_stages_ask_for(code):
    pack = LanguagePack.load(code)
    assert pack.code == code and pack.script in {"arabic", "latin"}
    assert set(pack.words) == set(WORD_SETS)
    assert set(pack.triggers) == set(TYPES)
    assert all(re.compile(pack.trigger_prefix + f"(?:{pattern})") for pattern in pack.triggers.values())
    assert set(pack.numbers) == set(NUMBER_TABLES)
    assert set(pack.months.values()) == set(range(1, 13))
    assert set(pack.weekdays.values()) == set(range(7))
    assert set(pack.patterns) <= set(PATTERN_NAMES) and pack.rules <= set(RULE_NAMES)


def test_it_asks_the_packs_only_for_word_sets_they_declare():
    asked = set()
    for path in EXTRACTION.rglob("*.py"):
        asked |= set(re.findall(r'words\("([a-z_]+)"\)', path.read_text(encoding="utf-8")))
    assert asked <= set(WORD_SETS)
    with pytest.raises(KeyError):
        lang.words("no_such_set")


def test_it_keeps_each_packs_words_in_its_own_script():
    arabic = re.compile(r"[\u0600-\u06ff]")
    for pack in packs():
        for name, words in pack.words.items():
            in_arabic = {bool(arabic.search(w)) for w in words}
            assert in_arabic <= {pack.script == "arabic"}, (pack.code, name)
