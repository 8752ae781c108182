"""Language detection: Arabic script ratio first, py3langid for what the ratio cannot decide.

The extractor has two rule sets (Arabic and English); the article's language is a label, while
each sentence takes the path of its own script, so mixed text (an English report quoting an
Arabic name, an Arabic page with an English caption) works.
"""

from __future__ import annotations

import re

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN = re.compile(r"[A-Za-z]")

_identifier = None


_ARABIC_RUN = re.compile(_ARABIC.pattern + "+")
_LATIN_RUN = re.compile(_LATIN.pattern + "+")


def arabic_ratio(text: str) -> float:
    # letters counted by runs (a word at a time), not one match per letter
    arabic = sum(map(len, _ARABIC_RUN.findall(text)))
    latin = sum(map(len, _LATIN_RUN.findall(text)))
    return arabic / (arabic + latin) if arabic + latin else 0.0


def is_arabic(text: str) -> bool:
    """The rule path for one sentence: Arabic when at least a third of its letters are."""
    return arabic_ratio(text) >= 0.34


def detect_language(text: str, ratio: float | None = None) -> str:
    """ "ar" or "en" for a whole text (``ratio``: its Arabic-script ratio, when already known)."""
    ratio = arabic_ratio(text[:5000]) if ratio is None else ratio
    if ratio >= 0.6:
        return "ar"
    if ratio <= 0.1:
        return "en"
    global _identifier
    if _identifier is None:
        import py3langid

        py3langid.set_languages(["ar", "en"])
        _identifier = py3langid
    language, _ = _identifier.classify(text[:5000])
    return language if language in {"ar", "en"} else ("ar" if ratio >= 0.5 else "en")
