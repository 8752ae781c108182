"""Stage after segment, toponyms: names the text calls a place that the dictionary does not know.

A name counts only after (or, in English, before) a strong place cue: "قرية/بلدة/مدينة/مزرعة X"
(with the clitics و ف ب ل), "في حي X"/"بحي X"; "the village/town/city/hamlet/neighbourhood of X",
"X village/town", "near X". The name stops at punctuation, a preposition, a direction word, the
countryside ("بريف"), "التابعة", "قرب" ... An Arabic name takes a second word only after a head
word ("أبو", "تل", "دير" ...) or as a construct ("جزرة البوحميد"); an English one is up to three
capitalised words, with "al-", "el-", "Abu" ... inside. A name that overlaps a mention (of any
kind) or that the dictionary knows is not unresolved.

The words are data, in each language pack's ``toponyms`` set, tagged by role ("cue:قريه",
"head:ابو", "stop:التابعه"; English also "before:", "near:" and "particle:"). Positions are
found in the normalised text and its cased twin (``NormalizedText.cased``, for capitals), and
mapped back with ``NormalizedText.to_original``: names are returned as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from events.extraction.dictionary import Dictionary
from events.extraction.document import Document
from events.extraction.lang import LanguagePack, packs
from events.extraction.normalize import normalize_name, strip_clitic

MAX_WORDS = 3
_WORD = re.compile(r"\w+")
# What may stand between two words of one name: spaces, one hyphen, an apostrophe.
_NAME_GAP = re.compile(r" ?[-'] ?| ")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name the dictionary does not know: as written in the original text, its folded
    key (``normalize_name``), its original offsets and the index of its sentence."""

    name: str
    key: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class Roles:
    """A pack's ``toponyms`` words by role, plus the pack's own prepositions and directions."""

    cue: frozenset[str]
    quarter: frozenset[str]
    head: frozenset[str]
    before: frozenset[str]
    near: frozenset[str]
    particle: frozenset[str]
    stop: frozenset[str]
    gate: re.Pattern  # any cue word: sentences without one are skipped


@cache
def roles(code: str) -> Roles:
    pack: LanguagePack = next(p for p in packs() if p.code == code)
    tagged: dict[str, set[str]] = {}
    for entry in pack.words["toponyms"]:
        role, _, word = entry.partition(":")
        tagged.setdefault(role, set()).add(word)
    stop = set(tagged.get("stop", ()))
    for name in ("prepositions", "countryside", "nearby", "border", "road", "direction_skip"):
        stop |= pack.words[name]
    for name in ("direction_eastern", "direction_western", "direction_northern", "direction_southern"):
        stop |= pack.words[name]
    stop |= {word.lower() for word in pack.months} | {word.lower() for word in pack.weekdays}
    return Roles(
        cue=frozenset(tagged.get("cue", ())),
        quarter=frozenset(tagged.get("quarter", ())),
        head=frozenset(tagged.get("head", ())),
        before=frozenset(tagged.get("before", ())),
        near=frozenset(tagged.get("near", ())),
        particle=frozenset(tagged.get("particle", ())),
        stop=frozenset(stop - tagged.get("head", set())),
        gate=re.compile(
            "|".join(
                sorted(
                    map(
                        re.escape,
                        tagged.get("cue", set())
                        | tagged.get("quarter", set())
                        | tagged.get("before", set())
                        | tagged.get("near", set()),
                    )
                )
            )
        ),
    )


def toponyms(doc: Document, dictionary: Dictionary) -> list[Toponym]:
    """The unresolved place names of every sentence of ``doc`` (after ``segment``), in text
    order, each name once per sentence."""
    if doc.norm is None or not doc.sentences:
        return []
    text, cased = doc.ntext, doc.norm.cased
    taken = [(m.start, m.end) for m in doc.mentions]
    found: list[Toponym] = []
    for index, sentence in enumerate(doc.sentences):
        words = [(m.start(), m.end()) for m in _WORD.finditer(text, sentence.start, sentence.end)]
        if not words:
            continue
        arabic = bool(_ARABIC.search(text, sentence.start, sentence.end))
        if not roles("ar" if arabic else "en").gate.search(text, sentence.start, sentence.end):
            continue
        spans = _arabic_names(text, words) if arabic else _latin_names(text, cased, words)
        seen: set[str] = set()
        for start, end in spans:
            if any(start < m_end and m_start < end for m_start, m_end in taken):
                continue
            begin, finish = doc.norm.to_original(start, end)
            name = doc.norm.original[begin:finish]
            key = normalize_name(name)
            if len(key) < 3 or key in seen or known(dictionary, key):
                continue
            seen.add(key)
            found.append(Toponym(name, key, begin, finish, index))
    return found


def known(dictionary: Dictionary, key: str) -> bool:
    """Whether the dictionary finds a name anywhere in ``key`` (a known place with a suffix is
    not a new place)."""
    return bool(dictionary.find(key))


