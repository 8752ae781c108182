"""``manage.py train_extractor`` on PostgreSQL: from annotated files, from editors' decisions in the
database, and what the decisions teach (rejections of one kind of event lower its confidence)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from events.choices import ReviewStatus
from events.extraction.stages.scoring import ConfidenceModel, newest_model_file
from events.models import Article, Event, EventSource
from events.models.articles import content_hash
from events.services.extraction import extractor_reset, run_extraction
from events.services.ingestion import article_events_write
from events.services.review import event_approve, event_reject, event_update
from events.services.training import database_articles, extractor_train

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"


@pytest.fixture
def gold(tmp_path) -> Path:
    """An annotated file: the 24 reports of one fixture set as coded, and the 12 of another
    coded as giving no event (so the extractor's candidates there are false ones)."""
    coded = (FIXTURES / "attacks_arrests_and_crossings.jsonl").read_text(encoding="utf-8").splitlines()
    refused = [
        json.dumps({**json.loads(line), "events": []}, ensure_ascii=False)
        for line in (FIXTURES / "strikes_and_cross_river_shelling.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(coded + refused) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def models(settings, tmp_path):
    """A models folder holding a copy of the shipped model, with the reference data loaded."""
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(newest_model_file(), folder / "confidence-1.json")
    settings.EXTRACTION_MODELS_DIR = str(folder)
    call_command("load_reference_data", stdout=io.StringIO())
    extractor_reset()
    yield folder
    extractor_reset()


def train(*args: str) -> str:
    out = io.StringIO()
    call_command("train_extractor", *args, stdout=out)
    return out.getvalue()


def ingest(path: Path) -> list[Article]:
    """Every article of a fixture file through the extractor and the ingestion service."""
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        published = dt.datetime.fromisoformat(row["published"]).replace(tzinfo=dt.UTC) if row["published"] else None
        article = Article.objects.create(
            source=f"outlet {row['id']}",
            text=row["text"],
            language=row.get("language") or "",
            content_hash=content_hash(row["text"]),
            published=published,
        )
        result = run_extraction(text=article.text, published=article.published_date, language=row.get("language"))
        article_events_write(article=article, result=result)
        articles.append(article)
    return articles


def test_it_trains_from_annotated_files_and_installs_only_when_asked(models, gold):
    out = train("--gold", str(gold), "--no-real-reports", "--no-database")

    assert "Articles: 36 from files." in out
    assert re.search(r"before +model 1 +files +P \d\.\d{3}  R \d\.\d{3}  F1 \d\.\d{3}", out), out
    assert re.search(r"after +model 2 +files +P \d\.\d{3}  R \d\.\d{3}  F1 \d\.\d{3}", out), out
    assert "Model 2 not installed" in out
    assert not (models / "confidence-2.json").exists()

    out = train("--gold", str(gold), "--no-real-reports", "--no-database", "--install")

    assert f"Installed model 2: {models / 'confidence-2.json'}" in out
    installed = ConfidenceModel.load(models / "confidence-2.json")
    assert installed.meta["articles"] == {"files": 36}
    # the next article is read with the new model, and records it
    [article] = ingest(FIXTURES / "general_reports.jsonl")[:1]
    article.refresh_from_db()
    assert article.confidence_model == "2"
    assert run_extraction(text=article.text, published=article.published_date).model_version == "2"


def test_it_trains_from_editors_decisions_in_the_database(models, settings, django_user_model):
    settings.EXTRACTION_MIN_CONFIDENCE = 0.0  # every candidate stored, as the editors saw them
    ingest(FIXTURES / "other_towns_with_page_chrome.jsonl")
    editor = django_user_model.objects.create_user("editor")
    events = list(Event.objects.order_by("pk"))
    assert len(events) > 20 and all(s.features for s in EventSource.objects.all())
    for i, event in enumerate(events):
        if i % 3 == 0:
            event_reject(event=event, user=editor, reason="Not an event.")
        else:
            if i % 3 == 1:  # corrected, then approved: it happened
                event_update(event=event, user=editor, data={"summary": "Corrected."}, reason="Summary.")
            event_approve(event=event, user=editor)
    decided = database_articles()
    labels = [label for article in decided for label in article.labels]
    assert sum(labels) == EventSource.objects.filter(event__review_status=ReviewStatus.APPROVED).count()
    assert len(labels) - sum(labels) == EventSource.objects.filter(event__review_status=ReviewStatus.REJECTED).count()

    out = train("--gold", "--no-real-reports", "--install")

    assert "from database" in out and "files" not in out.split("Examples")[0]
    assert re.search(r"after +model 2 +database +P \d\.\d{3}  R \d\.\d{3}  F1 \d\.\d{3}", out), out
    assert ConfidenceModel.load(models / "confidence-2.json").meta["articles"]["database"] == len(decided)


def test_it_refuses_to_train_without_true_and_false_examples(models):
    with pytest.raises(CommandError, match="two true and two false"):
        train("--gold", "--no-real-reports")


def test_editors_rejections_of_a_kind_of_event_lower_its_confidence(models, gold, settings, django_user_model):
    """Editors reject every event first told in a headline (on this desk, a headline's event
    repeats one of the body's); after retraining with their decisions, events told in a headline
    get a lower confidence than from the annotated files alone, and the others do not."""
    settings.EXTRACTION_MIN_CONFIDENCE = 0.0
    for name in ("other_towns_with_page_chrome.jsonl", "militia_frictions_and_river_crossings.jsonl"):
        ingest(FIXTURES / name)
    editor = django_user_model.objects.create_user("editor")
    for event in Event.objects.order_by("pk"):
        if any(s.features.get("headline") for s in event.sources.all()):
            event_reject(event=event, user=editor, reason="The headline repeats the body's event.")
        else:
            event_approve(event=event, user=editor)
    sources = list(EventSource.objects.all())
    headline = [s.features for s in sources if s.features.get("headline")]
    others = [s.features for s in sources if not s.features.get("headline")]
    assert len(headline) >= 10 and len(others) >= 10

    files_only = extractor_train(gold_files=[gold], database=False, models_dir=models, threshold=0.3).model
    with_editors = extractor_train(gold_files=[gold], database=True, models_dir=models, threshold=0.3).model

    def mean(model: ConfidenceModel, rows: list[dict]) -> float:
        return sum(model.probability(f) for f in rows) / len(rows)

    assert files_only.weights.get("headline", 0.0) > with_editors.weights.get("headline", 0.0)
    assert mean(with_editors, headline) < mean(files_only, headline) - 0.2
    assert mean(with_editors, others) >= mean(files_only, others) - 0.05


def test_an_empty_models_folder_serves_the_shipped_model_until_one_is_installed(models, gold, settings, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    settings.EXTRACTION_MODELS_DIR = str(empty)
    text = "اندلعت اشتباكات بين قسد وداعش في هجين، أمس الثلاثاء."
    shipped = int(newest_model_file().stem.removeprefix("confidence-"))
    assert run_extraction(text=text, published=dt.date(2021, 5, 12)).model_version == str(shipped)

    out = train("--gold", str(gold), "--no-real-reports", "--no-database", "--install")

    assert f"Installed model {shipped + 1}: {empty / f'confidence-{shipped + 1}.json'}" in out
    assert run_extraction(text=text, published=dt.date(2021, 5, 12)).model_version == str(shipped + 1)
