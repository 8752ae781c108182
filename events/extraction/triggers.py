"""Event triggers: Arabic and English words that report an event, mapped to ACLED types.

Each lexicon entry gives an ACLED (event_type, sub_event_type), a ``tag`` the assembler uses to
refine the type (an "attack" on civilians is violence against civilians, on an armed group a
battle; a "control" by the state is "Government regains territory"), and a strength (weak
triggers such as "قتل" or "تعزيزات" only stand alone when nothing stronger is in the sentence).

Lexicons list past tenses and nouns only: present tenses ("تسيطر", "يستهدف") mostly describe a
state of affairs, not an event. Filters then drop triggers that are negated ("لم", "نفى",
"did not"), hypothetical or future ("قد" + present, "يتوقع", "تخشى", "محتمل", "expected to",
"could"), a purpose or an order ("بهدف", "تسعى", "أوامر بـ"), a topic ("الخلاف حول فتح المعابر")
or a vague series ("سلسلة من الهجمات").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from events.extraction.codebook import (
    ABDUCTION,
    AGREEMENT,
    AIR,
    ARMED_CLASH,
    ARRESTS,
    ATTACK,
    BATTLES,
    EXPLOSIONS,
    GRENADE,
    HQ,
    IED,
    LOOTING,
    NON_STATE_OVERTAKES,
    OTHER,
    PEACEFUL,
    PROTESTS,
    SHELLING,
    STRATEGIC,
    SUICIDE,
    TRANSFER,
    VAC,
)
from events.extraction.lang import LanguagePack, packs, words
from events.extraction.normalize import fold, strip_clitic


@dataclass(frozen=True, slots=True)
class TriggerType:
    tag: str
    event_type: str
    sub_event_type: str
    strength: int  # 2 strong, 1 weak


# The trigger tags with their ACLED type, sub-type and strength (2 strong, 1 weak); each language
# pack gives the words of each tag (lang/<code>/triggers.toml).
_TAGS: list[tuple[str, str, str, int]] = [
    ("clash", BATTLES, ARMED_CLASH, 2),
    ("attack", BATTLES, ARMED_CLASH, 2),
    ("target", BATTLES, ARMED_CLASH, 2),
    ("assassination", VAC, ATTACK, 2),
    ("kill", BATTLES, ARMED_CLASH, 1),
    ("air", EXPLOSIONS, AIR, 2),
    ("shell", EXPLOSIONS, SHELLING, 2),
    ("ied", EXPLOSIONS, IED, 2),
    ("suicide", EXPLOSIONS, SUICIDE, 2),
    ("grenade", EXPLOSIONS, GRENADE, 2),
    ("abduct", VAC, ABDUCTION, 2),
    ("arrest", STRATEGIC, ARRESTS, 2),
    ("control", BATTLES, NON_STATE_OVERTAKES, 2),
    ("deploy", STRATEGIC, OTHER, 1),
    ("withdraw", STRATEGIC, TRANSFER, 2),
    ("meeting", STRATEGIC, AGREEMENT, 2),
    ("agreement", STRATEGIC, AGREEMENT, 2),
    ("base", STRATEGIC, HQ, 2),
    ("crossing", STRATEGIC, OTHER, 2),
    ("block", STRATEGIC, OTHER, 2),
    ("seize", STRATEGIC, LOOTING, 1),
    ("loot", STRATEGIC, LOOTING, 2),
    ("protest", PROTESTS, PEACEFUL, 2),
]

TYPES: dict[str, TriggerType] = {tag: TriggerType(tag, t, s, strength) for tag, t, s, strength in _TAGS}


def _compile(pack: LanguagePack) -> re.Pattern:
    """One pass per text and language: the pack's prefix (for Arabic, a leading look at an Arabic
    letter, which lets the engine skip other characters fast, and the clitics, factored out of
    the alternatives) and each tag's words as a named group."""
    alternatives = "|".join(f"(?P<{tag}>{fold(pack.triggers[tag])})" for tag, _, _, _ in _TAGS)
    return re.compile(pack.trigger_prefix + "(?:" + alternatives + ")(?!\\w)")


_PATTERNS: dict[str, re.Pattern] = {pack.code: _compile(pack) for pack in packs()}

