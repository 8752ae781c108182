"""Strict event F1 of each scored set as the emission threshold (EXTRACTION_MIN_CONFIDENCE) rises.

    DATABASE_URL=postgres://... python bench/confidence_thresholds.py [--texts DIR] [--step 0.05] [--upto 0.6]

Each fixture set of tests/fixtures/extraction, the dev corpus (../shared/corpus/dev) and the dev
split of the real-report set (texts in --texts, checked by SHA-1) are read once with the installed
confidence model (every candidate kept); then, per threshold, the candidates it scores lower are
dropped and the rest matched to the gold events with the shared scorer's rules
(``events.services.training.gold_matches``). Threshold 0 is the extractor with every candidate
emitted. The shipped default is the highest threshold at which no fixture set and not the dev
corpus scores lower than at 0. Load the reference data first.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=Path, default=Path("/work/realreports/texts"))
    parser.add_argument("--step", type=float, default=0.05)
    parser.add_argument("--upto", type=float, default=0.6)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from events.services.extraction import extractor_get
    from events.services.training import evaluate, file_articles, read_gold_files, read_real_reports

    extractor = extractor_get()
    sets = {path.stem: read_gold_files([path]) for path in sorted((ROOT / "tests/fixtures/extraction").glob("*.jsonl"))}
    sets["dev corpus"] = read_gold_files(sorted((ROOT.parent / "shared/corpus/dev").glob("*.json")))
    if args.texts.is_dir():
        sets["real reports (dev)"] = read_real_reports(ROOT / "bench/real_reports/reports.jsonl", args.texts)
    read = {name: file_articles(rows, extractor) for name, rows in sets.items() if rows}
    thresholds = [round(i * args.step, 4) for i in range(int(args.upto / args.step) + 1)]
    print(f"model {extractor.model.version}; strict F1 (P/R) by threshold")
    print(f"{'set':<44} " + " ".join(f"{t:>5.2f}" for t in thresholds))
    for name, articles in read.items():
        cells = []
        for t in thresholds:
            m = evaluate(articles, extractor.model, t)["all"]
            cells.append(f"{m['f1']:.3f}")
        print(f"{name[:40] + f' ({len(articles)})':<44} " + " ".join(f"{c:>5}" for c in cells))
        for t in (0.0, *thresholds[1:]):
            m = evaluate(articles, extractor.model, t)["all"]
            if t == 0.0:
                base = m
            elif m["f1"] < base["f1"] - 1e-9:
                print(f"{'':<44} first lower at {t:.2f}: F1 {m['f1']:.3f} < {base['f1']:.3f}")
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
