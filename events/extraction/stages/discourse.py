"""Stage 5, discourse: what the way a sentence is told says about its drafts — history ("last
year", "similar attacks"), a retelling of the incident just reported ("the attack", a quotation),
its toll given again, a next wave of strikes, the date it was reported rather than happened, and
the date each draft takes (its own, the last one given, or the week of publication)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from events.extraction.assemble import EXPLOSION_FAMILIES, Draft, SentenceView
from events.extraction.cues import (
    CAUSE,
    DATELINE,
    NEXT_WAVE,
    QUOTE_MARKS,
    REPORTING,
)
from events.extraction.dates import UNKNOWN, WEEK, DateMention, find_dates
from events.extraction.document import Document
from events.extraction.lang import LanguagePack
from events.extraction.numbers import number_word
from events.extraction.stages.incidents import absorb


@dataclass(slots=True)
class Anchor:
    """The date the last dated sentence gave: undated drafts after it take it."""

    date: date | None = None
    precision: str = UNKNOWN


def sentence_dates(doc: Document, view: SentenceView, anchor: Anchor, date_matches: list) -> list[DateMention]:
    """Resolve the sentence's dates into ``view.dates``; return those that date an event (no
    trends, no dateline)."""
    sentence, ntext = view.sentence, doc.ntext
    matches = [x for x in date_matches if sentence.start <= x[1].start() < sentence.end]
    view.dates = find_dates(
        ntext[sentence.start : sentence.end], doc.published, anchor.date, matches=matches, offset=sentence.start
    )
    return [
        d
        for d in view.dates
        if d.kind != "trend"
        and d.date is not None
        # "BEIRUT, March 24 (Reuters) -": the dateline gives the report's date, not the event's
        and not DATELINE.match(ntext, sentence.start + d.end)
    ]


def is_history(doc: Document, view: SentenceView, drafts: list, dated: list[DateMention]) -> bool:
    """ "clashes last year ... killed dozens": history, and not this incident's toll."""
    sentence, ntext, years_after = view.sentence, doc.ntext, view.pack.patterns.get("years_after")
    return bool(
        drafts
        and (doc.events or (not dated and years_after and years_after.search(ntext, sentence.start, sentence.end)))
        and background(view.pack, ntext, sentence, dated, doc.published)
    )


def retold(doc: Document, view: SentenceView, drafts: list, dated: list[DateMention]) -> list:
    """Mark English drafts and retellings; drafts that only restate the incident just reported
    (a quotation of it, its toll) join it and are dropped from the list returned."""
    events, ntext, sentence = doc.events, doc.ntext, view.sentence
    for draft, _ in drafts:
        draft.pack = view.pack
        draft.refers_back = refers_back(view.pack, ntext, sentence)
    if drafts and events:
        next_wave(events[-1], drafts, ntext, sentence)
    if drafts and not dated and events and restates(view, doc.words):
        # '"An IS leader was killed and two detained," said the monitor': the incident
        # just reported, quoted; its figures and actors join it
        if view.sentence.index - events[-1].sentences[-1] <= 2:
            for draft, _ in drafts:
                absorb(events[-1], draft)
            drafts = []
    latest = max(events, key=lambda e: e.sentences[-1]) if drafts and events and not dated else None
    if latest is not None and toll_of(latest, view, drafts):
        # "Three people were killed, according to local sources", "قُتل فيها ثلاثة": the
        # toll of the incident just reported, not a killing of its own
        for draft, _ in drafts:
            absorb(latest, draft, keep_place=True)
        drafts = []
    return drafts


def toll_of(latest: Draft, view: SentenceView, drafts: list) -> bool:
    """Killings with no place and only victims, right after a violent incident: its toll."""
    return (
        latest.family in {"violence", *EXPLOSION_FAMILIES}
        and view.sentence.index - latest.sentences[-1] <= 2
        and all(set(d.tags) <= {"kill"} and d.place is None for d, _ in drafts)
        and all(slug == "civilians" or r == "side_b" for d, _ in drafts for slug, (_, r) in d.actors.items())
    )