# The cue words of the trigger checks (``cancelled``), of every language (lang/<code>/words.toml):
# negations and hedges before a trigger ("لم", "not", "expected", "يعتزم"), forecasts and hedges
# after it ("are likely", "محتمل"), results that end a hedge's reach ("أدى"), series and
# tallies ("موجة", "five times"), waves with an ordinal, topics ("حول", "about"), demonstratives,
# campaigns, instruments, areas and states of affairs.
NEGATIONS = words("negations")
HEDGES = words("hedges")
FORECAST_VERBS = words("forecast_verbs")
FORECASTS = words("forecasts")
HEDGES_AFTER = words("hedges_after")
RESULTS = words("results")
COUNTED_TIMES = words("counted_times")
AREAS = words("areas")
NEAR_HEDGES = words("near_hedges")
TOPICS = words("topics")
SERIES = words("series")
WAVES = words("waves")
ORDINALS = words("ordinals")
SERIES_AFTER = words("series_after")
BLASTS = words("blasts")
ATTRIBUTIVE = words("attributive")
DEMONSTRATIVES = words("demonstratives")
CAMPAIGN = words("campaign")
NOT_TROOPS = words("not_troops")
STATE_VERBS = words("state_verbs")
INSTRUMENT = words("instrument")
CONTROL_HEDGES = words("control_hedges")

_AR_LETTERS = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class Trigger:
    type: TriggerType
    start: int
    end: int
    text: str
    definite: bool = False  # "الاجتماع", "the meeting": refers to an event already reported


def find_triggers(text: str, start: int = 0, end: int | None = None, *, pack: LanguagePack) -> list[Trigger]:
    """The words of ``pack``'s triggers in ``text[start:end]`` (normalised text), in order, unfiltered."""
    end = len(text) if end is None else end
    pattern = _PATTERNS[pack.code]
    out = []
    for m in pattern.finditer(text, start, end):
        tag = m.lastgroup
        s, e = m.span(tag)
        prefix = text[m.start() : s]
        definite = "ال" in prefix or "لل" in prefix or text[max(0, s - 4) : s] == "the "
        out.append(Trigger(TYPES[tag], s, e, m.group(tag), definite))
    return out


@lru_cache(maxsize=65536)  # pure, called for every word around triggers and names
def _strip(token: str) -> str:
    if _AR_LETTERS.match(token):
        token = strip_clitic(token, "وف")
    if len(token) > 4 and token.startswith("ال"):
        token = token[2:]
    return token


@dataclass(frozen=True, slots=True)
class _Context:
    """A trigger's words: the clause's before it (nearest first) and after it, the sentence's
    before it (nearest first), and its tag."""

    before: list[str]
    after: list[str]
    sentence_before: list[str] | None
    tag: str


def cancelled(
    words_before: list[str], words_after: list[str], *, sentence_before: list[str] | None = None, tag: str = ""
) -> str | None:
    """Why a trigger does not report an event, or None when it stands.

    ``words_before`` are the clause words before the trigger (nearest first), ``words_after``
    the clause words after it, ``sentence_before`` all sentence words before it (nearest
    first): a hedge or a purpose ("ترمي روسيا من ... إلى ... وتعزيز انتشار") governs the rest of
    the sentence, a negation only the words right after it. The checks run in ``_CHECKS`` order."""
    context = _Context(words_before, words_after, sentence_before, tag)
    for check in _CHECKS:
        reason = check(context)
        if reason is not None:
            return reason
    return None


def _negated(c: _Context) -> str | None:
    near = [_strip(w) for w in c.before[:4]]
    for i, word in enumerate(near):
        if word in NEGATIONS and not (word == "لا" and i == 0 and c.after[:1] == ["سيما"]):
            return "negated"
    return "hypothetical" if any(w in NEAR_HEDGES for w in near[:3]) else None


def _hedged(c: _Context) -> str | None:
    """A hedge or a purpose anywhere before the trigger in the sentence, up to a result."""
    scope = c.sentence_before if c.sentence_before is not None else c.before
    for i, raw in enumerate(scope):
        word = _strip(raw)
        if word in RESULTS:
            return None  # "بعد أن رفض التوقف، ما أدى إلى مقتله": what followed happened
        if word in HEDGES or (c.tag in {"control", "arrest"} and word in CONTROL_HEDGES):
            return "hypothetical"
        if word == "قد" and i > 0:
            following = scope[i - 1]
            if following[:1] in {"ي", "ت", "ن"} and not following.endswith("ت"):
                return "hypothetical"
    return None


def _hedged_after(c: _Context) -> str | None:
    after = c.after
    if any(_strip(w) in HEDGES_AFTER for w in after[:3]):
        return "hypothetical"
    if any(w in FORECAST_VERBS and after[i + 1 : i + 2] and after[i + 1] in FORECASTS for i, w in enumerate(after[:8])):
        return "hypothetical"
    return None


