"""Golden outputs of the extractor, for refactorings that must not change what it extracts.

    python bench/extraction_golden.py write DIR     # every scored text's events, one file a set
    python bench/extraction_golden.py compare OLD NEW

``write`` runs ``run_extraction`` (the database dictionaries: load the reference data first) over
the development corpus (../shared/corpus/dev), every fixture set of tests/fixtures/extraction and
the English FA-KES rows (../shared/english; read at run time, never stored in the project),
and writes one JSON-lines file per set to DIR (``{"id", "language", "events"}``, keys sorted).
``compare`` names the sets whose outputs differ and how many lines differ; database ids are left
out of the comparison (a rebuilt database numbers its rows anew). Needs DATABASE_URL.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def text_sets() -> dict[str, list[dict]]:
    """Every set of texts the extractor is scored or checked on, by name."""
    sets = {"dev": [json.loads(p.read_text()) for p in sorted((SHARED / "corpus/dev").glob("*.json"))]}
    for path in sorted((ROOT / "tests/fixtures/extraction").glob("*.jsonl")):
        sets[path.stem] = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    fakes = SHARED / "english/fakes_dev_without_deir_ezzor.csv"
    if fakes.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        from fakes_eval import parse_date

        csv.field_size_limit(10**8)
        with fakes.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        sets["fakes"] = [
            {
                "id": r["unit_id"],
                "text": r["article_content"],
                "published": parse_date(r.get("date", "")),
                "language": "en",
            }
            for r in rows
        ]
    return sets


def write(directory: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from events.services.extraction import extractor_reset, run_extraction

    extractor_reset()
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in text_sets().items():
        with (directory / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for row in rows:
                published = row.get("published")
                published = published if isinstance(published, datetime.date) else _date(published)
                result = run_extraction(
                    text=row["text"], published=published, language=row.get("language"), title=row.get("title") or ""
                )
                line = {"id": row["id"], "language": result.language, "events": result.contract()}
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True, default=str) + "\n")
        print(f"{name}: {len(rows)} texts")


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def compare(old: Path, new: Path) -> int:
    differing = 0
    for path in sorted(old.glob("*.jsonl")):
        other = new / path.name
        if not other.exists():
            print(f"{path.stem}: missing in {new}")
            differing += 1
            continue
        a = [_without_ids(json.loads(line)) for line in path.read_text().splitlines()]
        b = [_without_ids(json.loads(line)) for line in other.read_text().splitlines()]
        changed = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
        print(f"{path.stem}: {'same' if not changed else f'{changed} of {len(a)} texts differ'}")
        differing += bool(changed)
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("write").add_argument("directory", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("old", type=Path)
    cmp.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        write(args.directory)
        return 0
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
