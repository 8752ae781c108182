"""Stage 3, segment: sentences and clauses, headings and headlines, the trigger scan, and one view
per sentence holding what it names (actors, places, crossings) and its triggers."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from events.extraction.assemble import Assembler, SentenceView
from events.extraction.cues import AWAY, strip_bw
from events.extraction.dictionary import ACTOR, CROSSING, LOCATION, Dictionary, Mention
from events.extraction.document import Document
from events.extraction.generic import find_generic_crossings, generic_crossing
from events.extraction.lang import LanguagePack, for_script
from events.extraction.language import is_arabic
from events.extraction.sentences import Sentence, split_sentences
from events.extraction.triggers import Trigger, find_triggers

_FULL_STOPS = {".", "!", "?", "؟", ":", '"', "»", "”"}
_TITLE_STOPS = {".", "!", "?", "؟", ":", "،", ","}


def segment(doc: Document, dictionary: Dictionary) -> Document:
    """Fill ``sentences``, ``scans``, ``assembler`` and ``views``."""
    doc.sentences = split_sentences(doc.ntext)
    doc.scans = scan_triggers(doc)
    doc.assembler = Assembler(text=doc.ntext, words=doc.words, token_starts=doc.starts, salience=doc.salience)
    per_paragraph = Counter(s.paragraph for s in doc.sentences)
    headlines = headline_paragraphs(doc, per_paragraph)
    generic_crossings = find_generic_crossings(doc.ntext)
    views = []
    m_index = 0
    for sentence in doc.sentences:
        while m_index < len(doc.mentions) and doc.mentions[m_index].start < sentence.start:
            m_index += 1
        in_sentence = []
        j = m_index
        while j < len(doc.mentions) and doc.mentions[j].start < sentence.end:
            in_sentence.append(doc.mentions[j])
            j += 1
        views.append(sentence_view(doc, dictionary, sentence, in_sentence, generic_crossings, per_paragraph, headlines))
    doc.views = views
    return doc


def scan_triggers(doc: Document) -> dict[str, tuple[list[Trigger], list[int]]]:
    """One trigger scan of the whole article per script it uses (each scan skips the other
    script's letters fast); each sentence then takes the triggers of its own script."""
    scans = {}
    for arabic_script in (True, False) if doc.script is None else (doc.script,):
        pack = for_script(arabic_script)
        found = find_triggers(doc.ntext, pack=pack)
        scans[pack.code] = (found, [t.start for t in found])
    return scans


def headline_paragraphs(doc: Document, per_paragraph: Counter) -> set[int]:
    """A short line of several parts without a full stop ("U.S. strikes ... border; rockets hit
    U.S. base in Syria") is a headline too."""
    ntext, starts = doc.ntext, doc.starts
    paragraph_span: dict[int, list[int]] = {}
    for s in doc.sentences:
        span = paragraph_span.setdefault(s.paragraph, [s.start, s.end])
        span[1] = s.end
    arabic_text = doc.ratio >= 0.5
    return {
        p
        for p, (p_start, p_end) in paragraph_span.items()
        if bisect_left(starts, p_end) - bisect_left(starts, p_start) <= (20 if per_paragraph[p] > 1 else 16)
        and ntext[p_start : p_end + 2].split("\n")[0].rstrip()[-1:] not in _FULL_STOPS
        and (per_paragraph[p] > 1 or not arabic_text)
    }


def is_heading(doc: Document, sentence: Sentence, size: int, per_paragraph: Counter, headlines: set[int]) -> bool:
    """A sentence alone on its line and short, or a longer title line at the top without a full
    stop, or part of a headline paragraph."""
    if sentence.paragraph in headlines:
        return True
    ntext = doc.ntext
    if per_paragraph[sentence.paragraph] != 1 or ntext[sentence.end : sentence.end + 1] not in {"", "\n", " "}:
        return False
    if size <= 12:
        return True
    first_line = ntext[sentence.start : sentence.end + 2].split("\n")[0].rstrip()
    return sentence.paragraph <= 2 and size <= 18 and first_line[-1:] not in _TITLE_STOPS


def sentence_view(
    doc: Document,
    dictionary: Dictionary,
    sentence: Sentence,
    in_sentence: list[Mention],
    generic_crossings: list[tuple[int, int, str]],
    per_paragraph: Counter,
    headlines: set[int],
) -> SentenceView:
    """What one sentence names, and its triggers."""
    starts = doc.starts
    tok_start = bisect_left(starts, sentence.start)
    tok_end = bisect_left(starts, sentence.end)
    heading = is_heading(doc, sentence, tok_end - tok_start, per_paragraph, headlines)
    arabic = doc.script if doc.script is not None else is_arabic(doc.ntext[sentence.start : sentence.end])
    pack = for_script(arabic)
    actors = [m for m in in_sentence if m.entity.kind == ACTOR]  # filtered lazily by the view
    places = [m for m in in_sentence if m.entity.kind == LOCATION]
    crossings = []
    for m in in_sentence:
        if m.entity.kind == CROSSING:
            crossing = {**m.entity.public(), "kind": m.entity.meta.get("crossing_kind", "river")}
            crossings.append((m.token, crossing, m.entity))
            location = dictionary.get(m.entity.meta.get("location") or "")
            if location is not None:
                places.append(Mention(location, m.start, m.end, m.token, m.end_token))
    crossings += unnamed_crossings(doc, sentence, in_sentence, generic_crossings)
    triggers = sentence_triggers(doc, sentence, pack)
    return SentenceView(
        sentence, tok_start, tok_end, heading, pack, actors, places, crossings, [], triggers, doc.assembler
    )


def unnamed_crossings(
    doc: Document, sentence: Sentence, in_sentence: list[Mention], generic_crossings: list[tuple[int, int, str]]
) -> list[tuple[int, dict, None]]:
    """Crossings described but not named ("a river crossing", "معبر نهري") in the sentence."""
    out = []
    words, starts = doc.words, doc.starts
    for start, end, kind in generic_crossings:
        if sentence.start <= start < sentence.end and not any(
            k.start <= start < k.end for k in in_sentence if k.entity.kind == CROSSING
        ):
            at = bisect_left(starts, start)
            if any(
                w in AWAY or strip_bw(w) in AWAY for w in words[max(bisect_left(starts, sentence.start), at - 2) : at]
            ):
                continue  # "بعيداً عن المعبر الرسمي", "away from the crossing": not at it
            out.append((at, generic_crossing(kind, doc.ntext[start:end]), None))
    return out


def sentence_triggers(doc: Document, sentence: Sentence, pack: LanguagePack) -> list[Trigger]:
    """The sentence's triggers, from the article scan of its pack."""
    article_triggers, trigger_starts = doc.scans[pack.code]
    lo = bisect_left(trigger_starts, sentence.start)
    hi = bisect_left(trigger_starts, sentence.end)
    triggers = article_triggers[lo:hi]
    if (triggers and triggers[-1].end > sentence.end) or (lo > 0 and article_triggers[lo - 1].end > sentence.start):
        # a match ran across a sentence end: scan this sentence alone
        triggers = find_triggers(doc.ntext, sentence.start, sentence.end, pack=pack)
    return triggers
