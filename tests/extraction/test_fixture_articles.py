"""Generality check: reports written for the project (tests/fixtures/extraction), with the full
reference data, scored like the contract's scorer. These are not tuned one by one; they are other
towns, groups and incidents than the development corpus, Arabic and English."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from events.services import extraction
from tests.extraction.scoring import score

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extraction" / "articles.jsonl"


@pytest.mark.django_db
def test_it_scores_well_on_reports_it_was_not_built_on(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_reference_data", stdout=io.StringIO())
    extraction._cached = None
    articles = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(articles) >= 10
    predictions = {}
    for a in articles:
        published = date.fromisoformat(a["published"]) if a.get("published") else None
        predictions[a["id"]] = extraction.run_extraction(
            text=a["text"], published=published, language=a.get("language")
        ).events
    result = score(articles, predictions)
    assert result["f1"] >= 0.85, result
    assert result["killed_exact"] >= 0.85, result
    for a in articles:
        if not a["events"]:
            assert predictions[a["id"]] == [], a["id"]  # analysis pieces give no events
