"""Training the extractor's confidence model from annotated reports and editors' decisions.

``extractor_train`` collects examples (one per candidate event, with its features and a label):

- from annotated files in the gold format of ``../shared/corpus/README.md`` (a JSON file per
  article, or JSON lines): every candidate the extractor finds (``Extractor.candidates``, whatever
  its confidence) is matched to the gold events with the shared scorer's rules (same type, place
  within 25 km, 60 for a district, 150 for a governorate, date within the gold precision, one to
  one, pairs with more actors in common first); matched to a gold event: true, to an optional
  one: left out, to none: false;
- from the real-report set (``bench/real_reports/reports.jsonl``, texts in a folder, each checked
  against its SHA-1): only reports of the ``dev`` split, never ``heldout``;
- from the database: each source of an event an editor decided on, with the features stored when
  it was extracted; approved events (edited or not: a corrected event happened) are true,
  rejected ones false; pending and merged-away events are left out.

Articles are split by a hash of their key: a fifth is held back. The model (a logistic regression
from scikit-learn, its probabilities calibrated by isotonic regression on out-of-fold
predictions of the training part) is trained on the rest; precision, recall and F1 on the
held-back part are reported for the installed model and the new one, at the emission threshold.
The new model is written (``confidence-<N+1>.json``) only when asked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from conflict.errors import ApplicationError
from events.choices import ReviewStatus
from events.extraction.normalize import normalize_name
from events.extraction.output import Event as Candidate
from events.extraction.stages.scoring import FEATURES, Calibration, ConfidenceModel, model_files, newest_model_file
from events.geo import great_circle_km

DATE_TOLERANCE_DAYS = {"day": 1, "week": 7, "month": 31}
PLACE_TOLERANCE_KM = {"town": 25.0, "district": 60.0, "governorate": 150.0, "country": 1000.0}
HELD_BACK_SHARE = 0.2
RELIABILITY_BINS = 10


# --- Matching candidates to gold events, with the shared scorer's rules ---------------------------


def _compatible(gold: dict, candidate: Candidate) -> bool:
    if candidate.event_type != gold.get("type"):
        return False
    place, gold_place = candidate.location, gold.get("location") or {}
    if place is None or place.latitude is None or place.longitude is None or gold_place.get("lat") is None:
        return False
    tolerance = PLACE_TOLERANCE_KM.get(gold_place.get("precision", "town"), 25.0)
    if great_circle_km(place.latitude, place.longitude, gold_place["lat"], gold_place["lon"]) > tolerance:
        return False
    if gold.get("date"):
        tolerance = DATE_TOLERANCE_DAYS.get(gold.get("date_precision", "day"), 1)
        gold_date = dt.date.fromisoformat(str(gold["date"])[:10])
        if candidate.date is None or abs((candidate.date - gold_date).days) > tolerance:
            return False
    return True


def _names_match(names: Iterable[str], predicted: set[str]) -> bool:
    for name in {normalize_name(n) for n in names} - {""}:
        for p in predicted:
            if name == p or (min(len(name), len(p)) >= 4 and (name in p or p in name)):
                return True
    return False


def _actor_share(gold: dict, candidate: Candidate) -> float:
    groups = (gold.get("actors_a") or []) + (gold.get("actors_b") or [])
    if not groups:
        return 0.0
    predicted = [{normalize_name(a.name), normalize_name(a.name_ar)} - {""} for a in candidate.actors]
    return sum(1 for g in groups if any(_names_match(g, p) for p in predicted)) / len(groups)


def gold_matches(gold: Sequence[dict], candidates: Sequence[Candidate]) -> dict[int, int]:
    """One-to-one matches {candidate index: gold index}, as the shared scorer pairs them."""
    pairs = sorted(
        (-_actor_share(g, c), bool(g.get("optional")), gi, ci)
        for gi, g in enumerate(gold)
        for ci, c in enumerate(candidates)
        if _compatible(g, c)
    )
    used_gold: set[int] = set()
    matches: dict[int, int] = {}
    for _share, _optional, gi, ci in pairs:
        if gi not in used_gold and ci not in matches:
            used_gold.add(gi)
            matches[ci] = gi
    return matches


# --- Examples -------------------------------------------------------------------------------------


@dataclass
class Article:
    """One annotated article's candidates, or one article's decided events from the database."""

    key: str
    origin: str  # "files", "real reports" or "database"
    features: list[dict[str, float]]
    # files: the candidates and the gold events; database: one label per candidate
    candidates: list[Candidate] = field(default_factory=list)
    gold: list[dict] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)

    def examples(self) -> list[tuple[dict[str, float], int]]:
        if self.origin == "database":  # labelled by editors
            return list(zip(self.features, self.labels, strict=True))
        matches = gold_matches(self.gold, self.candidates)
        out = []
        for i, features in enumerate(self.features):
            if i in matches and self.gold[matches[i]].get("optional"):
                continue  # a careful coder might or might not record it: neither way
            out.append((features, int(i in matches)))
        return out

    def counts(self, model: ConfidenceModel, threshold: float) -> tuple[int, int, int]:
        """(true positives, false positives, false negatives) of the events ``model`` emits."""
        emitted = [i for i, f in enumerate(self.features) if model.probability(f) >= threshold]
        if self.origin == "database":
            tp = sum(self.labels[i] for i in emitted)
            return tp, len(emitted) - tp, sum(self.labels) - tp
        kept = [self.candidates[i] for i in emitted]
        matches = gold_matches(self.gold, kept)
        optional = sum(1 for gi in matches.values() if self.gold[gi].get("optional"))
        tp = len(matches) - optional
        required = sum(1 for g in self.gold if not g.get("optional"))
        return tp, len(kept) - len(matches), required - tp


def read_gold_files(paths: Iterable[Path]) -> list[dict]:
    """Articles with gold events from JSON files (one article) or JSON-lines files."""
    articles = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8").strip()
        if not text:
            continue
        if text.startswith("{") and "\n{" not in text:
            rows = [json.loads(text)]
        else:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        for row in rows:
            if row.get("events") is not None and row.get("text"):
                articles.append({**row, "key": f"{Path(path).name}:{row['id']}"})
    return articles


def read_real_reports(reports: Path, texts: Path) -> list[dict]:
    """The ``dev`` reports of the real-report set whose text is in ``texts`` with the recorded
    SHA-1 (the ``heldout`` split is never read: it estimates the extractor on unseen reports)."""
    articles = []
    for line in Path(reports).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        report = json.loads(line)
        if report.get("split") != "dev" or report.get("dropped"):
            continue
        path = Path(texts) / f"{report['id']}.txt"
        if not path.is_file():
            continue
        data = path.read_bytes()
        if hashlib.sha1(data).hexdigest() != report.get("sha1"):
            continue
        articles.append(
            {**report, "text": data.decode("utf-8"), "language": report.get("lang"), "key": f"real:{report['id']}"}
        )
    return articles


def file_articles(rows: Iterable[dict], extractor) -> list[Article]:
    """Run ``extractor`` over annotated articles; every candidate with its features."""
    out = []
    for row in rows:
        published = row.get("published")
        found = extractor.candidates(
            row["text"],
            published=dt.date.fromisoformat(published[:10]) if published else None,
            language=row.get("language"),
            title=row.get("title") or "",
        )
        out.append(
            Article(
                key=row["key"],
                origin="real reports" if row["key"].startswith("real:") else "files",
                features=[dict(e.features) for e in found.events],
                candidates=list(found.events),
                gold=row["events"],
            )
        )
    return out


def database_articles() -> list[Article]:
    """Each article's sources of events an editor approved (true) or rejected (false)."""
    from events.models import EventSource

    labels = {ReviewStatus.APPROVED: 1, ReviewStatus.REJECTED: 0}
    by_article: dict[int, Article] = {}
    sources = (
        EventSource.objects.filter(event__review_status__in=list(labels))
        .exclude(features={})
        .values_list("article_id", "features", "event__review_status")
        .order_by("article_id", "id")
    )
    for article_id, features, status in sources:
        article = by_article.setdefault(article_id, Article(key=f"db:{article_id}", origin="database", features=[]))
        article.features.append({str(k): float(v) for k, v in features.items()})
        article.labels.append(labels[status])
    return list(by_article.values())


