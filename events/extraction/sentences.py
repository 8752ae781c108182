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
    clauses: list[Span]


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
    boundaries.append((len(text), len(text), False))
    for end, next_start, newline in boundaries:
        segment = text[start:end]
        stripped = segment.strip()
        if stripped and any(ch.isalnum() for ch in stripped):
            lead = len(segment) - len(segment.lstrip())
            s_start = start + lead
            s_end = s_start + len(stripped)
            sentences.append(Sentence(len(sentences), s_start, s_end, paragraph, _clauses(text, s_start, s_end)))
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
