"""A compact scorer with the rules of the shared contract's scorer (../shared/tools/score_events.py):
a prediction matches a gold event of the same type within 25 km of it (60 km for a district, 150
km for a governorate) and within its date precision (1 day, 7 for a week, 31 for a month); one to
one; matches to optional gold events count neither way. Kept here so the suite runs from a clone.
"""

from __future__ import annotations

import io
import json
import math
from datetime import date
from pathlib import Path

DATE_TOLERANCE_DAYS = {"day": 1, "week": 7, "month": 31}
PLACE_TOLERANCE_KM = {"town": 25.0, "district": 60.0, "governorate": 150.0, "country": 1000.0}


def _km(a, b) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _compatible(gold: dict, pred: dict) -> bool:
    if pred["event_type"] != gold["type"] or not pred.get("location"):
        return False
    loc = pred["location"]
    if loc.get("latitude") is None:
        return False
    tolerance = PLACE_TOLERANCE_KM.get(gold["location"].get("precision", "town"), 25.0)
    if _km((loc["latitude"], loc["longitude"]), (gold["location"]["lat"], gold["location"]["lon"])) > tolerance:
        return False
    if gold.get("date"):
        if not pred.get("date"):
            return False
        days = abs((date.fromisoformat(pred["date"]) - date.fromisoformat(gold["date"])).days)
        if days > DATE_TOLERANCE_DAYS.get(gold.get("date_precision", "day"), 1):
            return False
    return True


def score(articles: list[dict], predictions: dict[str, list[dict]]) -> dict:
    tp = fp = fn = killed_ok = killed_n = 0
    for article in articles:
        gold, pred = article["events"], predictions.get(article["id"], [])
        pairs = sorted(
            (g.get("optional", False), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if _compatible(g, p)
        )
        used_g, used_p = set(), set()
        for _, gi, pi in pairs:
            if gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                if not gold[gi].get("optional") and gold[gi].get("killed") is not None:
                    killed_n += 1
                    killed_ok += int(pred[pi]["fatalities"]["killed"] == gold[gi]["killed"])
        tp += sum(1 for gi in used_g if not gold[gi].get("optional"))
        fn += sum(1 for gi, g in enumerate(gold) if gi not in used_g and not g.get("optional"))
        fp += len(pred) - len(used_p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "killed_exact": killed_ok / killed_n if killed_n else None,
    }


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extraction"


def score_fixture(name: str) -> tuple[list[dict], dict[str, list[dict]], dict]:
    """Run the real extraction, with the full reference data loaded, over the fixture file
    ``name``; return (articles, predictions by id, score). Needs the database."""
    from django.core.management import call_command

    from events.services.extraction import extractor_reset, run_extraction

    call_command("load_reference_data", stdout=io.StringIO())
    extractor_reset()  # built from the rows just loaded, whatever the dictionary version says
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line) for line in lines if line.strip()]
    predictions = {
        a["id"]: run_extraction(
            text=a["text"],
            published=date.fromisoformat(a["published"]) if a.get("published") else None,
            language=a.get("language"),
        ).contract()
        for a in articles
    }
    return articles, predictions, score(articles, predictions)