def held_back(key: str, share: float = HELD_BACK_SHARE) -> bool:
    """Whether an article is in the held-back part (a stable hash of its key)."""
    return zlib.crc32(key.encode()) % 1000 < share * 1000


# --- Fitting --------------------------------------------------------------------------------------


def fit(examples: Sequence[tuple[dict[str, float], int]], *, version: str, meta: dict | None = None) -> ConfidenceModel:
    """A logistic regression over ``FEATURES`` with an isotonic calibration table fitted on its
    out-of-fold probabilities (five folds, fewer when a class is small)."""
    import numpy as np
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    y = np.array([label for _, label in examples])
    smaller = int(min(y.sum(), len(y) - y.sum())) if len(y) else 0
    if smaller < 2:
        raise ApplicationError("Training needs at least two true and two false examples.")
    x = np.array([[features.get(name, 0.0) for name in FEATURES] for features, _ in examples])
    regression = LogisticRegression(C=1.0, max_iter=2000)
    folds = StratifiedKFold(n_splits=min(5, smaller), shuffle=True, random_state=0)
    out_of_fold = cross_val_predict(regression, x, y, cv=folds, method="predict_proba")[:, 1]
    isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(out_of_fold, y)
    regression.fit(x, y)
    weights = {name: round(float(w), 6) for name, w in zip(FEATURES, regression.coef_[0], strict=True) if w}
    return ConfidenceModel(
        version=version,
        weights=weights,
        intercept=round(float(regression.intercept_[0]), 6),
        calibration=Calibration(
            tuple(round(float(v), 6) for v in isotonic.X_thresholds_),
            tuple(round(float(v), 6) for v in isotonic.y_thresholds_),
        ),
        meta=meta or {},
    )


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def evaluate(articles: Sequence[Article], model: ConfidenceModel, threshold: float) -> dict[str, dict]:
    """Precision, recall and F1 of what ``model`` emits, per origin and over all."""
    totals: dict[str, list[int]] = {}
    for article in articles:
        counts = article.counts(model, threshold)
        for key in (article.origin, "all"):
            row = totals.setdefault(key, [0, 0, 0])
            for i, value in enumerate(counts):
                row[i] += value
    return {key: prf(*row) for key, row in totals.items()}


