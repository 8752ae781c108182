"""English evaluation harness on the FA-KES development set (read at run time, never copied).

    DATABASE_URL=sqlite:////tmp/h_score.sqlite3 .venv/bin/python bench/fakes_eval.py [--csv PATH]
        [--limit N] [--dump out.jsonl] [--json]

The database must hold the reference data (``manage.py migrate`` then ``load_reference_data``):
extraction runs through ``events.services.extraction.run_extraction``, as in production.

FA-KES annotates ONE main incident per article (governorate, cause of death, civilian and
non-civilian deaths), so the figures are proxies, not a score:

- events per article (distribution): a wire story about one incident should give one or two;
- governorate: the share of articles with at least one event whose admin1 is the annotated
  ``location``, and the share of all events that lie in it (a precision proxy: background
  sentences about other places and years fall outside it);
- deaths: the share of annotated articles where the largest ``killed`` of the article's events
  equals nb_civilians + nb_noncivilians, and the same for the sum of all events' ``killed``
  (no event or no figure counts as 0);
- types: for each ``cause_of_death``, the share of its articles with at least one event of the
  matching ACLED type, and the sub-types found.

The published date is the row's ``date`` (M/D/YY) when it parses; otherwise none.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CSV = ROOT.parent / "shared" / "english" / "fakes_dev_without_deir_ezzor.csv"

# FA-KES governorate labels -> acceptable admin1 names of the reference data.
GOVERNORATES = {
    "aleppo": {"Aleppo"},
    "damascus": {"Damascus", "Rural Damascus"},
    "idlib": {"Idlib"},
    "raqqa": {"Raqqa"},
    "homs": {"Homs"},
    "hasakeh": {"Al-Hasakah"},
    "hama": {"Hama"},
    "daraa": {"Daraa"},
    "lattakia": {"Latakia"},
    "quneitra": {"Quneitra"},
    "tartous": {"Tartus"},
}
# FA-KES cause of death -> the ACLED event types that report it.
CAUSE_TYPES = {
    "shelling": {"Explosions/Remote violence"},
    "explosion": {"Explosions/Remote violence"},
    "chemical and toxic gases": {"Explosions/Remote violence", "Violence against civilians"},
    "shooting": {"Battles", "Violence against civilians"},
    "execution": {"Violence against civilians"},
}


def parse_date(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value.strip(), "%m/%d/%y").date()
    except ValueError:
        return None


def parse_int(value: str) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def admin1(event: dict) -> str:
    location = event.get("location") or {}
    return location.get("admin1") or (location.get("name") if location.get("geo_precision") == "governorate" else "")


def evaluate(rows: list[dict], dump=None) -> dict:
    from events.services.extraction import run_extraction

    per_article: Counter[int] = Counter()
    counts = []
    gov_hit = gov_n = 0
    events_in_gov = events_total = 0
    max_ok = sum_ok = deaths_n = 0
    cause_hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    cause_subtypes: dict[str, Counter] = defaultdict(Counter)
    started = time.perf_counter()
    for row in rows:
        published = parse_date(row.get("date", ""))
        result = run_extraction(text=row["article_content"], published=published, language="en")
        events = result.contract()
        n = len(events)
        counts.append(n)
        per_article[min(n, 6)] += 1
        wanted = GOVERNORATES.get(row.get("location", "").strip().lower())
        if wanted:
            gov_n += 1
            gov_hit += int(any(admin1(e) in wanted for e in events))
            events_in_gov += sum(1 for e in events if admin1(e) in wanted)
            events_total += n
        civ, non = parse_int(row.get("nb_civilians")), parse_int(row.get("nb_noncivilians"))
        killed = [e["fatalities"]["killed"] or 0 for e in events]
        if civ is not None or non is not None:
            gold = (civ or 0) + (non or 0)
            deaths_n += 1
            max_ok += int(max(killed, default=0) == gold)
            sum_ok += int(sum(killed) == gold)
        cause = row.get("cause_of_death", "").strip().lower()
        if cause:
            cause_hits[cause][1] += 1
            cause_hits[cause][0] += int(any(e["event_type"] in CAUSE_TYPES.get(cause, set()) for e in events))
            for e in events:
                cause_subtypes[cause][e["sub_event_type"]] += 1
        if dump is not None:
            dump.write(
                json.dumps(
                    {
                        "unit_id": row.get("unit_id"),
                        "location": row.get("location"),
                        "cause": cause,
                        "deaths": (civ or 0) + (non or 0) if civ is not None or non is not None else None,
                        "events": [
                            {
                                "type": e["sub_event_type"],
                                "date": e["date"],
                                "place": (e["location"] or {}).get("name"),
                                "admin1": admin1(e),
                                "killed": e["fatalities"]["killed"],
                                "actors": [(a["name"], a["role"]) for a in e["actors"]],
                                "evidence": [x["text"][:200] for x in e["evidence"]],
                            }
                            for e in events
                        ],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    elapsed = time.perf_counter() - started
    return {
        "articles": len(rows),
        "seconds": round(elapsed, 2),
        "events_per_article_mean": round(statistics.mean(counts), 2) if counts else 0.0,
        "events_per_article_median": statistics.median(counts) if counts else 0,
        "events_per_article": {("6+" if k == 6 else str(k)): per_article[k] for k in sorted(per_article)},
        "governorate_hit": round(gov_hit / gov_n, 3) if gov_n else None,
        "events_in_governorate": round(events_in_gov / events_total, 3) if events_total else None,
        "deaths_annotated": deaths_n,
        "deaths_max_exact": round(max_ok / deaths_n, 3) if deaths_n else None,
        "deaths_max_exact_count": max_ok,
        "deaths_sum_exact": round(sum_ok / deaths_n, 3) if deaths_n else None,
        "deaths_sum_exact_count": sum_ok,
        "cause_type_hit": {c: f"{h}/{n}" for c, (h, n) in sorted(cause_hits.items())},
        "cause_subtypes": {c: dict(s.most_common(4)) for c, s in sorted(cause_subtypes.items())},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", default=str(DEFAULT_CSV))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--dump", help="write per-article events (JSON lines) to this file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")
    import django

    django.setup()
    with open(args.csv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if args.limit:
        rows = rows[: args.limit]
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    try:
        result = evaluate(rows, dump)
    finally:
        if dump is not None:
            dump.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"{result['articles']} articles in {result['seconds']} s")
    print(
        f"events per article: mean {result['events_per_article_mean']}, median "
        f"{result['events_per_article_median']}, distribution {result['events_per_article']}"
    )
    print(
        f"governorate: {result['governorate_hit']} of articles have an event in the annotated governorate; "
        f"{result['events_in_governorate']} of events lie in it"
    )
    print(
        f"deaths ({result['deaths_annotated']} annotated): largest killed exact {result['deaths_max_exact']} "
        f"({result['deaths_max_exact_count']}), sum exact {result['deaths_sum_exact']} "
        f"({result['deaths_sum_exact_count']})"
    )
    print("cause of death -> articles with an event of a matching type, sub-types found:")
    for cause, hit in result["cause_type_hit"].items():
        print(f"  {cause}: {hit}  {result['cause_subtypes'].get(cause, {})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
