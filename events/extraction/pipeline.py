"""The extractor: text in, events out, as a list of named stages over one shared document.

    normalise → mentions → segment → read (frames → discourse → incidents) → finish → toponyms
    → score → render

Each stage is a module of ``events.extraction.stages`` that takes the ``Document`` the stages
before it enriched and adds its part; each can be run and tested alone (``docs/extraction.md``).
The candidates the confidence model (``stages.scoring``) scores below ``min_confidence`` are not
emitted.
"""

from __future__ import annotations

from datetime import date

from events.extraction.dictionary import Dictionary
from events.extraction.document import Document
from events.extraction.output import ExtractionOutput
from events.extraction.stages.finish import finish
from events.extraction.stages.mentions import MentionStage
from events.extraction.stages.normalise import normalise
from events.extraction.stages.reading import read
from events.extraction.stages.render import Renderer
from events.extraction.stages.scoring import ConfidenceModel, event_features
from events.extraction.stages.segment import segment
from events.extraction.stages.toponyms import toponyms

EXTRACTOR_VERSION = "1.7.2"


class Extractor:
    """Extracts events with one dictionary version and one confidence model (the installed one
    unless given); emits the candidates scored at least ``min_confidence``. Thread-compatible:
    ``extract`` keeps no state."""

    version = EXTRACTOR_VERSION

    def __init__(
        self, dictionary: Dictionary, model: ConfidenceModel | None = None, min_confidence: float = 0.0
    ) -> None:
        self.dictionary = dictionary
        self.mentions = MentionStage(dictionary)
        self.render = Renderer(dictionary, model)
        self.model = self.render.model
        self.min_confidence = min_confidence

    def run(self, text: str, published: date | None = None, language: str | None = None, title: str = "") -> Document:
        """The stages up to ``finish``: the document with its finished events (not yet rendered)."""
        doc = Document(text=text, published=published, title=title or "", language=language)
        normalise(doc)
        self.mentions(doc)
        segment(doc, self.dictionary)
        read(doc, self.dictionary)
        doc.events = finish(self.dictionary, doc.events, doc.views, doc.salience, doc.published)
        doc.toponyms = toponyms(doc, self.dictionary)
        return doc

    def candidates(
        self, text: str, published: date | None = None, language: str | None = None, title: str = ""
    ) -> ExtractionOutput:
        """Every finished event, scored and rendered, whatever its confidence (for training)."""
        doc = self.run(text, published, language, title)
        events = tuple(
            self.render(
                event,
                doc.views,
                doc.norm,
                event_features(event, doc.views, doc.events, doc.salience),
                doc.toponyms,
            )
            for event in doc.events
        )
        return ExtractionOutput(doc.language, EXTRACTOR_VERSION, events, self.model.version)

    def extract(
        self, text: str, published: date | None = None, language: str | None = None, title: str = ""
    ) -> ExtractionOutput:
        """The candidates the confidence model scores at least ``min_confidence``."""
        found = self.candidates(text, published, language, title)
        kept = tuple(e for e in found.events if e.confidence >= self.min_confidence)
        return ExtractionOutput(found.language, found.version, kept, found.model_version)