def _series_after(c: _Context) -> str | None:
    instrument = c.tag in {"shell", "air", "grenade"} and c.before[:1] and c.before[0].startswith("ب")
    if not instrument and any(_strip(w) in SERIES_AFTER or w in SERIES_AFTER for w in c.after[:2]):
        # ("بقذائف مماثلة": answered with similar shells, not a series of earlier ones)
        return "series"
    if c.after[:2] and any(_strip(w) in {"تسعي", "يسعي", "سيتم", "will", "would"} for w in c.after[:4]):
        return "hypothetical"
    return None


def _instrument(c: _Context) -> str | None:
    if c.tag in {"grenade", "shell"} and any(
        _strip(w) in INSTRUMENT and (c.tag == "grenade" or w != "with") for w in c.before[:7]
    ):
        return "instrument"
    if any(
        w == "had" and c.before[i + 1 : i + 2] and c.before[i + 1] in {"who", "which", "that"}
        for i, w in enumerate(c.before[:3])
    ):
        return "background"  # "cells who had carried out attacks": earlier deeds, not this event
    return None


def _reference(c: _Context) -> str | None:
    before = c.before
    # (with a clitic prefix the trigger's own word comes first in ``words_before``)
    if any(_strip(w) in DEMONSTRATIVES for w in before[:2]):
        return "reference"  # "هذا الانتشار", "these attacks": an event already reported, or none
    if c.tag == "air" and any(w in BLASTS for w in before[:2]):
        return "reference"  # "the blast struck the last vehicle": the explosion reported, not an air strike
    if c.tag == "kill" and before[:1] and before[0] in {"those", "the"}:
        return "reference"  # "those killed included six women": the toll already reported
    if before[:1] == ["being"] and any(w in {"are", "is"} for w in before[1:3]):
        return "state"  # "are being targeted by airstrikes": a state of affairs
    return None


def _campaign_or_state(c: _Context) -> str | None:
    before, after, sentence_before = c.before, c.after, c.sentence_before
    if c.tag == "target" and (
        any(_strip(w) in CAMPAIGN for w in before[:2])
        or (sentence_before and any(_strip(w) in CAMPAIGN for w in sentence_before[-2:]))
    ):
        return "campaign"  # "الحملة استهدفت خلايا": whom an arrest campaign was after
    if c.tag == "deploy" and (
        (after[:1] and (after[0] in NOT_TROOPS or _strip(after[0]) in NOT_TROOPS))
        or (before[:1] and before[0] in STATE_VERBS)
    ):
        return "state"  # "انتشار السلاح", "militias are deployed across": not a deployment
    return None


def _series_before(c: _Context) -> str | None:
    if any(_strip(w) in SERIES_AFTER or w in SERIES_AFTER for w in c.before[:2]):
        return "series"  # "غارات مماثلة استهدفت": similar strikes before
    after = c.after
    if "times" in after and any(
        w == "times" and i > 0 and (after[i - 1].isdigit() or after[i - 1] in COUNTED_TIMES)
        for i, w in enumerate(after)
    ):
        return "series"  # "have struck militia positions at least five times this month": a tally
    if c.tag == "deploy" and any(_strip(w) in AREAS for w in c.before[:2]):
        return "state"  # "مناطق النفوذ والانتشار": areas, not a deployment
    return None


def _topic_or_past(c: _Context) -> str | None:
    before = c.before
    if any(_strip(w) in TOPICS for w in before[:2]) or (
        # "about Tuesday's suspected attack", "discussed the alleged attack"
        len(before) > 2 and _strip(before[2]) in TOPICS and before[0] in ATTRIBUTIVE
    ):
        return "topic"
    for i, w in enumerate(before[:3]):
        if len(w) == 4 and w.isdigit() and 1900 <= int(w) <= 2099 and before[i + 1 : i + 2] == ["the"]:
            return "background"  # "the 2013 Ghouta attack": a past event named, not reported
    if any(_strip(w) in SERIES and not _one_bout(before, i) for i, w in enumerate(before[:6])):
        return "series"
    return None


# The checks of ``cancelled``, in the order they are tried (the first reason found is given).
_CHECKS = (
    _negated,
    _hedged,
    _hedged_after,
    _series_after,
    _instrument,
    _reference,
    _campaign_or_state,
    _series_before,
    _topic_or_past,
)


def _one_bout(words_before: list[str], i: int) -> bool:
    """ "a second wave of strikes", "موجة ثانية من الغارات": a wave with an ordinal is one bout of
    the incident reported, not a series of earlier ones ("a wave of assassinations")."""
    if _strip(words_before[i]) not in WAVES:
        return False
    # nearest first: the English ordinal comes before "wave" (i + 1), the Arabic one after it (i - 1)
    neighbours = words_before[i + 1 : i + 2] + (words_before[i - 1 : i] if i > 0 else [])
    return any(w in ORDINALS or _strip(w) in ORDINALS for w in neighbours)
