"""Stages 8-10, typing, scoring and render: each finished event gets its ACLED type and sub-type
(``assemble.resolve_type``, from the codebook), its features and the confidence the learned model
gives them (``stages.scoring``), and its typed form (``events.extraction.output.Event``), whose
``contract()`` is the event shape of the extraction contract (``../shared/corpus/README.md``) and
the public API."""

from __future__ import annotations

from collections.abc import Sequence

from events.extraction import output
from events.extraction.assemble import Draft, SentenceView, resolve_type
from events.extraction.codebook import GEO_PRECISION_BY_KIND
from events.extraction.dates import UNKNOWN
from events.extraction.dictionary import CROSSING, Dictionary, Entity
from events.extraction.normalize import NormalizedText
from events.extraction.stages.scoring import ConfidenceModel, event_features, installed_model
from events.extraction.stages.toponyms import Toponym


class Renderer:
    """Renders events against one dictionary (which knows the crossing at each place), scored by
    one confidence model (the installed one unless given)."""

    def __init__(self, dictionary: Dictionary, model: ConfidenceModel | None = None) -> None:
        self.model = model if model is not None else installed_model()
        self.crossings_by_location: dict[str, Entity] = {}
        for entity in dictionary.entities:
            if entity.kind == CROSSING and entity.meta.get("location"):
                self.crossings_by_location.setdefault(entity.meta["location"], entity)

    def __call__(
        self,
        event: Draft,
        views: list[SentenceView],
        norm: NormalizedText,
        features: dict[str, float] | None = None,
        toponyms: Sequence[Toponym] = (),
    ) -> output.Event:
        """The typed event; ``features`` are the event's among its article's
        (``scoring.event_features``), computed for it alone when not given; ``toponyms`` are the
        article's unresolved place names (``stages.toponyms``), those of the event's sentences
        go on the event."""
        if features is None:
            features = event_features(event, views)
        event_type, sub_type = resolve_type(event)
        location = render_location(event.place)
        actors = tuple(
            output.Party(entity.id, entity.slug, entity.name, entity.name_ar, role)
            for entity, role in event.actors.values()
        )
        evidence = []
        for index in sorted(event.sentences):
            s = views[index].sentence
            start, end = norm.to_original(s.start, s.end)
            evidence.append(output.Span(start, end, norm.original[start:end]))
        return output.Event(
            event_type=event_type,
            sub_event_type=sub_type,
            date=event.date,
            date_precision=event.date_precision if event.date else UNKNOWN,
            location=location,
            actors=actors,
            crossing=self.crossing(event),
            fatalities=output.Figures(event.killed, event.wounded, event.captured),
            confidence=confidence(self.model, features),
            summary=summary(sub_type, actors, location, event),
            evidence=tuple(evidence),
            triggers=tuple(event.trigger_words),
            features=features,
            unresolved_places=unresolved_places(event, toponyms),
        )

    def crossing(self, event: Draft) -> output.Crossing | None:
        """The crossing the event is at: a described one becomes the known crossing of its kind
        at the event's place."""
        crossing, place = event.crossing, event.place
        if crossing is None:
            return None
        if crossing.get("id") is None and place is not None:
            known = self.crossings_by_location.get(place.slug)
            if known is not None and known.meta.get("crossing_kind") == crossing.get("kind"):
                crossing = {**known.public(), "kind": known.meta.get("crossing_kind")}
        return output.Crossing(
            crossing["id"], crossing["slug"], crossing["name"], crossing["name_ar"], crossing["kind"]
        )


def render_location(place: Entity | None) -> output.Place | None:
    if place is None:
        return None
    return output.Place(
        id=place.id,
        slug=place.slug,
        name=place.name,
        name_ar=place.name_ar,
        latitude=place.meta.get("latitude"),
        longitude=place.meta.get("longitude"),
        admin1=place.meta.get("admin1", ""),
        admin2=place.meta.get("admin2", ""),
        geo_precision=GEO_PRECISION_BY_KIND.get(place.meta.get("location_kind", "town"), "town"),
    )


def unresolved_places(event: Draft, toponyms: Sequence[Toponym]) -> tuple[str, ...]:
    """The unresolved names of the event's sentences, each key once (its first spelling)."""
    sentences = set(event.sentences)
    names: dict[str, str] = {}
    for toponym in toponyms:
        if toponym.sentence in sentences:
            names.setdefault(toponym.key, toponym.name)
    return tuple(names.values())


def confidence(model: ConfidenceModel, features: dict[str, float]) -> float:
    """The calibrated probability that the event is a true one, to three decimals."""
    return round(model.probability(features), 3)


def summary(sub_type: str, actors: tuple[output.Party, ...], location: output.Place | None, event: Draft) -> str:
    side_a = ", ".join(a.name for a in actors if a.role == "side_a") or "Unidentified actor"
    side_b = ", ".join(a.name for a in actors if a.role == "side_b")
    text = f"{sub_type}: {side_a}" + (f" vs {side_b}" if side_b else "")
    if location:
        text += f" in {location.name}"
    if event.date:
        text += f" on {event.date.isoformat()}"
    return text
