"""Held-out check: 30 reports (20 Arabic, 10 English) written with their gold events BEFORE the
extractor was run on them (tests/fixtures/extraction/heldout.jsonl), other towns and groups than
the development corpus, with real page chrome, ligatures, tatweel and no-break spaces. First run
(extractor 1.0.0): strict F1 0.700, killed exact 0.75; the floor below guards the general fixes."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from events.services import extraction
from tests.extraction.scoring import score

HELDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "extraction" / "heldout.jsonl"


@pytest.mark.django_db
def test_it_scores_above_the_floor_on_held_out_reports(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_reference_data", stdout=io.StringIO())
    extraction._cached = None
    articles = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(articles) == 30
    predictions = {
        a["id"]: extraction.run_extraction(
            text=a["text"], published=date.fromisoformat(a["published"]), language=a["language"]
        ).events
        for a in articles
    }
    result = score(articles, predictions)
    assert result["f1"] >= 0.8, result
    assert result["killed_exact"] >= 0.85, result
