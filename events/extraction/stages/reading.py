"""The sentence loop: frames, discourse and incidents, one sentence after another.

Each sentence is read in the light of what came before it (the last date given anchors undated
sentences, the last event's place is "the town", the incident just told may be retold), so these
three stages run together, sentence by sentence, over the document's views."""

from __future__ import annotations

from events.extraction.dates import scan_dates
from events.extraction.dictionary import Dictionary
from events.extraction.document import Document
from events.extraction.stages.discourse import (
    Anchor,
    date_draft,
    is_history,
    move_anchor,
    retold,
    sentence_dates,
)
from events.extraction.stages.frames import sentence_drafts
from events.extraction.stages.incidents import attach, merge


def read(doc: Document, dictionary: Dictionary) -> Document:
    """Fill ``events`` with the drafts of the whole text, merged into incidents."""
    anchor = Anchor()
    date_matches = scan_dates(doc.ntext)
    for view in doc.views:
        dated = sentence_dates(doc, view, anchor, date_matches)
        trend = any(d.kind == "trend" for d in view.dates) and not dated
        last_place = next((e.place for e in reversed(doc.events) if e.place is not None), None)
        drafts = sentence_drafts(dictionary, doc, view, trend, last_place)
        if is_history(doc, view, drafts, dated):
            continue  # "clashes last year ... killed dozens": history, and not this incident's toll
        drafts = retold(doc, view, drafts, dated)
        for draft, trigger_pos in drafts:
            date_draft(doc, view, draft, trigger_pos, dated, anchor)
            merge(doc.events, draft)
        if not drafts:
            attach(doc.events, view, doc.assembler, doc.words)
        move_anchor(doc, view, dated, anchor)
    return doc
