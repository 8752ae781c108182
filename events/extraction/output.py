"""What the extractor hands over: typed, frozen events.

``Extractor.extract`` returns an ``ExtractionOutput`` of ``Event`` objects; the ingestion service
reads them as they are (with the features the confidence model scored, which the contract leaves
out), and ``Event.contract()`` renders the event shape of the extraction
contract (``../shared/corpus/README.md``) and of the public API, which the ``extract_events``
command prints. ``Event.from_contract`` reads that shape back, for callers that hold contract
JSON (a predictions file, a test's hand-written event).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Place:
    id: int | None
    slug: str
    name: str
    name_ar: str = ""
    latitude: float | None = None
    longitude: float | None = None
    admin1: str = ""
    admin2: str = ""
    geo_precision: str | None = None

    def contract(self) -> dict:
        return {
            "id": self.id,
            "slug": self.slug,
            "name": self.name,
            "name_ar": self.name_ar,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "geo_precision": self.geo_precision,
        }


@dataclass(frozen=True, slots=True)
class Party:
    """An actor of the event with its role (side_a, side_b)."""

    id: int | None
    slug: str
    name: str
    name_ar: str
    role: str

    def contract(self) -> dict:
        return {"id": self.id, "slug": self.slug, "name": self.name, "name_ar": self.name_ar, "role": self.role}


@dataclass(frozen=True, slots=True)
class Crossing:
    """A known crossing (with id and slug) or one only described ("a river crossing": no id)."""

    id: int | None
    slug: str | None
    name: str
    name_ar: str
    kind: str | None

    def contract(self) -> dict:
        return {"id": self.id, "slug": self.slug, "name": self.name, "name_ar": self.name_ar, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Span:
    """A supporting sentence: offsets into the original text, and its text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Figures:
    killed: int | None = None
    wounded: int | None = None
    captured: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    event_type: str
    sub_event_type: str
    date: date | None
    date_precision: str
    location: Place | None
    actors: tuple[Party, ...]
    crossing: Crossing | None
    fatalities: Figures
    confidence: float
    summary: str
    evidence: tuple[Span, ...]
    triggers: tuple[str, ...] = ()
    # What the stages knew about the candidate (``stages.scoring.FEATURES``), from which the
    # confidence model computed ``confidence``; stored with the event for retraining, never in
    # the contract's JSON.
    features: Mapping[str, float] = field(default_factory=dict, compare=False, hash=False)
    # Place names after a place cue in the event's sentences that the dictionary does not know
    # (``stages.toponyms``), as written; for editors (the API's event JSON), not in the contract.
    unresolved_places: tuple[str, ...] = ()

    def contract(self) -> dict:
        """The event shape of the extraction contract and the public API."""
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "location": self.location.contract() if self.location else None,
            "actors": [actor.contract() for actor in self.actors],
            "crossing": self.crossing.contract() if self.crossing else None,
            "fatalities": {
                "killed": self.fatalities.killed,
                "wounded": self.fatalities.wounded,
                "captured": self.fatalities.captured,
            },
            "confidence": self.confidence,
            "summary": self.summary,
            "evidence": [{"start": s.start, "end": s.end, "text": s.text} for s in self.evidence],
            "triggers": list(self.triggers),
        }

    @classmethod
    def from_contract(cls, data: dict) -> Event:
        """An event from the contract's shape, as leniently as a hand-written one needs (missing
        parts are empty; values are kept as given, for the reader to validate)."""
        place = data.get("location") or None
        crossing = data.get("crossing") or None
        figures = data.get("fatalities") or {}
        return cls(
            event_type=data.get("event_type") or "",
            sub_event_type=data.get("sub_event_type") or "",
            date=_date(data.get("date")),
            date_precision=data.get("date_precision") or "",
            location=_place(place) if place else None,
            actors=tuple(_party(a) for a in data.get("actors") or ()),
            crossing=_crossing(crossing) if crossing else None,
            fatalities=Figures(figures.get("killed"), figures.get("wounded"), figures.get("captured")),
            confidence=data.get("confidence", 0.5),
            summary=data.get("summary") or "",
            evidence=tuple(Span(s.get("start"), s.get("end"), s.get("text") or "") for s in data.get("evidence") or ()),
            triggers=tuple(data.get("triggers") or ()),
        )


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _place(data: dict) -> Place:
    return Place(
        id=data.get("id"),
        slug=data.get("slug") or "",
        name=data.get("name") or "",
        name_ar=data.get("name_ar") or "",
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        admin1=data.get("admin1") or "",
        admin2=data.get("admin2") or "",
        geo_precision=data.get("geo_precision"),
    )


def _party(data: dict) -> Party:
    return Party(
        data.get("id"),
        data.get("slug") or "",
        data.get("name") or "",
        data.get("name_ar") or "",
        data.get("role") or "",
    )


def _crossing(data: dict) -> Crossing:
    return Crossing(
        data.get("id"), data.get("slug"), data.get("name") or "", data.get("name_ar") or "", data.get("kind")
    )


@dataclass(frozen=True, slots=True)
class ExtractionOutput:
    """One article's extraction: its language, the extractor version, the events and the version of
    the confidence model that scored them (``stages.scoring``)."""

    language: str
    version: str
    events: tuple[Event, ...] = ()
    model_version: str = ""

    def contract(self) -> list[dict]:
        """The events in the contract's shape (what ``extract_events`` prints)."""
        return [event.contract() for event in self.events]
