"""Dictionaries of actors, places and crossings, and the mention matcher.

A ``Dictionary`` is built once per dictionary version from plain data (``Entity`` objects) and
compiles every name and alias into one Aho-Corasick automaton. Matching runs over the tokens of
the normalised text joined by single spaces (a "|" where a sentence or clause boundary lies
between two tokens, so no name spans a boundary), in time linear in the text:

- a match must end at the end of a token, and start at the start of a token or after Arabic
  clitics (و ف ب ل ك, their combinations, and the article ال / لل, so "وبالبوكمال",
  "للحرس الثوري", "لقسد" all match);
- overlapping matches are resolved longest first, then leftmost;
- a name shared by several entities is resolved by context (a place word such as "محافظة"
  before it prefers a governorate, "مدينة" a town) and otherwise by kind priority.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

import ahocorasick

from events.extraction.normalize import normalize_name, strip_clitic

ACTOR = "actor"
LOCATION = "location"
CROSSING = "crossing"

# Prefixes that may stand before a name inside the same word.
_CLITICS = {"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", "لل", "ولل", "فلل"}
_ARTICLE_CLITICS = {"ال", "وال", "بال", "فال", "كال", "وبال", "فبال", "لل", "ولل", "فلل"}
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Short upper-case Latin abbreviations ("IS", "US", "SDF") only match upper-case text: "is" and
# "us" are words.
_ABBREVIATION = re.compile(r"^[A-Z][A-Z.\-]{0,5}$")
_TOKEN = re.compile(r"\w+")
# Gaps between tokens that may occur inside a name: spaces, hyphens, quotes, brackets.
_SOFT_GAP = re.compile(r"[ \-\"'()\[\]«»/]*")

# Kind words that say which of several same-named places is meant.
_GOVERNORATE_WORDS = {"محافظه", "محافظات", "governorate", "province"}
_TOWN_WORDS = {"مدينه", "مدينتي", "بلده", "بلدات", "قريه", "city", "town", "village"}

_POINT_WORDS = {"قرب", "بالقرب", "near", "outside", "nearby"}

_LOCATION_KIND_PRIORITY = {
    "town": 0,
    "neighbourhood": 1,
    "site": 2,
    "subdistrict": 3,
    "region": 4,
    "district": 5,
    "governorate": 6,
    "country": 7,
}


@dataclass(frozen=True, slots=True)
class Entity:
    """A named thing the extractor can recognise.

    ``meta`` holds kind-specific facts: for actors ``actor_kind``, ``parent`` (slug),
    ``backers`` (slugs); for locations ``location_kind``, ``latitude``, ``longitude``,
    ``admin1``, ``admin2`` (names), ``ancestors`` (slugs, nearest first); for crossings
    ``crossing_kind``, ``location`` (slug), ``latitude``, ``longitude``.
    """

    kind: str
    slug: str
    name: str
    name_ar: str = ""
    aliases: tuple[str, ...] = ()
    id: int | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def public(self) -> dict:
        return {"id": self.id, "slug": self.slug, "name": self.name, "name_ar": self.name_ar}


@dataclass(frozen=True, slots=True)
class Mention:
    entity: Entity
    start: int  # in the normalised text
    end: int
    token: int  # index of the first token
    end_token: int  # index after the last token
    generic: bool = False  # resolved from a generic description ("ميليشيا عراقية ...")


@dataclass(slots=True)
class Tokens:
    """Tokens of a normalised text: spans, the joined matching string, and its token starts."""

    spans: list[tuple[int, int]]
    joined: str
    joined_starts: list[int]

    def index_at(self, position: int) -> int:
        """Index of the token containing (or preceding) a normalised-text position."""
        starts = [s for s, _ in self.spans]
        return max(0, bisect_right(starts, position) - 1)


# (the leading look at a non-word character lets the engine skip words fast)
_HARD_GAP = re.compile(r"(?=[^\w])(?:[ \-\"'()\[\]«»/]*[^\w \-\"'()\[\]«»/])+[ \-\"'()\[\]«»/]*")
_ANY_GAP = re.compile(r"[^\w|]+")


def tokenize(text: str) -> Tokens:
    """Tokens (runs of word characters) and the matching string: the tokens joined by " ", or
    by "|" where the gap holds more than spaces, hyphens, quotes and brackets."""
    spans = [m.span() for m in _TOKEN.finditer(text)]
    if not spans:
        return Tokens([], "", [])
    inner = text[spans[0][0] : spans[-1][1]]
    joined = _ANY_GAP.sub(" ", _HARD_GAP.sub("|", inner.replace("|", " ")))
    # One separator between tokens, so their starts in ``joined`` follow from their lengths.
    starts = list(accumulate((e - s + 1 for s, e in spans[:-1]), initial=0))
    return Tokens(spans, joined, starts)


def _variants(normalized: str) -> list[tuple[str, bool]]:
    """(key, needs_lam_prefix): the name itself, a joined variant of "دير الزور" style names
    ("ديرالزور"), and, for names starting with the article, the form that follows "لل"."""
    out = [(normalized, False)]
    words = normalized.split(" ")
    if len(words) == 2 and words[1].startswith("ال") and _ARABIC.match(words[0]):
        out.append((words[0] + words[1], False))
    if normalized.startswith("ال") and len(words[0]) > 3:
        out.append((normalized[2:], True))
    return out


def _fitting_targets(prefix: str, first: str, targets: tuple, lam: bool) -> tuple:
    """The keys a match may stand for given the clitics glued before it: Arabic clitics only
    (a "لل" only before a key written for it), none before a key that needs one."""
    if prefix:
        if not "\u0600" <= first <= "\u06ff":
            return ()
        valid_plain = prefix in _CLITICS or prefix in _ARTICLE_CLITICS
        valid_lam = prefix in {"لل", "ولل", "فلل"}
        return tuple(x for x in targets if (valid_lam if x[1] else valid_plain))
    if lam:
        return tuple(x for x in targets if not x[1])
    return targets


class Dictionary:
    """Entities and the automaton that finds their mentions in a normalised text."""

    def __init__(self, entities: list[Entity], *, version: object = None) -> None:
        self.version = version
        self.entities = list(entities)
        self.by_slug: dict[str, Entity] = {}
        self.automaton = ahocorasick.Automaton()
        keys: dict[str, list[tuple[int, bool, bool]]] = {}
        for index, entity in enumerate(self.entities):
            self.by_slug.setdefault(entity.slug, entity)
            names = {entity.name, entity.name_ar, *entity.aliases}
            for name in names:
                normalized = normalize_name(name) if name else ""
                if len(normalized) < 2:
                    continue
                cased = bool(_ABBREVIATION.match(name.strip()))
                for key, needs_lam in _variants(normalized):
                    keys.setdefault(key, []).append((index, needs_lam, cased))
        for key, targets in keys.items():
            # flags precomputed: any target needing the "لل" form, any case-sensitive abbreviation
            self.automaton.add_word(
                key, (len(key), tuple(targets), any(x[1] for x in targets), any(x[2] for x in targets))
            )
        if keys:
            self.automaton.make_automaton()
        self.alias_count = len(keys)

    def get(self, slug: str) -> Entity | None:
        return self.by_slug.get(slug)

    def find(self, text: str, tokens: Tokens | None = None, cased: str | None = None) -> list[Mention]:
        """All mentions in a normalised text, longest first, non-overlapping, in text order.

        ``cased`` is the normalised text before lower-casing; without it abbreviations match
        in any case."""
        tokens = tokens or tokenize(text)
        if not self.alias_count or not tokens.spans:
            return []
        joined = tokens.joined
        jstarts = tokens.joined_starts
        candidates = []
        for end_index, (length, targets, lam, abbreviation) in self.automaton.iter(joined):
            end = end_index + 1
            if end < len(joined) and joined[end] not in " |":
                continue
            start = end - length
            t = bisect_right(jstarts, start) - 1
            targets = _fitting_targets(joined[jstarts[t] : start], joined[start], targets, lam)
            if targets and cased is not None and abbreviation and any(x[2] for x in targets):
                position = tokens.spans[t][0] + (start - jstarts[t])
                if not cased[position : position + length].isupper():
                    targets = tuple(x for x in targets if not x[2])
            if not targets:
                continue
            t_end = bisect_right(jstarts, end - 1)
            candidates.append((end - start, t, t_end, targets))
        candidates.sort(key=lambda c: (-c[0], c[1]))
        taken = bytearray(len(tokens.spans) + 1)
        mentions = []
        for _, t, t_end, targets in candidates:
            if any(taken[t:t_end]):
                continue
            for i in range(t, t_end):
                taken[i] = 1
            entity = self._resolve(text, tokens, t, [self.entities[x[0]] for x in targets], t_end)
            mentions.append(Mention(entity, tokens.spans[t][0], tokens.spans[t_end - 1][1], t, t_end))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _resolve(self, text: str, tokens: Tokens, t: int, entities: list[Entity], t_end: int | None = None) -> Entity:
        unique = list(dict.fromkeys(entities))
        if len(unique) == 1:
            return unique[0]
        before = text[tokens.spans[t - 1][0] : tokens.spans[t - 1][1]] if t > 0 else ""
        if t_end is not None and t_end < len(tokens.spans):
            after = text[tokens.spans[t_end][0] : tokens.spans[t_end][1]]
            if after in {"province", "governorate"}:
                before = "province"  # "Deir Ezzor province": the governorate
        word = strip_clitic(before, "وبلف", longer_than=4)

        def rank(entity: Entity) -> tuple:
            kind = entity.meta.get("location_kind", "")
            if word in _GOVERNORATE_WORDS or before in _GOVERNORATE_WORDS:
                context = 0 if kind == "governorate" else 1
            elif word in _TOWN_WORDS or before in _TOWN_WORDS:
                context = 0 if kind in {"town", "neighbourhood"} else 1
            elif word in _POINT_WORDS or before in _POINT_WORDS:
                context = 0 if kind in {"town", "neighbourhood"} else 1  # "near Hasakah": a point
            else:
                # A bare name shared by a town and its governorate: the governorate (in the
                # news "في دير الزور" / "in Deir ez-Zor" usually means the province).
                context = 0 if kind == "governorate" else 1
            kind_rank = {ACTOR: 0, CROSSING: 1, LOCATION: 2}.get(entity.kind, 3)
            return (kind_rank, context, _LOCATION_KIND_PRIORITY.get(kind, 9), entity.slug)

        return min(unique, key=rank)
