"""The document the stages share: one article, enriched stage after stage.

Each stage reads what the stages before it wrote and adds its own part (as spaCy's components
enrich one ``Doc``): ``normalise`` the text, words and script; ``mentions`` the names found;
``segment`` the sentences and their views; the sentence reading the drafted events.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from events.extraction.assemble import Assembler, Draft, SentenceView
from events.extraction.dictionary import Mention, Tokens
from events.extraction.normalize import NormalizedText
from events.extraction.sentences import Sentence
from events.extraction.triggers import Trigger

if TYPE_CHECKING:
    from events.extraction.stages.toponyms import Toponym


@dataclass(slots=True)
class Document:
    """One article on its way through the stages (fields are filled in stage order)."""

    text: str
    published: date | None = None
    title: str = ""
    language: str | None = None  # "ar" or "en" (detected by ``normalise`` when not given)
    # normalise
    ratio: float = 0.0  # share of Arabic letters
    script: bool | None = None  # True: all Arabic, False: all Latin, None: mixed (each sentence decides)
    norm: NormalizedText | None = None
    tokens: Tokens | None = None
    words: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    # mentions
    mentions: list[Mention] = field(default_factory=list)
    salience: Counter = field(default_factory=Counter)
    # segment (with the trigger scan)
    sentences: list[Sentence] = field(default_factory=list)
    scans: dict[str, tuple[list[Trigger], list[int]]] = field(default_factory=dict)  # by pack code
    assembler: Assembler | None = None
    views: list[SentenceView] = field(default_factory=list)
    # reading: frames, discourse and incidents, sentence by sentence
    events: list[Draft] = field(default_factory=list)
    # toponyms: place names after a place cue that the dictionary does not know
    toponyms: list[Toponym] = field(default_factory=list)

    @property
    def ntext(self) -> str:
        """The normalised text all positions refer to."""
        return self.norm.text if self.norm is not None else ""