def date_draft(doc: Document, view: SentenceView, draft: Draft, trigger_pos: int, dated: list, anchor: Anchor) -> None:
    """The draft's date: the sentence's date nearest its trigger, else the anchor, else the week
    of publication."""
    sentence = view.sentence
    if dated:
        near = min(dated, key=lambda d: abs(sentence.start + d.start - trigger_pos))
        draft.date, draft.date_precision, draft.date_explicit = near.date, near.precision, True
        draft.date_source = "explicit"
        if report_date(view.pack, doc.words, doc.starts, sentence.start + near.start):
            # "the toll rose to nine on Saturday", "a monitor said on Friday": when the
            # news was given, which may follow the incident by a day
            draft.date_explicit, draft.date_source = False, "anchor"
        shift = days_before(view.pack, doc.ntext, sentence.start, trigger_pos)
        if shift and draft.date is not None:
            # "protested on Sunday a day after a young man was killed": the day before
            draft.date = draft.date - timedelta(days=shift)
    elif anchor.date is not None:
        draft.date, draft.date_precision, draft.date_source = anchor.date, anchor.precision, "anchor"
    elif doc.published is not None:
        draft.date, draft.date_precision = doc.published, WEEK


def move_anchor(doc: Document, view: SentenceView, dated: list[DateMention], anchor: Anchor) -> None:
    """The sentence's last date anchors what follows, unless it is the date of what was answered."""
    sentence = view.sentence
    cause = CAUSE.search(doc.ntext, sentence.start, sentence.end) if dated else None
    if cause is not None:
        # "جاءت الضربات رداً على هجوم ... في الخامس عشر": the date of what was answered does
        # not anchor what follows ("وبعد ساعات")
        dated = [d for d in dated if sentence.start + d.start < cause.start()]
    if dated:
        anchor.date, anchor.precision = dated[-1].date, dated[-1].precision


def next_wave(previous: Draft, drafts: list, ntext: str, sentence) -> None:
    """ "The strikes hit Al-Bukamal ... A second wave hit a site near Al-Mayadin, killing four":
    a wave with an ordinal, told with no weapon of its own, is another bout of the strikes or
    shelling just reported, not a clash."""
    if previous.family not in EXPLOSION_FAMILIES or sentence.index - previous.sentences[-1] > 2:
        return
    if not NEXT_WAVE.search(ntext, sentence.start, sentence.end):
        return
    for draft, _ in drafts:
        if draft.family == "violence" and set(draft.tags) <= {"kill", "attack", "target"}:
            draft.family, draft.tags, draft.types = previous.family, list(previous.tags), list(previous.types)


def background(pack: LanguagePack, ntext: str, sentence, dated: list, published: date | None) -> bool:
    """A sentence marked as history by its pack's pattern ("last year", "similar", "of this kind",
    "came after") whose own dates, if any, are not of the days of publication."""
    history = pack.patterns.get("history")
    if history is None or not history.search(ntext, sentence.start, sentence.end):
        return False
    if published is None:
        return not dated
    return all(d.date is None or (published - d.date).days > 7 for d in dated)


def days_before(pack: LanguagePack, ntext: str, start: int, trigger_pos: int) -> int:
    """ "a day after", "two days after" shortly before a trigger: how many days the incident
    it names lies before the sentence's own date (0 when none)."""
    days_after = pack.patterns.get("days_after")
    if days_after is None:
        return 0
    matches = list(days_after.finditer(ntext, max(start, trigger_pos - 80), trigger_pos))
    if not matches:
        return 0
    count = matches[-1].group(1)
    return 1 if count in {"a", "one", "the"} else (number_word(count) or 0)


def refers_back(pack: LanguagePack, ntext: str, sentence) -> bool:
    """ "The ambush was the deadliest ...", "gunfire could be heard during the raid": the
    incident already reported, told again, unless the sentence says it is another one."""
    retelling, separate = pack.patterns.get("retelling"), pack.patterns.get("separate")
    if retelling is None or not retelling.search(ntext, sentence.start, sentence.end):
        return False
    return not (separate and separate.search(ntext, sentence.start, sentence.end))


def restates(view, words: list[str]) -> bool:
    """A quotation followed or preceded by a reporting verb ("... ," said X)."""
    span = words[view.tok_start : view.tok_end]
    text = view.sentence.text[view.sentence.start : view.sentence.end]
    return any(q in text for q in QUOTE_MARKS) and any(w in REPORTING for w in span)


def report_date(pack: LanguagePack, words: list[str], starts: list[int], position: int) -> bool:
    """ "a monitor said on Friday", "the toll rose to nine on Saturday": the date the news was
    given (the pack's report-date cues in the four words before it)."""
    t = bisect_left(starts, position)
    before = words[max(0, t - 4) : t]
    cues = pack.words["report_date_cues"]
    return any(w in cues for w in before)
