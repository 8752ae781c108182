"""Sixth-pass held-out check: 20 reports (10 Arabic, 10 English) written with their gold events
BEFORE extractor 1.4.0 was run on them (tests/fixtures/extraction/desert_ferry_and_tribal_incidents.jsonl): a coalition
drone strike near Al-Busayrah, SDF fire on a smuggling ferry at the Al-Shuhail crossing, an ISIS
attack on Liwa Fatemiyoun in the Al-Sukhnah desert and a landmine near Palmyra, a protest in
Dhiban, Asayish conscription arrests in Al-Shaddadi, an IED on a Kataib Sayyid al-Shuhada
commander in Al-Quriyah, a tribal attack in Gharanij and arrests in Hajin, Russian strikes in the
desert, the assassination of a Liwa al-Baqir member in Al-Tabni, an NDF convoy ambushed near
Palmyra, a drone attack on Al-Tanf, a raid in Al-Kasrah, an IED in Al-Susah and a killing in
Al-Baghuz, Fatemiyoun-Baqir infighting in Sbikhan and a drone strike on Harakat al-Nujaba, a
protest and arrests in Tabqa, tribal fighting in Diban, rockets on the Al-Shaddadi base, an
arrest at the Al-Tabni crossing, and two reports without any event.
First run (1.4.0, the honest unseen figure): strict F1 0.764 (Arabic 0.786, English 0.741),
killed exact 0.556, actor recall 0.700. After general fixes made on these same texts (1.5.0):
strict F1 0.939 (Arabic 1.000, English 0.880), killed exact 1.0, actor recall 0.745; the one
miss left is a village spelled "Sbikhan", a spelling the GeoNames row of the town lacks. The
floor below is just under that figure: it guards against regressions and is not evidence of
unseen performance."""

from __future__ import annotations

import pytest

from tests.extraction.scoring import score_fixture


@pytest.mark.django_db
def test_it_scores_above_the_floor_on_desert_ferry_and_tribal_incidents():
    articles, _, result = score_fixture("desert_ferry_and_tribal_incidents.jsonl")
    assert len(articles) == 20
    assert sum(a["language"] == "ar" for a in articles) == 10
    # after fixes on these same texts (1.5.0): strict F1 0.939, killed exact 1.0
    assert result["f1"] >= 0.92, result
    assert result["killed_exact"] >= 0.95, result