def reliability(
    examples: Sequence[tuple[dict[str, float], int]], model: ConfidenceModel, bins: int = RELIABILITY_BINS
) -> list[dict]:
    """Predicted probability in equal bins against the observed share of true events."""
    rows = [{"low": i / bins, "high": (i + 1) / bins, "n": 0, "predicted": 0.0, "true": 0} for i in range(bins)]
    for features, label in examples:
        p = model.probability(features)
        row = rows[min(int(p * bins), bins - 1)]
        row["n"] += 1
        row["predicted"] += p
        row["true"] += label
    for row in rows:
        if row["n"]:
            row["predicted"] /= row["n"]
            row["observed"] = row["true"] / row["n"]
    return [row for row in rows if row["n"]]


@dataclass
class TrainingReport:
    articles: dict[str, int]  # by origin
    examples: dict[str, int]  # training / held back, true / false
    threshold: float
    before: dict[str, dict]
    after: dict[str, dict]
    reliability: list[dict]
    current: ConfidenceModel
    model: ConfidenceModel
    installed: Path | None = None


def extractor_train(
    *,
    gold_files: Sequence[Path] = (),
    real_reports: Path | None = None,
    texts: Path | None = None,
    database: bool = True,
    models_dir: Path,
    threshold: float,
    install: bool = False,
) -> TrainingReport:
    """Train a confidence model from the given sources; write it to ``models_dir`` when
    ``install`` (it becomes the installed model: the highest-numbered file of the folders the
    extractor reads, ``services.extraction.model_folders``)."""
    from events.services.extraction import extractor_get, model_folders

    folders = tuple(dict.fromkeys((Path(models_dir), *model_folders())))
    current = ConfidenceModel.load(newest_model_file(*folders))
    rows = read_gold_files(gold_files)
    if real_reports is not None and texts is not None:
        rows += read_real_reports(real_reports, texts)
    articles = file_articles(rows, extractor_get()) if rows else []
    if database:
        articles += database_articles()
    training = [a for a in articles if not held_back(a.key)]
    held = [a for a in articles if held_back(a.key)]
    train_examples = [example for a in training for example in a.examples()]
    held_examples = [example for a in held for example in a.examples()]
    files = model_files(*folders)
    version = str(files[-1][0] + 1 if files else 1)
    counts = {
        "training": len(train_examples),
        "training_true": sum(label for _, label in train_examples),
        "held_back": len(held_examples),
        "held_back_true": sum(label for _, label in held_examples),
    }
    origins: dict[str, int] = {}
    for article in articles:
        origins[article.origin] = origins.get(article.origin, 0) + 1
    model = fit(
        train_examples,
        version=version,
        meta={
            "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "articles": origins,
            "examples": counts,
            "features": list(FEATURES),
        },
    )
    report = TrainingReport(
        articles=origins,
        examples=counts,
        threshold=threshold,
        before=evaluate(held, current, threshold),
        after=evaluate(held, model, threshold),
        reliability=reliability(held_examples, model),
        current=current,
        model=model,
    )
    if install:
        report.installed = model_install(model, models_dir)
    return report


def model_install(model: ConfidenceModel, models_dir: Path) -> Path:
    """Write ``model`` as ``confidence-<version>.json`` in ``models_dir`` (the extractor picks the
    highest version up at its next article)."""
    path = Path(models_dir) / f"confidence-{model.version}.json"
    if path.exists():
        raise ApplicationError(f"{path} exists already.")
    Path(models_dir).mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
