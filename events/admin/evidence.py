"""The article text with its evidence spans marked, built safely from untrusted text.

Every piece of article text goes through ``escape``; only the ``<mark>`` tags we add are markup.
Offsets that do not match the text (an article edited after extraction) are repaired by finding
the quoted sentence; a quote that cannot be placed is listed apart, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass
class HighlightedText:
    html: SafeString
    marked: int
    unplaced: list[str] = field(default_factory=list)


def _place(text: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    if 0 <= start < end <= len(text) and (not quote or text[start:end] == quote):
        return start, end
    if quote:
        found = text.find(quote)
        if found >= 0:
            return found, found + len(quote)
        stripped = quote.strip()
        found = text.find(stripped) if stripped else -1
        if found >= 0:
            return found, found + len(stripped)
    return None


def highlight(text: str, spans: list[tuple[int, int, str]], *, id_prefix: str = "evidence") -> HighlightedText:
    """``text`` as HTML with each evidence span in a ``<mark>``; overlapping spans are joined."""
    text = text or ""
    placed: list[tuple[int, int]] = []
    unplaced: list[str] = []
    for start, end, quote in spans:
        where = _place(text, start, end, quote or "")
        if where is None:
            unplaced.append(quote or "")
        else:
            placed.append(where)
    merged: list[list[int]] = []
    for start, end in sorted(placed):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[str] = []
    position = 0
    for number, (start, end) in enumerate(merged, 1):
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<mark id="{}-{}">{}</mark>', id_prefix, number, text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    # Safe: every piece above is either escaped text or format_html output.
    return HighlightedText(html=mark_safe("".join(pieces)), marked=len(merged), unplaced=unplaced)
