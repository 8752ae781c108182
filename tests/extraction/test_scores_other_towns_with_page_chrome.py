"""Held-out check: 30 reports (20 Arabic, 10 English) written with their gold events BEFORE the
extractor was run on them (tests/fixtures/extraction/other_towns_with_page_chrome.jsonl), other towns and groups than
the development corpus, with real page chrome, ligatures, tatweel and no-break spaces. First run
(extractor 1.0.0): strict F1 0.700, killed exact 0.75; the floor below guards the general fixes."""

from __future__ import annotations

import pytest

from tests.extraction.scoring import score_fixture


@pytest.mark.django_db
def test_it_scores_above_the_floor_on_reports_from_other_towns_with_page_chrome():
    articles, _, result = score_fixture("other_towns_with_page_chrome.jsonl")
    assert len(articles) == 30
    assert result["f1"] >= 0.8, result
    assert result["killed_exact"] >= 0.85, result
