"""Benchmark of the extractor alone (no database, no Django): speed, latency and memory.

    python bench/extraction.py [--articles 1200] [--aliases 50000]
    python bench/extraction.py --compare /tmp/old-tree [--rounds 3]

Builds the dictionary from the project's reference data (actors, places, crossings JSON), a
corpus of at least 1,000 articles of 3-5 KB by recombining the paragraphs of the development
articles (../shared/corpus/dev) and of the project's own test fixtures, and extracts them one by
one on one core. Prints articles per second (wall and CPU time), mean and p99 milliseconds per
article, peak memory of the extraction (tracemalloc) and the process's peak RSS, then the time to
build a dictionary of 50,000 synthetic aliases.

With ``--compare DIR`` (a tree of another version holding ``events/extraction``, for example
``git archive <commit> events actors/reference tests/fixtures | tar -x -C DIR``) the same corpus
is measured for both trees in alternated child processes (``--rounds`` of each), so that both
see the same machine load; the extractor of each child is imported from its tree.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tree_from_argv() -> Path:
    """The tree whose extractor this process measures (``--tree``), imported before the rest."""
    if "--tree" in sys.argv:
        return Path(sys.argv[sys.argv.index("--tree") + 1]).resolve()
    return ROOT


sys.path.insert(0, str(_tree_from_argv()))

from events.extraction.dictionary import ACTOR, CROSSING, LOCATION, Dictionary, Entity  # noqa: E402
from events.extraction.language import arabic_ratio  # noqa: E402
from events.extraction.pipeline import EXTRACTOR_VERSION, Extractor  # noqa: E402


def reference_entities() -> list[Entity]:
    """The shipped reference data as extractor entities (what the service builds from the DB)."""
    actors = json.loads((ROOT / "actors/reference/data/actors.json").read_text())["actors"]
    entities = []
    for i, a in enumerate(actors):
        aliases = tuple(a.get("aliases", []) + a.get("abbreviations", []) + a.get("descriptions", []))
        meta = {
            "actor_kind": a["kind"],
            "parent": a.get("parent"),
            "backers": tuple(b["backer"] for b in a.get("backers", [])),
        }
        entities.append(Entity(ACTOR, a["slug"], a["name_en"], a.get("name_ar", ""), aliases, i, meta))
    places = []
    for name in ("admin", "places"):
        path = ROOT / f"events/reference/data/{name}.json"
        if path.exists():
            places += json.loads(path.read_text())["locations"]
    by_slug = {p["slug"]: p for p in places}
    for i, p in enumerate(places):
        chain, parent = [], p.get("parent")
        while parent in by_slug and parent not in chain:
            chain.append(parent)
            parent = by_slug[parent].get("parent")

        def admin(kind, chain=chain, p=p):
            return next((by_slug[s]["name_en"] for s in [p["slug"], *chain] if by_slug[s]["kind"] == kind), "")

        meta = {
            "location_kind": p["kind"],
            "latitude": p.get("latitude"),
            "longitude": p.get("longitude"),
            "admin1": admin("governorate"),
            "admin2": admin("district"),
            "ancestors": tuple(chain),
        }
        entities.append(
            Entity(
                LOCATION, p["slug"], p["name_en"], p.get("name_ar", ""), tuple(p.get("aliases", [])), 10_000 + i, meta
            )
        )
    crossings_path = ROOT / "events/reference/data/crossings.json"
    if crossings_path.exists():
        for i, c in enumerate(json.loads(crossings_path.read_text())["crossings"]):
            meta = {"crossing_kind": c["kind"], "location": c.get("location")}
            entities.append(
                Entity(
                    CROSSING,
                    c["slug"],
                    c["name_en"],
                    c.get("name_ar", ""),
                    tuple(c.get("aliases", [])),
                    20_000 + i,
                    meta,
                )
            )
    return entities


def corpus(size: int, seed: int = 7) -> list[tuple[str, datetime.date | None]]:
    """``size`` articles of 3-5 KB (UTF-8) made of shuffled paragraphs of real-shaped reports:
    four in five Arabic (paragraphs of the development articles and the Arabic fixtures), one in
    five English (the English fixtures), each article in one language as real ones are."""
    paragraphs: dict[bool, list[str]] = {True: [], False: []}
    texts = [
        json.loads(path.read_text())["text"] for path in sorted((ROOT.parent / "shared/corpus/dev").glob("*.json"))
    ]
    fixtures = ROOT / "tests/fixtures/extraction/general_reports.jsonl"
    texts += [json.loads(line)["text"] for line in fixtures.read_text().splitlines() if line.strip()]
    for text in texts:
        for paragraph in text.split("\n"):
            if len(paragraph) > 40:
                paragraphs[arabic_ratio(paragraph) >= 0.5].append(paragraph)
    rng = random.Random(seed)
    articles = []
    for i in range(size):
        pool = paragraphs[i % 5 != 4]
        target = rng.randint(3000, 5000)
        parts, length = [], 0
        while length < target:
            paragraph = rng.choice(pool)
            parts.append(paragraph)
            length += len(paragraph.encode()) + 1
        text = "\n".join(parts).encode()[:5000].decode(errors="ignore")
        published = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 1500))
        articles.append((text, published))
    return articles


def synthetic_entities(aliases: int) -> list[Entity]:
    """Places with ``aliases`` made-up Arabic and Latin names (five per place)."""
    rng = random.Random(3)
    letters_ar = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    letters_en = "abcdefghijklmnopqrstuvwxyz"
    entities = []
    for i in range(aliases // 5):
        names = []
        for j in range(5):
            letters = letters_ar if j % 2 == 0 else letters_en
            words = rng.randint(1, 3)
            names.append(" ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 8))) for _ in range(words)))
        meta = {"location_kind": "town", "latitude": 35.0, "longitude": 40.0}
        entities.append(Entity(LOCATION, f"place-{i}", names[1], names[0], tuple(names[2:]), i, meta))
    return entities


def measure(articles: list[tuple[str, datetime.date | None]]) -> dict:
    """Extract ``articles`` one by one on this core: throughput, latency and memory."""
    started = time.perf_counter()
    dictionary = Dictionary(reference_entities())
    build_ms = (time.perf_counter() - started) * 1000
    extractor = Extractor(dictionary)
    for text, published in articles[:20]:  # warm up caches and lazy imports
        extractor.extract(text, published=published)
    gc.collect()
    latencies = []
    events = 0
    wall = time.perf_counter()
    cpu = time.process_time()
    for text, published in articles:
        t0 = time.perf_counter()
        events += len(extractor.extract(text, published=published).events)
        latencies.append((time.perf_counter() - t0) * 1000)
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    tracemalloc.start()
    for text, published in articles[:200]:
        extractor.extract(text, published=published)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    latencies.sort()
    return {
        "version": EXTRACTOR_VERSION,
        "keys": dictionary.alias_count,
        "build_ms": build_ms,
        "events": events,
        "wall_rate": len(articles) / wall,
        "cpu_rate": len(articles) / cpu,
        "mean_ms": statistics.mean(latencies),
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "peak_mb": peak / 1e6,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def report(result: dict, articles: list[tuple[str, datetime.date | None]]) -> None:
    sizes = [len(text.encode()) for text, _ in articles]
    print(
        f"extractor {result['version']}; reference dictionary: {result['keys']} keys, "
        f"built in {result['build_ms']:.0f} ms"
    )
    print(
        f"corpus: {len(articles)} articles, {min(sizes)}-{max(sizes)} bytes (mean {statistics.mean(sizes):.0f}); "
        f"{result['events']} events extracted"
    )
    print(f"throughput: {result['wall_rate']:.0f} articles/s wall, {result['cpu_rate']:.0f} articles/s CPU (one core)")
    print(f"latency: mean {result['mean_ms']:.2f} ms, p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms")
    print(
        f"memory: extraction peak {result['peak_mb']:.2f} MB (tracemalloc), process peak RSS {result['rss_mb']:.0f} MB"
    )


def compare(args, articles: list[tuple[str, datetime.date | None]]) -> int:
    """Measure this tree and ``args.compare`` on the same corpus, alternated, in child processes."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump([[text, published.isoformat() if published else None] for text, published in articles], f)
        corpus_path = f.name
    trees = {"this tree": ROOT, "compared tree": Path(args.compare).resolve()}
    results: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            out = subprocess.run(
                [sys.executable, __file__, "--tree", str(tree), "--corpus", corpus_path, "--json"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[name].append(json.loads(out))
    Path(corpus_path).unlink()
    for name, runs in results.items():
        print(f"{name} (extractor {runs[0]['version']}), {len(runs)} runs on {len(articles)} articles:")
        for key, label in (("wall_rate", "articles/s wall"), ("cpu_rate", "articles/s CPU"), ("p99_ms", "p99 ms")):
            values = sorted(r[key] for r in runs)
            print(f"  {label}: {values[0]:.1f}-{values[-1]:.1f}")
        print(
            f"  mean ms {min(r['mean_ms'] for r in runs):.2f}-{max(r['mean_ms'] for r in runs):.2f}; "
            f"peak {max(r['peak_mb'] for r in runs):.2f} MB, RSS {max(r['rss_mb'] for r in runs):.0f} MB; "
            f"events {runs[0]['events']}"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1200)
    parser.add_argument("--aliases", type=int, default=50_000)
    parser.add_argument("--compare", help="another tree to measure on the same corpus, alternated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.corpus:
        rows = json.loads(Path(args.corpus).read_text())
        articles = [(text, datetime.date.fromisoformat(d) if d else None) for text, d in rows]
    else:
        articles = corpus(args.articles)
    if args.compare:
        return compare(args, articles)
    result = measure(articles)
    if args.json:
        print(json.dumps(result))
        return 0
    report(result, articles)

    synthetic = synthetic_entities(args.aliases)
    gc.collect()
    started = time.perf_counter()
    big = Dictionary(synthetic)
    big_ms = (time.perf_counter() - started) * 1000
    print(f"dictionary build: {big.alias_count} synthetic aliases ({len(synthetic)} places) in {big_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
