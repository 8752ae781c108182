"""The learned confidence: features of candidate events, pure-Python inference of the exported
model, its calibration table, and the emission threshold."""

from __future__ import annotations

import json
import math
import random
import shutil
from datetime import date

import pytest

from events.extraction.pipeline import Extractor
from events.extraction.stages.scoring import (
    FEATURES,
    MODELS_DIR,
    Calibration,
    ConfidenceModel,
    installed_model,
    newest_model_file,
)

PUBLISHED = date(2023, 5, 10)


def model(weights: dict[str, float], intercept: float = 0.0, table=((), ())) -> ConfidenceModel:
    return ConfidenceModel("t", weights, intercept, Calibration(*table), {})


def test_it_interpolates_the_calibration_table_and_holds_its_ends():
    table = Calibration((0.2, 0.4, 0.8), (0.0, 0.5, 0.9))
    assert table(0.1) == 0.0 and table(0.95) == 0.9  # outside: the nearest end
    assert table(0.3) == pytest.approx(0.25)
    assert table(0.6) == pytest.approx(0.7)
    assert table(0.4) == 0.5


def test_it_computes_the_logistic_of_the_weighted_features():
    m = model({"place": 1.5, "killed": -0.5}, intercept=-1.0)
    assert m.raw({"place": 1.0, "killed": 1.0, "unknown": 3.0}) == pytest.approx(1 / (1 + math.exp(0.0)))
    assert m.raw({"place": 1.0}) == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert model({}, intercept=-800.0).raw({}) == pytest.approx(0.0)  # no overflow either way
    assert model({}, intercept=800.0).raw({}) == pytest.approx(1.0)


def test_it_reads_back_what_it_writes_and_refuses_a_table_out_of_order():
    m = model({"place": 1.25}, -0.5, ((0.1, 0.9), (0.2, 0.8)))
    again = ConfidenceModel.from_dict(json.loads(json.dumps(m.to_dict())))
    assert again == m
    with pytest.raises(ValueError):
        ConfidenceModel.from_dict({**m.to_dict(), "calibration": {"x": [0.5, 0.1], "y": [0.1, 0.2]}})


def test_it_uses_the_highest_numbered_model_of_a_folder(tmp_path):
    shipped = newest_model_file()
    for n in (2, 10):
        data = json.loads(shipped.read_text())
        (tmp_path / f"confidence-{n}.json").write_text(json.dumps({**data, "version": str(n)}))
    (tmp_path / "confidence-latest.json").write_text("{}")  # not a model file name
    assert newest_model_file(tmp_path).name == "confidence-10.json"
    assert installed_model(tmp_path).version == "10"


def test_the_shipped_model_is_small_and_names_only_known_features():
    m = installed_model(MODELS_DIR)
    assert set(m.weights) <= set(FEATURES)
    assert newest_model_file().stat().st_size < 20_000
    assert list(m.calibration.y) == sorted(m.calibration.y)  # monotone
    assert 0.0 <= m.probability({}) <= 1.0


def test_the_inference_equals_scikit_learns_prediction():
    """The exported weights and table, read in pure Python, give what the fitted scikit-learn
    objects predict (logistic regression, then isotonic regression)."""
    np = pytest.importorskip("numpy")
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression

    from events.services.training import fit

    rng = random.Random(3)
    examples = []
    for _ in range(300):
        features = {name: float(rng.random() < 0.4) for name in ("place", "killed", "headline", "actors")}
        score = 1.5 * features["place"] + features["killed"] - 2 * features["headline"] - 0.3
        examples.append((features, int(rng.random() < 1 / (1 + math.exp(-score)))))
    exported = fit(examples, version="x")

    x = np.array([[f.get(n, 0.0) for n in FEATURES] for f, _ in examples])
    y = np.array([label for _, label in examples])
    regression = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(
        exported.calibration.x, exported.calibration.y
    )
    raw = regression.predict_proba(x)[:, 1]
    for (features, _), expected_raw, expected in zip(examples, raw, isotonic.predict(raw), strict=True):
        assert exported.raw(features) == pytest.approx(expected_raw, abs=1e-5)
        assert exported.probability(features) == pytest.approx(expected, abs=1e-5)
    # the headline feature was made to lower the odds: the model learned it
    assert exported.weights["headline"] < 0 < exported.weights["place"]


def test_a_calibrated_model_predicts_about_the_observed_share():
    pytest.importorskip("sklearn")
    from events.services.training import fit, reliability

    rng = random.Random(5)
    examples = []
    for _ in range(2000):
        features = {"place": float(rng.random() < 0.5), "killed": float(rng.random() < 0.5)}
        p = 0.2 + 0.5 * features["place"] + 0.25 * features["killed"]
        examples.append((features, int(rng.random() < p)))
    m = fit(examples, version="x")
    for row in reliability(examples, m):
        if row["n"] >= 100:
            assert abs(row["predicted"] - row["observed"]) < 0.05, row


def test_each_candidate_carries_its_features_and_they_stay_out_of_the_contract(extractor):
    text = "Clashes in Hajin\n\nSDF fighters clashed with ISIS in Hajin on Monday, killing two."
    (event,) = extractor.candidates(text, published=PUBLISHED, language="en").events
    assert event.features["headline"] == 1.0 and event.features["killed"] == 1.0
    assert event.features["english"] == 1.0 and event.features["family:violence"] == 1.0
    assert set(event.features) <= set(FEATURES)
    assert "features" not in event.contract() and "confidence" in event.contract()


def test_it_tells_a_lede_from_the_body_and_marks_a_second_event_of_a_family(extractor):
    text = (
        "SDF fighters clashed with ISIS in Hajin on Monday. The weather was mild.\n\n"
        "On Tuesday, regime forces clashed with ISIS in Al-Mayadin."
    )
    first, second = extractor.candidates(text, published=PUBLISHED, language="en").events
    assert first.features.get("lede") == 1.0 and second.features.get("body") == 1.0
    assert first.features["same_family_events"] == second.features["same_family_events"] > 0


def test_it_emits_only_what_the_model_scores_at_least_the_threshold(dictionary):
    text = "Clashes in Hajin\n\nSDF fighters clashed with ISIS in Hajin on Monday, killing two."
    headline_doubts = model({"headline": -3.0}, intercept=1.0)  # 0.12 for events told in a headline
    strict = Extractor(dictionary, model=headline_doubts, min_confidence=0.3)
    (candidate,) = strict.candidates(text, published=PUBLISHED, language="en").events
    assert candidate.confidence == pytest.approx(1 / (1 + math.exp(2.0)), abs=1e-3)
    assert strict.extract(text, published=PUBLISHED, language="en").events == ()
    lenient = Extractor(dictionary, model=headline_doubts, min_confidence=0.1)
    assert len(lenient.extract(text, published=PUBLISHED, language="en").events) == 1
    assert strict.extract(text, published=PUBLISHED, language="en").model_version == "t"


def test_a_copied_models_folder_serves_the_same_model(tmp_path):
    shutil.copy(newest_model_file(), tmp_path / "confidence-1.json")
    assert installed_model(tmp_path) == installed_model()
