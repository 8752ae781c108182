"""Normal forms for matching names in Arabic and English text.

``normalize_name`` is the single definition of the "normalised form" stored with every alias
(actors, places, crossings) and used by the matcher, so that a name typed by an editor and the
same name in an article meet in the same form.
"""

from __future__ import annotations

import re
import unicodedata

# Harakat, Quranic marks, superscript alef and tatweel: dropped for matching.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

_LETTER_FOLD = str.maketrans(
    {
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
)

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
