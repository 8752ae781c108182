"""Generality check: reports written for the project (tests/fixtures/extraction), with the full
reference data, scored like the contract's scorer. These are not tuned one by one; they are other
towns, groups and incidents than the development corpus, Arabic and English."""

from __future__ import annotations

import pytest

from tests.extraction.scoring import score_fixture


@pytest.mark.django_db
def test_it_scores_well_on_reports_it_was_not_built_on():
    articles, predictions, result = score_fixture("general_reports.jsonl")
    assert len(articles) >= 10
    assert result["f1"] >= 0.85, result
    assert result["killed_exact"] >= 0.85, result
    for a in articles:
        if not a["events"]:
            assert predictions[a["id"]] == [], a["id"]  # analysis pieces give no events
