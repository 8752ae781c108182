"""Language packs: what is specific to one language, as data, behind one interface.

Each language has a folder (``lang/ar/``, ``lang/en/``) with TOML files read by one loader:

- ``pack.toml``: the code, name and script, and what may stand before a trigger word;
- ``numbers.toml``: number words and their values;
- ``dates.toml``: months, weekdays (and Hijri months);
- ``triggers.toml``: one regular expression per trigger tag (the tags and their ACLED types are
  language-independent, in ``events.extraction.triggers``);
- ``words.toml``: the named cue-word sets the stages ask for (negations, hedges, reporting
  verbs, locative words, role cues ...);
- ``patterns.toml``: the discourse patterns the language has (history, retellings, toll
  updates, "a day after"); ``pack.toml`` also names the optional stage rules it uses.

Everything is written in the folded form the stages match against (``normalize.fold``: bare
alef, yeh for alef maqsura, heh for teh marbuta). ``WORD_SETS`` names every word set a stage
asks for; every pack provides all of them (possibly empty), which a test checks. Stages read a
set as the union over the packs (``words``) or one pack's (``pack.words[name]``); adding a
language is adding a folder (and its tests), not editing the stages.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LanguagePack:
    code: str  # ISO 639-1
    name: str
    script: str  # "arabic" or "latin"
    trigger_prefix: str  # a regular expression before every trigger word (clitics, a look-ahead)
    numbers: Mapping[str, Mapping[str, int]]  # "units", "tens", "hundreds": word -> value
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    hijri_months: Mapping[str, int]
    triggers: Mapping[str, str]  # tag -> regular expression over folded text
    words: Mapping[str, frozenset[str]]  # named cue-word sets
    patterns: Mapping[str, re.Pattern]  # discourse patterns the language has (PATTERN_NAMES)
    rules: frozenset[str]  # optional stage rules the language uses (RULE_NAMES)

    @classmethod
    def load(cls, code: str) -> LanguagePack:
        folder = HERE / code
        meta = _read(folder / "pack.toml")
        numbers = _read(folder / "numbers.toml")
        dates = _read(folder / "dates.toml")
        return cls(
            code=meta["code"],
            name=meta["name"],
            script=meta["script"],
            trigger_prefix=meta["trigger_prefix"],
            numbers=_frozen({name: _frozen(numbers[name]) for name in NUMBER_TABLES}),
            months=_frozen(dates["months"]),
            weekdays=_frozen(dates["weekdays"]),
            hijri_months=_frozen(dates.get("hijri_months", {})),
            triggers=_frozen(_read(folder / "triggers.toml")["triggers"]),
            words=_frozen({name: frozenset(values) for name, values in _read(folder / "words.toml")["words"].items()}),
            patterns=_frozen({k: re.compile(v) for k, v in _read(folder / "patterns.toml")["patterns"].items()}),
            rules=frozenset(meta.get("rules", ())),
        )


def _read(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(dict(mapping))


CODES = ("ar", "en")
# Discourse patterns a pack may give (``patterns.toml``); a stage skips a rule whose pattern its
# sentence's pack lacks.
PATTERN_NAMES = ("history", "years_after", "toll_update", "retelling", "separate", "days_after")
# Optional stage rules a pack may switch on (``pack.toml``).
RULE_NAMES = ("recalled_incidents", "retold_twins", "captives_of_raid")
# Every cue-word set a stage asks for: each pack defines all of them (an empty list where the
# language has no such words).
WORD_SETS = (
    # trigger checks (events.extraction.triggers.cancelled)
    "negations", "hedges", "forecast_verbs", "forecasts", "hedges_after", "results", "counted_times", "areas",
    "near_hedges", "topics", "series", "waves", "ordinals", "series_after", "blasts", "attributive",
    "demonstratives", "campaign", "not_troops", "state_verbs", "instrument", "control_hedges",
    # mentions, frames, discourse and incidents (events.extraction.cues)
    "direction_eastern", "direction_western", "direction_northern", "direction_southern", "direction_skip",
    "locative", "outlets", "announce", "victims", "countryside", "heavy", "response", "anaphora", "reporting",
    "province_after", "aircraft", "artillery", "province_before", "report_date_cues", "away", "town_before",
    "demonstrative_words", "after_connectors", "estimate_verbs", "accusing", "speaking", "earlier",
    "toll_nouns", "shells",
    # roles and places (events.extraction.assemble)
    "relation", "nearby", "place_filler", "origin", "sons", "taken", "stationed", "destination", "between", "by",
    "persons", "fire_of", "companion", "against", "with", "to", "affiliation", "area", "border", "accused",
    "target_nouns", "unit_nouns", "determiners", "victim_cues", "passive", "numberish", "links", "road",
    "prepositions", "owner_links", "owned_by", "articles", "modifiers",
    "toponyms",  # role-tagged words of events.extraction.stages.toponyms ("cue:", "head:", "stop:" ...)
)  # fmt: skip
NUMBER_TABLES = ("units", "tens", "hundreds")


@cache
def packs() -> tuple[LanguagePack, ...]:
    """Every installed pack, in ``CODES`` order."""
    return tuple(LanguagePack.load(code) for code in CODES)


def pack(code: str) -> LanguagePack:
    return next(p for p in packs() if p.code == code)


def for_script(arabic: bool) -> LanguagePack:
    """The pack of a sentence's script (the rule path of each sentence follows its letters)."""
    return next(p for p in packs() if (p.script == "arabic") == arabic)


def words(name: str) -> frozenset[str]:
    """The cue-word set ``name`` of every language together."""
    if name not in WORD_SETS:
        raise KeyError(f"no language pack word set {name!r} (see WORD_SETS)")
    return frozenset().union(*(p.words[name] for p in packs()))


def merged(field: str) -> dict:
    """One mapping field (``numbers``, ``months`` ...) of every pack together."""
    out: dict = {}
    for p in packs():
        out.update(getattr(p, field))
    return out
