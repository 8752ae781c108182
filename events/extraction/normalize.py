"""Normal forms for matching names in Arabic and English text.

``normalize_name`` is the single definition of the "normalised form" stored with every alias
(actors, places, crossings) and used by the matcher, so that a name typed by an editor and the
same name in an article meet in the same form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Harakat, Quranic marks, superscript alef and tatweel: dropped for matching.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

# The one table of Arabic letter folding: extraction, the dictionary, the API's name filters,
# the full-text search (``search_fold_strings``) and the review's alias search
# (``folded_variants``) all read it.
LETTER_FOLDS: dict[str, str] = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "\u06a9": "ك",  # Persian keheh
    "\u06cc": "ي",  # Persian yeh
    "\u06d2": "ي",  # yeh barree
    # Arabic-Indic and Persian digits to ASCII.
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}
_LETTER_FOLD = str.maketrans(LETTER_FOLDS)
_PERSIAN_DIGITS = frozenset(chr(0x06F0 + i) for i in range(10))


def search_fold_strings() -> tuple[str, str]:
    """The ``translate(text, from, to)`` arguments of the full-text index expression: the letter
    folds, then the marks (dropped, as ``from`` is longer than ``to``).

    Persian digits are left out: the indexes of migration 0002 were built without them, and the
    query must fold exactly as the index does (adding them needs a migration that rebuilds the
    two indexes; ``tests/extraction/test_folding.py`` keeps this and the frozen copy equal)."""
    pairs = [(a, b) for a, b in LETTER_FOLDS.items() if a not in _PERSIAN_DIGITS]
    marks = "".join(
        chr(c)
        for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]
        if ARABIC_MARKS.match(chr(c))
    )
    return "".join(a for a, _ in pairs) + marks, "".join(b for _, b in pairs)


_SEARCH_FROM, _SEARCH_TO = search_fold_strings()
_SEARCH_FOLD = str.maketrans(
    {**dict(zip(_SEARCH_FROM, _SEARCH_TO, strict=False)), **dict.fromkeys(_SEARCH_FROM[len(_SEARCH_TO) :])}
)


def fold_for_search(text: str) -> str:
    """The Python twin of the SQL folding in the full-text indexes (NFKC, lower case, then
    ``search_fold_strings``)."""
    return unicodedata.normalize("NFKC", text or "").lower().translate(_SEARCH_FOLD)


def folded_variants() -> dict[str, str]:
    """Each folded letter and every spelling that folds to it ("ا": "اأإآٱ"), for finding a
    normalised name in raw text."""
    variants: dict[str, str] = {}
    for source, target in LETTER_FOLDS.items():
        variants.setdefault(target, target)
        variants[target] += source
    return variants


def fold(value: str) -> str:
    """Fold letters as the normaliser does (for writing lexicons in plain Arabic)."""
    return value.translate(_LETTER_FOLD)


def strip_clitic(word: str, clitics: str = "وفبل", *, longer_than: int = 3) -> str:
    """``word`` without one leading one-letter clitic from ``clitics`` ("وبالقرب" -> "بالقرب"),
    when the word is longer than ``longer_than`` letters (a short word is more likely a root)."""
    return word[1:] if word[:1] and word[0] in clitics and len(word) > longer_than else word


_NON_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")


def normalize_name(value: str) -> str:
    """Return the matching form of a name: NFKC, no marks, folded letters, lower case, words
    separated by single spaces, punctuation (hyphens, quotes, dots) treated as a space."""
    text = unicodedata.normalize("NFKC", value or "")
    text = ARABIC_MARKS.sub("", text)
    text = text.translate(_LETTER_FOLD).lower()
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


# --- Running text ----------------------------------------------------------------------------
# The extractor works on a normalised copy of the article. Every character of that copy knows
# the index of the character it came from, so evidence spans point into the ORIGINAL text.

_DELETE = "\u0640\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c\u00ad"
_SPACE_LIKE = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t\r\f\v"
_QUOTES = "«»“”„‟″〝〞＂"
_SINGLE_QUOTES = "‘’‚‛′`"
_DASHES = "–—―‒−"

_TEXT_FOLD = str.maketrans(
    {
        **{c: " " for c in _SPACE_LIKE},
        **{c: '"' for c in _QUOTES},
        **{c: "'" for c in _SINGLE_QUOTES},
        **{c: "-" for c in _DASHES},
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
    }
)

# Characters whose NFKC form differs in length or which must be dropped: presentation forms
# (including the lam-alef ligatures U+FEF5..U+FEFC that expand to two letters), compatibility
# ligatures, full-width forms, marks and invisible characters.
_SPECIAL = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed" + _DELETE + "\ufb00-\ufdff\ufe70-\ufefc\uff00-\uffef\u2100-\u218f]"
)


def _compose(first: dict, second: dict) -> dict:
    """One table doing ``first`` then ``second`` (one pass over the text instead of two)."""
    table = {}
    for code in set(first) | set(second):
        value = first.get(code, code)
        value = chr(value) if isinstance(value, int) else (value or "")
        table[code] = value.translate(second)
    return table


_FOLD_ALL = _compose(_TEXT_FOLD, _LETTER_FOLD)


class NormalizedText:
    """A normalised copy of a text with ``offsets[i]`` = index in the original of character ``i``.

    ``offsets`` has one extra entry at the end (the original length), so a half-open span
    ``[start, end)`` of the copy maps to ``[offsets[start], offsets[end])`` of the original.
    """

    __slots__ = ("cased", "offsets", "original", "text")

    def __init__(self, original: str, text: str, offsets: list[int], cased: str | None = None) -> None:
        self.original = original
        self.text = text
        self.offsets = offsets
        # The same text before lower-casing (same length), for case-sensitive abbreviations.
        self.cased = cased if cased is not None else text

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to the original text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=4096)  # the same marks and presentation forms recur in every text
def _expand(char: str) -> str:
    if ARABIC_MARKS.match(char) or char in _DELETE:
        return ""
    return unicodedata.normalize("NFKC", char)


def normalize_text(original: str) -> NormalizedText:
    """Normalise running text for matching, keeping punctuation and line breaks.

    The same folds as ``normalize_name`` (NFKC, no marks or tatweel, alef/hamza/ya/ta-marbuta
    folded, Arabic and Persian digits, lower case) plus no-break and zero-width spaces and the
    usual quotes and dashes. Unlike ``normalize_name`` punctuation is kept, so sentences can be
    split, and an offset map leads back to the original.
    """
    original = original or ""
    pieces: list[str] = []
    offsets: list[int] = []
    last = 0
    for match in _SPECIAL.finditer(original):
        start = match.start()
        if start > last:
            pieces.append(original[last:start])
            offsets.extend(range(last, start))
        replacement = _expand(match.group())
        if replacement:
            pieces.append(replacement)
            offsets.extend([start] * len(replacement))
        last = start + 1
    if last < len(original):
        pieces.append(original[last:])
        offsets.extend(range(last, len(original)))
    cased = "".join(pieces).translate(_FOLD_ALL)
    text = cased.lower()
    if len(text) != len(cased):  # a few letters (e.g. "İ") grow when lowered: fold them one by one
        text = "".join(c.lower() if len(c.lower()) == 1 else c for c in cased)
    offsets.append(len(original))
    return NormalizedText(original, text, offsets, cased)


# --- Page chrome -----------------------------------------------------------------------------
# Lines that are navigation, comment forms, cookie/spam notices or share buttons rather than
# the report. Patterns are in the normalised form (folded letters, lower case).
_CHROME_LINE = re.compile(
    r"^\W*(?:"
    r"اقرا (?:ايضا|المزيد)|شاهد ايضا|اقرا كذلك|مواضيع ذات صله|ذات صله|"
    r"read (?:also|more)|see also|related(?: articles| posts)?\b|share\b|tweet\b|"
    r"اترك تعليقا|اترك ردا|اضف تعليق|التعليقات|شارك\b|مشاركه\b|leave a (?:comment|reply)"
    r")"
    r"|لن يتم نشر عنوان بريدك|الحقول الالزاميه|akismet|cookie|ملفات تعريف الارتباط"
    r"|your email address will not be published|required fields are marked|all rights reserved"
    r"|جميع الحقوق محفوظه|تعرف علي كيفيه معالجه|الواجهه الرئيسيه|الصفحه الرئيسيه"
)


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """Spans (in ``text``, a normalised text) of lines that are page chrome."""
    spans = []
    position = 0
    for line in text.split("\n"):
        end = position + len(line)
        stripped = line.strip()
        if stripped and _CHROME_LINE.search(stripped):
            spans.append((position, end))
        position = end + 1
    return spans


def strip_chrome(normalized: NormalizedText) -> NormalizedText:
    """Blank out chrome lines (spaces of the same length), so offsets stay valid."""
    spans = chrome_spans(normalized.text)
    if not spans:
        return normalized
    chars = list(normalized.text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    cased = list(normalized.cased)
    for start, end in spans:
        cased[start:end] = " " * (end - start)
    return NormalizedText(normalized.original, "".join(chars), normalized.offsets, "".join(cased))
