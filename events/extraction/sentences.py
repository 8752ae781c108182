"""Sentence and clause splitting with spans (on the normalised text).

Sentences end at . ! ? ؟ ؛ ; and line breaks. A full stop between digits (12.7), after a single
letter (an initial, "U.S.", "ت.") or inside a short Latin abbreviation does not end a sentence.
Clauses split a sentence further at commas and at the connectives that start a new statement
("فيما", "بينما", "حيث", "لكن", "ثم", "whereas", "while"...) and at "و" + an imperfect verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"\n+|[!?؟؛;]+|\.+")
_CLAUSE_BREAK = re.compile(
    r"[،,:]|\s-\s|"
    r"(?<!\w)(?=(?:فيما|بينما|حيث|لكن|ثم|الا ان|كما|بعد ان|قبل ان|وسط|ما ادي|وهو ما|وذلك|"
    r"whereas|while|but|after|before|which)(?!\w))|"
    r"(?<!\w)(?=و(?:ي|ت)\w{3,})"
)


_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august"
    r"|september|october|november|december)"
)
# A wire dateline at the top of a page whose line breaks were lost ("... kills six AFP Sunday 22 Feb
# 2015 A suicide bomber ...", "Posted on July 12 2016 by ...", "28.05.2017"): it separates the
# headline from the lead, so it ends a sentence on both sides.
_DATELINE = re.compile(
    r"(?<!\w)(?:(?:published|posted|updated|date of publication)(?: on)?:? )?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?"
    rf"(?:\d{{1,2}} {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{4}})"
    r"(?: (?:at )?\d{1,2}:?\d{2}(?: gmt| utc)?)?(?!\w)"
)
_DATE_PREPOSITIONS = {
    "on",
    "of",
    "in",
    "since",
    "from",
    "until",
    "by",
    "to",
    "and",
    "the",
    "before",
    "after",
    "between",
    "till",
    "dated",
    "at",
    "through",
    "early",
    "late",
    "mid",
    "last",
    "this",
    "that",
}
DATELINE_ZONE = 400  # characters from the top where a dateline is looked for


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    text: str = ""  # the whole normalised text (a reference), for the clauses
    _clauses: list[Span] | None = None

    @property
    def clauses(self) -> list[Span]:
        """The clause spans, worked out only for the sentences that need them (those with a
        trigger): most sentences of a report have none."""
        if self._clauses is None:
            self._clauses = _clauses(self.text, self.start, self.end)
        return self._clauses


def _is_false_stop(text: str, position: int) -> bool:
    before = text[position - 1] if position > 0 else ""
    after = text[position + 1] if position + 1 < len(text) else ""
    if before.isdigit() and after.isdigit():
        return True
    # A single letter before the dot: an initial or an abbreviation like "u.s."
    if before.isalpha() and (position < 2 or not text[position - 2].isalnum()):
        return True
    # "u.s." second dot, "st.", "gen." and similar short Latin abbreviations
    word = re.search(r"([a-z]{1,3})$", text[max(0, position - 4) : position])
    if word and word.group(1) in {"u", "s", "st", "gen", "col", "lt", "maj", "mr", "dr", "no", "vs", "jan", "feb"}:
        return True
    return False


def split_sentences(text: str) -> list[Sentence]:
    """Split a normalised text into sentences (with clause spans), skipping empty ones."""
    sentences: list[Sentence] = []
    start = 0
    paragraph = 0
    boundaries: list[tuple[int, int, bool]] = []
    for match in _SENTENCE_END.finditer(text):
        token = match.group()
        if token[0] == "." and len(token) == 1 and _is_false_stop(text, match.start()):
            continue
        boundaries.append((match.start(), match.end(), "\n" in token))
    for match in _DATELINE.finditer(text, 0, min(len(text), DATELINE_ZONE)):
        previous = text[max(0, match.start() - 12) : match.start()].split()
        if previous and previous[-1] in _DATE_PREPOSITIONS:
            continue  # "the attack on 5 February 2015 killed ...": a date inside a sentence
        boundaries.append((match.start(), match.start(), False))
        boundaries.append((match.end(), match.end(), False))
    boundaries.sort()
    boundaries.append((len(text), len(text), False))
    for end, next_start, newline in boundaries:
        if end < start:
            continue  # inside a stop already passed
        segment = text[start:end]
        stripped = segment.strip()
        if stripped and any(ch.isalnum() for ch in stripped):
            lead = len(segment) - len(segment.lstrip())
            s_start = start + lead
            s_end = s_start + len(stripped)
            sentences.append(Sentence(len(sentences), s_start, s_end, paragraph, text))
        if newline:
            paragraph += 1
        start = next_start
    return sentences


def _clauses(text: str, start: int, end: int) -> list[Span]:
    spans = []
    cursor = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        if match.start() > cursor and text[cursor : match.start()].strip():
            spans.append(Span(cursor, match.start()))
            cursor = match.end()
        elif match.end() > match.start():
            cursor = match.end()
    if cursor < end:
        spans.append(Span(cursor, end))
    return spans or [Span(start, end)]
