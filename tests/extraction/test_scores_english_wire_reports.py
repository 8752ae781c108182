"""Seventh-pass held-out check: 18 English reports written with their gold events BEFORE extractor
1.5.0 was run on them (tests/fixtures/extraction/english_wire_reports.jsonl), built the way English reports
over-split: a lede, then earlier incidents recalled with their dates, quotes and reactions, the same
incident told again ("the attack", "the ambush", "the strike"), tolls that rise later in the text.
The incidents: an ISIS attack on truffle hunters in the Al-Sukhnah desert, an ambush near
Al-Busayrah, a Turkish drone strike near Tal Brak, a militia member shot in Al-Quriyah and a
landmine in the Al-Mayadin desert, a boat shot at from Muhasan, US strikes in Al-Bukamal and
Al-Mayadin, an SDF raid and the protest it caused in Gharanij, a tribal attack in Al-Susah, arrests
in Al-Hol camp, a strike on militia trucks at the Al-Qaim crossing, an IED near Markada and
arrests in Al-Shaddadi, a clash with smugglers in the Al-Tanf zone, a council official shot in
Tabqa, an ISIS attack and government shelling in Al-Kasrah, war remnants in Al-Baghuz, a raid in
Al-Shuhail, and two analyses without any event.
First run (1.5.0, the honest unseen figure): strict F1 0.563 (P 0.419, R 0.857), killed exact
0.385, actor recall 0.725; 44 events for 21 gold ones (2.44 an article; 1.17 gold, 1.50 with the
optional ones). After general fixes made on these same texts (1.6.0): strict F1 0.952 (P 0.952,
R 0.952), killed exact 0.8, actor recall 0.767, 22 events (1.22 an article); the miss left was a
"second wave" of air strikes read as a clash. With 1.7.0 (a wave with an ordinal continues the
strikes just told): strict F1 1.0, killed exact 0.8125, 22 events. The floor below is just under
that figure: it guards against regressions and is not evidence of unseen performance."""

from __future__ import annotations

import pytest

from tests.extraction.scoring import score_fixture


@pytest.mark.django_db
def test_it_scores_above_the_floor_on_english_wire_reports():
    articles, predictions, result = score_fixture("english_wire_reports.jsonl")
    assert len(articles) == 18
    assert all(a["language"] == "en" for a in articles)
    # after fixes on these same texts (1.7.0): strict F1 1.0, killed exact 0.8125, 22 events
    assert result["f1"] >= 0.97, result
    assert result["killed_exact"] >= 0.75, result
    # one incident, one event: no more events than gold ones with the optional ones counted
    assert sum(len(p) for p in predictions.values()) <= sum(len(a["events"]) for a in articles)
