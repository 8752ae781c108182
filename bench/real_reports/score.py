"""Score the extractor on the real-report set (bench/real_reports/reports.jsonl).

    DATABASE_URL=postgres://... python bench/real_reports/score.py [--texts DIR] [--split dev|heldout] [--lang ar|en]

The page texts are not in the repository: ``--texts`` (default /work/realreports/texts) holds one
file per report named ``<id>.txt``, exactly the text that was annotated. Each file's SHA-1 is
checked against the one recorded in reports.jsonl; a missing file or a mismatch is reported and the
report is skipped. Dropped reports are skipped.

The extraction is the one of ``manage.py extract_events`` (the command itself is called, with the
same JSON-lines input), so it reads its dictionaries from the database that DATABASE_URL names:
migrate it and run ``load_reference_data`` first. Scoring uses the shared contract's scorer,
../shared/tools/score_events.py, imported from beside the repository (``--scorer`` overrides).
Figures are printed for all selected reports, then per language and per split.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORTS = Path(__file__).resolve().parent / "reports.jsonl"
DEFAULT_TEXTS = Path("/work/realreports/texts")
DEFAULT_SCORER = ROOT.parent / "shared/tools/score_events.py"


def load_scorer(path: Path):
    if not path.exists():
        raise SystemExit(f"score.py: the shared scorer is not at {path} (give --scorer)")
    spec = importlib.util.spec_from_file_location("score_events", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def select_reports(texts: Path, split: str | None, lang: str | None) -> list[dict]:
    """The usable reports of the selection, each with its checked text; mismatches are reported."""
    chosen = []
    for line in REPORTS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        report = json.loads(line)
        if report["dropped"] or (split and report["split"] != split) or (lang and report["lang"] != lang):
            continue
        path = texts / f"{report['id']}.txt"
        if not path.exists():
            print(f"skipped {report['id']}: no text file {path}", file=sys.stderr)
            continue
        data = path.read_bytes()
        if hashlib.sha1(data).hexdigest() != report["sha1"]:
            print(f"skipped {report['id']}: SHA-1 of {path} differs from the recorded one", file=sys.stderr)
            continue
        report["text"] = data.decode("utf-8")
        chosen.append(report)
    return chosen


def extract(reports: list[dict]) -> dict[str, list[dict]]:
    """Run ``manage.py extract_events`` on the reports; predictions by report id."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for r in reports:
            row = {"id": r["id"], "text": r["text"], "published": r["published"], "language": r["lang"], "title": None}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        articles = f.name
    out = io.StringIO()
    try:
        call_command("extract_events", input=articles, stdout=out)
    finally:
        os.unlink(articles)
    predictions = {}
    for line in out.getvalue().splitlines():
        if line.strip():
            row = json.loads(line)
            predictions[row["id"]] = row.get("events") or []
    return predictions


def print_figures(label: str, scorer, reports: list[dict], predictions: dict[str, list[dict]]) -> None:
    if not reports:
        print(f"{label:<16} no reports")
        return
    res = scorer.score(reports, predictions)
    s = res["strict"]
    gold = sum(a["gold"] for a in res["articles"])
    predicted = sum(a["predicted"] for a in res["articles"])
    empty = sum(1 for r in reports if not any(not e.get("optional") for e in r["events"]))
    print(
        f"{label:<16} reports {len(reports):>3} (no-event {empty:>2})  gold {gold:>3}  predicted {predicted:>3}  "
        f"strict F1 {s['f1']:.3f} P {s['precision']:.3f} R {s['recall']:.3f}  "
        f"ignoring date F1 {res['ignoring_date']['f1']:.3f}  type only F1 {res['type_only']['f1']:.3f}  "
        f"actor recall {res['actors']['recall']}  killed exact {res['killed_exact']}  "
        f"events/report {predicted / len(reports):.2f} (gold {gold / len(reports):.2f})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    ap.add_argument("--split", choices=["dev", "heldout"])
    ap.add_argument("--lang", choices=["ar", "en"])
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--predictions", type=Path, help="also write the predictions here (JSON lines)")
    args = ap.parse_args(argv)
    scorer = load_scorer(args.scorer)
    reports = select_reports(args.texts, args.split, args.lang)
    if not reports:
        print("score.py: no usable report selected", file=sys.stderr)
        return 1
    predictions = extract(reports)
    if args.predictions:
        args.predictions.write_text(
            "".join(
                json.dumps({"id": r["id"], "events": predictions.get(r["id"], [])}, ensure_ascii=False) + "\n"
                for r in reports
            ),
            encoding="utf-8",
        )
    print_figures("all", scorer, reports, predictions)
    for lang in ("ar", "en"):
        print_figures(f"lang {lang}", scorer, [r for r in reports if r["lang"] == lang], predictions)
    for split in ("dev", "heldout"):
        print_figures(f"split {split}", scorer, [r for r in reports if r["split"] == split], predictions)
        for lang in ("ar", "en"):
            subset = [r for r in reports if r["split"] == split and r["lang"] == lang]
            print_figures(f"  {split} {lang}", scorer, subset, predictions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
