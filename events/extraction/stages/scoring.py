"""Stage 9, scoring: what the stages know about each finished event, as features, and a learned
model that turns them into a calibrated probability, the event's ``confidence``.

The features are numbers in [0, 1] named by what they say (``family:air``, ``headline``,
``same_family_events``); ``event_features`` computes them from the finished drafts, the sentence
views and the names' salience. The model is a logistic regression trained with scikit-learn
(``events.services.training``, ``manage.py train_extractor``) whose weights and calibration table
are a small versioned JSON file (``events/extraction/models/confidence-<version>.json``), read
here in pure Python: a weighted sum, a logistic function, then the calibration table
(piecewise-linear interpolation, as isotonic regression predicts).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from events.extraction.assemble import PLACE_RANK, Draft, SentenceView, place_compatible, resolve_type
from events.extraction.codebook import SUB_EVENT_TYPES

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
_MODEL_FILE = re.compile(r"^confidence-(\d+)\.json$")

FAMILIES = (
    "violence",
    "air",
    "shell",
    "ied",
    "suicide",
    "grenade",
    "abduct",
    "arrest",
    "other",
    "seize",
    "transfer",
    "agreement",
    "base",
    "protest",
)

# Every feature the stage computes, in a fixed order (a model may use fewer: a missing weight is 0).
FEATURES: tuple[str, ...] = (
    *(f"family:{family}" for family in FAMILIES),
    *(f"type:{event_type}" for event_type in SUB_EVENT_TYPES),
    "trigger_strong",  # a strong trigger word ("اشتباكات", "clashes") among its triggers
    "trigger_words",  # distinct trigger words, up to 4, over 4
    "place",  # a place was resolved
    "place_in_text",  # ... named in the event's own sentence, not taken from the context
    "place_town",  # a town, a neighbourhood or a site
    "place_district",  # a subdistrict, a region or a district
    "place_governorate",
    "place_salience",  # how often the article names the place, up to 5, over 5
    "actors",  # at least one party
    "two_sides",  # side A and side B both named
    "actor_count",  # parties, up to 4, over 4
    "date_explicit",  # the event's own sentence dates it
    "date_anchor",  # dated by an earlier sentence
    "date_default",  # no date in the text: the week of publication
    "killed",
    "wounded",
    "captured",
    "crossing",
    "evidence_spans",  # supporting sentences beyond the first, up to 4, over 4
    "headline",  # told first in a heading or headline
    "lede",  # told first in the first sentence of the body
    "body",  # told first further down
    "position",  # where it is first told, as a share of the article's sentences
    "same_family_events",  # other events of its family in the article, up to 3, over 3
    "duplicate",  # another event of its family at a compatible place in the article
    "article_events",  # events in the article, up to 6, over 6
    "article_sentences",  # sentences in the article, up to 40, over 40
    "definite",  # its trigger is definite ("the attack")
    "refers_back",  # its sentence names an incident already told
    "response",  # an answer to an attack
    "split",  # one part of a toll split by place
    "estimate",  # its figures are another source's estimate
    "civilian_victims",
    "english",  # drafted from an English sentence
)


def _capped(value: int, cap: int) -> float:
    return min(max(value, 0), cap) / cap


def _place_features(event: Draft, salience: Mapping[str, int]) -> dict[str, float]:
    place = event.place
    if place is None:
        return {}
    rank = PLACE_RANK.get(place.meta.get("location_kind", "town"), 0)
    return {
        "place": 1.0,
        "place_in_text": float(event.place_in_text),
        "place_town": float(rank == 0),
        "place_district": float(rank in {1, 2, 3}),
        "place_governorate": float(rank == 4),
        "place_salience": _capped(salience.get(place.slug, 0), 5),
    }


def _position_features(event: Draft, views: Sequence[SentenceView]) -> dict[str, float]:
    first = event.sentences[0]
    body_start = next((i for i, view in enumerate(views) if not view.heading), len(views))
    headline = views[first].heading if first < len(views) else False
    return {
        "evidence_spans": _capped(len(event.sentences) - 1, 4),
        "headline": float(headline),
        "lede": float(not headline and first == body_start),
        "body": float(not headline and first > body_start),
        "position": first / max(len(views) - 1, 1),
        "article_sentences": _capped(len(views), 40),
    }


def _article_features(event: Draft, events: Sequence[Draft]) -> dict[str, float]:
    others = [e for e in events if e is not event and e.family == event.family]
    return {
        "same_family_events": _capped(len(others), 3),
        "duplicate": float(any(e.place is not None and place_compatible(e.place, event.place) for e in others)),
        "article_events": _capped(len(events), 6),
    }


def event_features(
    event: Draft,
    views: Sequence[SentenceView],
    events: Sequence[Draft] = (),
    salience: Mapping[str, int] | None = None,
) -> dict[str, float]:
    """The features of one finished event among the article's finished ``events`` (how often
    the article names each place: ``salience``)."""
    event_type, _sub_type = resolve_type(event)
    roles = [role for _entity, role in event.actors.values()]
    features = {
        f"family:{event.family}": 1.0,
        f"type:{event_type}": 1.0,
        "trigger_strong": float(any(t.strength == 2 for t in event.types)),
        "trigger_words": _capped(len(set(event.trigger_words)), 4),
        "actors": float(bool(roles)),
        "two_sides": float("side_a" in roles and "side_b" in roles),
        "actor_count": _capped(len(roles), 4),
        "date_explicit": float(event.date_source == "explicit"),
        "date_anchor": float(event.date_source == "anchor"),
        "date_default": float(event.date_source == "default"),
        "killed": float(event.killed is not None),
        "wounded": float(event.wounded is not None),
        "captured": float(event.captured is not None),
        "crossing": float(event.crossing is not None),
        "definite": float(event.definite),
        "refers_back": float(event.refers_back),
        "response": float(event.response),
        "split": float(event.split),
        "estimate": float(event.estimate),
        "civilian_victims": float(event.civilian_victims),
        "english": float(event.pack is not None and event.pack.code == "en"),
    }
    features.update(_place_features(event, salience or {}))
    features.update(_position_features(event, views))
    features.update(_article_features(event, events or (event,)))
    return {name: features[name] for name in FEATURES if features.get(name)}


# --- the model ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Calibration:
    """A monotone table from the model's raw probability to the observed share of true events:
    ``x`` ascending, ``y`` non-decreasing; between two points the value is interpolated, outside
    the table it is the value at the nearest end (as scikit-learn's ``IsotonicRegression``)."""

    x: tuple[float, ...]
    y: tuple[float, ...]

    def __call__(self, value: float) -> float:
        if not self.x:
            return value
        if value <= self.x[0]:
            return self.y[0]
        if value >= self.x[-1]:
            return self.y[-1]
        i = bisect_right(self.x, value)
        x0, x1, y0, y1 = self.x[i - 1], self.x[i], self.y[i - 1], self.y[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (value - x0) / (x1 - x0)


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """A logistic regression over named features, with its calibration table."""

    version: str
    weights: Mapping[str, float]
    intercept: float
    calibration: Calibration
    meta: Mapping[str, object]

    def raw(self, features: Mapping[str, float]) -> float:
        """The uncalibrated probability (the logistic of the weighted sum)."""
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def probability(self, features: Mapping[str, float]) -> float:
        """The calibrated probability that an event with these features is a true event."""
        return min(max(self.calibration(self.raw(features)), 0.0), 1.0)

    @classmethod
    def from_dict(cls, data: Mapping) -> ConfidenceModel:
        calibration = data.get("calibration") or {}
        x, y = tuple(map(float, calibration.get("x", ()))), tuple(map(float, calibration.get("y", ())))
        if len(x) != len(y) or any(b < a for a, b in pairwise(x)):
            raise ValueError("confidence model: the calibration table must have ascending x and one y per x")
        return cls(
            version=str(data["version"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            intercept=float(data["intercept"]),
            calibration=Calibration(x, y),
            meta={k: v for k, v in data.items() if k not in {"version", "weights", "intercept", "calibration"}},
        )

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "weights": dict(self.weights),
            "intercept": self.intercept,
            "calibration": {"method": "isotonic", "x": list(self.calibration.x), "y": list(self.calibration.y)},
            **self.meta,
        }

    @classmethod
    def load(cls, path: Path) -> ConfidenceModel:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def model_files(*directories: Path) -> list[tuple[int, Path]]:
    """The model files of the folders (the package's when none is given) as (version number,
    path), oldest first; a missing folder has none."""
    found = []
    for directory in map(Path, directories or (MODELS_DIR,)):
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            match = _MODEL_FILE.match(path.name)
            if match:
                found.append((int(match.group(1)), path))
    return sorted(found)


def newest_model_file(*directories: Path) -> Path:
    """The highest-numbered ``confidence-<N>.json`` of the folders (the installed model); with a
    number in two folders, the one of the folder named first."""
    directories = directories or (MODELS_DIR,)
    best: tuple[int, Path] | None = None
    for directory in directories:
        for number, path in model_files(directory):
            if best is None or number > best[0]:
                best = (number, path)
    if best is None:
        raise FileNotFoundError(f"no confidence-<N>.json model in {', '.join(map(str, directories))}")
    return best[1]


def installed_model(directory: Path = MODELS_DIR) -> ConfidenceModel:
    return ConfidenceModel.load(newest_model_file(directory))
