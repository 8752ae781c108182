"""Stage discourse, alone: history, retellings and the date each draft takes, by the patterns
of the sentence's language pack."""

from datetime import date

from events.extraction.lang import pack
from events.extraction.normalize import normalize_text
from events.extraction.sentences import split_sentences
from events.extraction.stages.discourse import background, days_before, refers_back

EN, AR = pack("en"), pack("ar")


def sentence(text):
    ntext = normalize_text(text).text
    return ntext, split_sentences(ntext)[0]


def test_it_reads_last_years_clashes_as_history_unless_dated_this_week():
    ntext, s = sentence("Similar clashes last year killed dozens")
    assert background(EN, ntext, s, [], date(2023, 5, 10))
    ntext, s = sentence("Clashes killed two people in the town")
    assert not background(EN, ntext, s, [], date(2023, 5, 10))


def test_it_reads_the_attack_as_a_retelling_unless_another_one():
    assert refers_back(EN, *sentence("The attack was the deadliest this year"))
    assert not refers_back(EN, *sentence("In a separate attack, two soldiers were wounded"))


def test_it_counts_the_days_a_day_after_names():
    ntext, _ = sentence("They protested on Sunday, two days after a young man was killed")
    assert days_before(EN, ntext, 0, ntext.index("killed")) == 2


def test_it_runs_no_discourse_rule_a_pack_has_no_pattern_for():
    ntext, s = sentence("Similar clashes last year killed dozens")
    assert AR.patterns == {} and not background(AR, ntext, s, [], date(2023, 5, 10))
    assert not refers_back(AR, *sentence("The attack was the deadliest this year"))