def _joined(text: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    """Whether two words are of one name: only a space, a hyphen or an apostrophe between."""
    return bool(_NAME_GAP.fullmatch(text, left[1], right[0]))


# --- Arabic -----------------------------------------------------------------------------------


def _arabic_names(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    r = roles("ar")
    out = []
    for i, (start, end) in enumerate(words[:-1]):
        word = text[start:end]
        bare = strip_clitic(word, "وفبل", longer_than=2)
        forms = {word, bare, strip_clitic(bare, "ب", longer_than=2) if bare != word else bare}  # "وبقرية"
        cue = not forms.isdisjoint(r.cue)
        if not cue and not forms.isdisjoint(r.quarter):
            # "في حي X", "بحي X": a bare "حي" is also "alive" ("بقي حيا" is not even that word)
            previous = text[words[i - 1][0] : words[i - 1][1]] if i > 0 else ""
            cue = word.startswith(("ب", "وب", "فب")) or strip_clitic(previous, "وف", longer_than=2) == "في"
        if cue and _joined(text, words[i], words[i + 1]):
            span = _arabic_name(text, words, i + 1, r)
            if span is not None:
                out.append(span)
    return out


def _arabic_name(text: str, words: list[tuple[int, int]], first: int, r: Roles) -> tuple[int, int] | None:
    word = text[words[first][0] : words[first][1]]
    if _stop_ar(word, r) or word.isdigit() or len(word) < 2:
        return None
    if word.endswith("يه") and not word.startswith("ال"):
        return None  # "مدينة أثرية", "قرى حدودية": an adjective (a name with a nisba has "ال")
    last = first
    while last + 1 < len(words) and last - first + 1 < MAX_WORDS and _joined(text, words[last], words[last + 1]):
        current = text[words[last][0] : words[last][1]]
        following = text[words[last + 1][0] : words[last + 1][1]]
        if _stop_ar(following, r) or following.startswith("و") or following.isdigit():
            break
        head = current in r.head
        construct = not current.startswith("ال") and following.startswith("ال")  # "جزره البوحميد"
        if not (head or construct):
            break
        last += 1
    return words[first][0], words[last][1]


def _stop_ar(word: str, r: Roles) -> bool:
    bare = strip_clitic(word, "وفبل", longer_than=2)
    return word in r.stop or bare in r.stop or word in r.cue or bare in r.cue or bare in r.quarter


# --- English (and other Latin-script text) ----------------------------------------------------


def _latin_names(text: str, cased: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    r = roles("en")
    out = []
    n = len(words)
    for i, (start, end) in enumerate(words):
        word = text[start:end]
        if word in r.cue and i + 2 < n and text[words[i + 1][0] : words[i + 1][1]] == "of":
            span = _latin_name(text, cased, words, i + 2, r)
        elif word in r.near and i + 1 < n:
            span = _latin_name(text, cased, words, i + 1, r)
        elif word in r.before and i > 0:
            span = _latin_name_before(text, cased, words, i, r)
        else:
            continue
        if span is not None:
            out.append(span)
    return out


def _capital(cased: str, word: tuple[int, int]) -> bool:
    return cased[word[0]].isupper()


def _latin_word(text: str, cased: str, words: list[tuple[int, int]], i: int, r: Roles) -> str:
    """ "name" for a capitalised word, "particle" for "al"/"el"/"Abu" joined to a capitalised
    word, "" for anything else (a stop word ends a name, capitalised or not)."""
    word = text[words[i][0] : words[i][1]]
    if word in r.particle:
        joined = i + 1 < len(words) and _joined(text, words[i], words[i + 1])
        return "particle" if joined and _capital(cased, words[i + 1]) else ""
    if word in r.stop or word in r.cue or word in r.before or word.isdigit() or not _capital(cased, words[i]):
        return ""  # a stop word, or "Town" after a name ("near Zaiban Town")
    return "name"


def _latin_name(text: str, cased: str, words: list[tuple[int, int]], first: int, r: Roles) -> tuple[int, int] | None:
    last, names = None, 0
    i = first
    while i < len(words) and names < MAX_WORDS:
        kind = _latin_word(text, cased, words, i, r)
        if not kind or (i > first and not _joined(text, words[i - 1], words[i])):
            break
        if kind == "name":
            names += 1
            last = i
        i += 1
    return (words[first][0], words[last][1]) if last is not None else None


def _latin_name_before(
    text: str, cased: str, words: list[tuple[int, int]], cue: int, r: Roles
) -> tuple[int, int] | None:
    """ "Jazrat village": the capitalised words right before the cue (not a sentence's first
    word alone, which is capitalised whatever it is)."""
    if not _joined(text, words[cue - 1], words[cue]):
        return None
    first, names = None, 0
    i = cue - 1
    while i >= 0 and names < MAX_WORDS:
        kind = _latin_word(text, cased, words, i, r)
        if not kind or (i < cue - 1 and not _joined(text, words[i], words[i + 1])):
            break
        names += kind == "name"
        first = i
        i -= 1
    if first is None or (text[words[first][0] : words[first][1]] in r.particle and first == cue - 1):
        return None
    return words[first][0], words[cue - 1][1]
