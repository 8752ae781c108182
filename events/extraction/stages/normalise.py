"""Stage 1, normalise: the text's script and language, its normalised form without page chrome,
and its words with their positions."""

from __future__ import annotations

from events.extraction.dictionary import tokenize
from events.extraction.document import Document
from events.extraction.language import arabic_ratio, detect_language
from events.extraction.normalize import normalize_text, strip_chrome


def normalise(doc: Document) -> Document:
    """Fill ``ratio``, ``language``, ``script``, ``norm``, ``tokens``, ``words`` and ``starts``."""
    text = doc.text = doc.text or ""
    # One script for the whole text unless it really mixes: then each sentence decides.
    doc.ratio = arabic_ratio(text[:20000])
    if doc.language not in {"ar", "en"}:
        doc.language = detect_language(text or doc.title, ratio=doc.ratio if text else None)
    doc.script = True if doc.ratio >= 0.97 else (False if doc.ratio <= 0.03 else None)
    doc.norm = strip_chrome(normalize_text(text))
    doc.tokens = tokenize(doc.ntext)
    doc.words = [doc.ntext[s:e] for s, e in doc.tokens.spans]
    doc.starts = [s for s, _ in doc.tokens.spans]
    return doc
