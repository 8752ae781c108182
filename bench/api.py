"""Consumers' API benchmark: a million synthetic events, eight representative queries, wrk.

    .venv/bin/python bench/api.py                       # 1,000,000 events (load ~ a few minutes)
    .venv/bin/python bench/api.py --events 50000        # a quick development run
    .venv/bin/python bench/api.py --skip-load           # re-measure the loaded database
    .venv/bin/python bench/api.py --write-doc           # also record the results in docs/benchmarks.md

It (1) recreates the PostgreSQL database ``bench_api``, migrates it and loads the reference data
(``manage.py load_reference_data``: the real actors, places and crossings), (2) generates events
over five years with a realistic skew (most in Deir ez-Zor, along the Euphrates; the actor pairs
that fight there; ~92% approved) and writes them with PostgreSQL COPY (events, actors, articles,
sources, evidence), (3) starts gunicorn, and (4) runs each query with ``wrk`` at 16 connections,
then all eight mixed. It does (3) and (4) twice (``--modes``): with the page cache off, so that
every answer is computed, and on, with a shared Redis, where the repeated URLs are answered from
the cache after their first request. For each query it also captures the SQL the API runs for one
computed answer (the look-ups, the page, the relations) and times that SQL alone through psycopg,
so the ratio API latency / SQL time shows what HTTP, Django and serialization add.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV_BIN = ROOT / ".venv" / "bin"
DATABASE_URL = os.environ.get("BENCH_API_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_api")
# The page cache's Redis in the "cached" runs (a database number of its own, flushed first).
BENCH_REDIS_URL = os.environ.get("BENCH_API_REDIS_URL", "redis://127.0.0.1:6379/7")

QUERIES = [
    ("actor + subgroups", "/api/v1/events/?actor=syrian-government-forces&include_subgroups=true&page_size=50"),
    ("backed by Iran", "/api/v1/events/?backed_by=iran&page_size=50"),
    ("governorate", "/api/v1/events/?location=deir-ez-zor-governorate&page_size=50"),
    ("bbox", "/api/v1/events/?bbox=40.3,34.6,40.8,35.1&page_size=50"),
    ("near 25 km", "/api/v1/events/?near=34.4536,40.9369&radius_km=25&page_size=50"),
    (
        "date range + type",
        "/api/v1/events/?date_after=2023-01-01&date_before=2023-06-30"
        "&event_type=Explosions%2FRemote%20violence&page_size=50",
    ),
    ("q (full text)", "/api/v1/events/?q=%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D8%AF%D9%8A%D9%86&page_size=50"),
    ("stats by month", "/api/v1/stats/events/?group_by=month&backed_by=iran"),
]

# Who fights whom, per event type (slugs of the reference data; missing ones are skipped).
PAIRS = {
    ("Battles", "Armed clash"): [
        ("islamic-state", "sdf", 8),
        ("islamic-state", "syrian-government-forces", 5),
        ("islamic-state", "national-defence-forces", 4),
        ("islamic-state", "fatemiyoun", 2),
        ("islamic-state", "liwa-al-quds", 2),
        ("islamic-state", "4th-division", 2),
        ("tribal-forces", "sdf", 4),
        ("sdf", "iran-backed-militias", 2),
        ("syrian-national-army", "sdf", 3),
        ("hayat-tahrir-al-sham", "syrian-government-forces", 3),
        ("deir-ez-zor-military-council", "islamic-state", 2),
        ("unidentified-armed-group", "sdf", 3),
    ],
    ("Explosions/Remote violence", "Air/drone strike"): [
        ("us-forces", "iran-backed-militias", 3),
        ("israeli-forces", "iran-backed-iraqi-militias", 3),
        ("israeli-forces", "hezbollah", 2),
        ("russian-armed-forces", "islamic-state", 3),
        ("turkish-armed-forces", "sdf", 3),
        ("international-coalition", "islamic-state", 3),
        ("unidentified-armed-group", "kataib-hezbollah", 2),
    ],
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"): [
        ("iran-backed-militias", "us-forces", 2),
        ("syrian-government-forces", "sdf", 2),
        ("sdf", "syrian-government-forces", 2),
        ("turkish-armed-forces", "sdf", 2),
    ],
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"): [
        ("unidentified-armed-group", "sdf", 3),
        ("islamic-state", "syrian-government-forces", 2),
        ("unidentified-armed-group", "civilians", 3),
    ],
    ("Violence against civilians", "Attack"): [
        ("islamic-state", "civilians", 4),
        ("unidentified-armed-group", "civilians", 5),
        ("syrian-government-forces", "civilians", 2),
        ("sdf", "civilians", 1),
    ],
    ("Violence against civilians", "Abduction/forced disappearance"): [
        ("military-security", "civilians", 2),
        ("asayish", "civilians", 2),
        ("air-force-intelligence", "civilians", 1),
    ],
    ("Strategic developments", "Arrests"): [
        ("asayish", "civilians", 3),
        ("sdf", "civilians", 2),
        ("state-security", "civilians", 1),
    ],
    ("Strategic developments", "Headquarters or base established"): [
        ("irgc", None, 2),
        ("iran-backed-militias", None, 3),
        ("russian-military-police", None, 1),
        ("hezbollah", None, 1),
    ],
    ("Protests", "Peaceful protest"): [("civilians", None, 2)],
}
TYPE_WEIGHTS = {
    ("Battles", "Armed clash"): 34,
    ("Explosions/Remote violence", "Air/drone strike"): 12,
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"): 10,
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"): 8,
    ("Violence against civilians", "Attack"): 12,
    ("Violence against civilians", "Abduction/forced disappearance"): 4,
    ("Strategic developments", "Arrests"): 10,
    ("Strategic developments", "Headquarters or base established"): 6,
    ("Protests", "Peaceful protest"): 4,
}
VERBS_AR = {
    "Armed clash": "اشتباكات بين",
    "Air/drone strike": "غارة جوية نفذتها",
    "Shelling/artillery/missile attack": "قصف مدفعي من",
    "Remote explosive/landmine/IED": "انفجار عبوة ناسفة استهدف",
    "Attack": "هجوم مسلح نفذه",
    "Abduction/forced disappearance": "اختطاف نفذته",
    "Arrests": "حملة اعتقالات نفذتها",
    "Headquarters or base established": "إنشاء مقر جديد لـ",
    "Peaceful protest": "وقفة احتجاجية لـ",
}


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env() -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="conflict.settings",
        DEBUG="false",
        THROTTLE_ANON="100000000/minute",
        THROTTLE_USER="100000000/minute",
        LOG_LEVEL="WARNING",
    )
    env.pop("CELERY_BROKER_URL", None)
    return env


# --- loading ----------------------------------------------------------------------------------


def recreate_database(env: dict) -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        # Recommended for the API's database (docs/api.md): the data set lives in memory or on
        # SSD, so random reads cost little more than sequential ones; and JIT compilation
        # (tens of ms) never pays off for queries that read one page.
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
        conn.execute(f'ALTER DATABASE "{name}" SET jit = off')
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "load_reference_data"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(
            f"manage.py load_reference_data failed; the benchmark needs the reference data.\n{result.stderr[-2000:]}"
        )


def _row(model, values: dict, defaults: dict) -> tuple:
    return tuple(values.get(f.attname, defaults.get(f.attname)) for f in model._meta.concrete_fields)


def _defaults(model, now) -> dict:
    from django.db.models import NOT_PROVIDED

    out = {}
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            out[field.attname] = now
        elif field.default is not NOT_PROVIDED:
            out[field.attname] = field.get_default()
        elif field.null:
            out[field.attname] = None
        else:
            out[field.attname] = ""
    return out


def load_events(count: int, seed: int = 5) -> None:
    """Generate ``count`` events with PostgreSQL COPY (ids assigned here, sequences reset after)."""
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from actors.models import Actor
    from events.choices import GEO_PRECISION_FOR_KIND
    from events.models import Article, Crossing, Event, EventActor, EventSource, Evidence, Location

    rng = random.Random(seed)
    now = timezone.now()
    actors = {a.slug: a for a in Actor.objects.all()}
    if not actors:
        sys.exit("No actors: load the reference data first.")
    deir = Location.objects.filter(slug="deir-ez-zor-governorate").first()
    places = [p for p in Location.objects.exclude(latitude__isnull=True).exclude(kind="country")]
    weights = []
    for place in places:
        in_deir = deir is not None and place.path.startswith(deir.path)
        fine = place.kind in ("town", "site", "neighbourhood")
        weights.append((6 if in_deir else 1) * (4 if fine else 1))
    crossings = list(Crossing.objects.exclude(location__isnull=True).select_related("location"))
    types = list(TYPE_WEIGHTS)
    type_weights = [TYPE_WEIGHTS[t] for t in types]
    pairs = {
        key: [(a, b, w) for a, b, w in value if a in actors and (b is None or b in actors)]
        for key, value in PAIRS.items()
    }
    start = dt.date(2020, 1, 1)
    span = (dt.date(2024, 12, 31) - start).days

    event_defaults = _defaults(Event, now)
    ea_defaults = _defaults(EventActor, now)
    article_defaults = _defaults(Article, now)
    source_defaults = _defaults(EventSource, now)
    evidence_defaults = _defaults(Evidence, now)
    tables = [
        (Event, event_defaults),
        (EventActor, ea_defaults),
        (Article, article_defaults),
        (EventSource, source_defaults),
        (Evidence, evidence_defaults),
    ]
    columns = {m: ", ".join(f'"{f.column}"' for f in m._meta.concrete_fields) for m, _ in tables}

    t0 = time.perf_counter()
    with connection.cursor() as django_cursor:
        raw = django_cursor.connection
        with raw.cursor() as cur:
            # A bulk load skips the per-row data-version triggers (a million deferred trigger
            # events held until commit) and bumps the version once below, as a loader should.
            cur.execute("SET session_replication_role = replica")
            # One COPY at a time per connection: rows are buffered, then written table by table.
            buffers = {m: [] for m, _ in tables}
            ea_id = 0
            approved_ids: list[int] = []
            for event_id in range(1, count + 1):
                key = rng.choices(types, type_weights)[0]
                options = pairs.get(key) or [("unidentified-armed-group", "civilians", 1)]
                side_a, side_b, _ = rng.choices(options, [w for _, _, w in options])[0]
                crossing = rng.choice(crossings) if crossings and rng.random() < 0.04 else None
                place = crossing.location if crossing else rng.choices(places, weights)[0]
                day = start + dt.timedelta(days=int(rng.random() ** 0.8 * span))
                undated = rng.random() < 0.01
                precision = rng.choices(["day", "week", "month"], [88, 8, 4])[0]
                killed = None if rng.random() < 0.35 else min(int(rng.expovariate(0.35)), 120)
                status = rng.choices(["approved", "pending", "rejected", "merged"], [92, 5, 2, 1])[0]
                if status == "merged" and not approved_ids:
                    status = "approved"
                summary_ar = rng.random() < 0.7
                a_name = actors[side_a].name_ar if summary_ar else actors[side_a].name_en
                b_name = (actors[side_b].name_ar if summary_ar else actors[side_b].name_en) if side_b else ""
                place_name = (place.name_ar or place.name_en) if summary_ar else place.name_en
                if summary_ar:
                    summary = f"{VERBS_AR[key[1]]} {a_name}{' و' + b_name if b_name else ''} في {place_name}"
                else:
                    summary = f"{key[1]}: {a_name}{' against ' + b_name if b_name else ''} in {place_name}"
                if killed:
                    summary += f" ({killed} قتلى)" if summary_ar else f" ({killed} killed)"
                created = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC) + dt.timedelta(hours=rng.randint(1, 72))
                event = {
                    "id": event_id,
                    "event_type": key[0],
                    "sub_event_type": key[1],
                    "date": None if undated else day,
                    "date_precision": "unknown" if undated else precision,
                    "location_id": place.pk,
                    "geo_precision": GEO_PRECISION_FOR_KIND.get(place.kind, "town"),
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                    "crossing_id": crossing.pk if crossing else None,
                    "killed": killed,
                    "wounded": None if rng.random() < 0.6 else int(rng.expovariate(0.3)),
                    "captured": None,
                    "killed_low": killed,
                    "killed_high": killed,
                    "confidence": round(0.3 + rng.random() * 0.7, 2),
                    "summary": summary,
                    "review_status": status,
                    "merged_into_id": rng.choice(approved_ids[-1000:]) if status == "merged" else None,
                    "source_count": 1,
                    "created_at": created,
                    "updated_at": created + dt.timedelta(days=rng.randint(0, 5)),
                }
                if status == "approved":
                    approved_ids.append(event_id)
                buffers[Event].append(_row(Event, event, event_defaults))
                ea_id += 1
                buffers[EventActor].append(
                    _row(
                        EventActor,
                        {"id": ea_id, "event_id": event_id, "actor_id": actors[side_a].pk, "role": "side_a"},
                        ea_defaults,
                    )
                )
                if side_b:
                    ea_id += 1
                    buffers[EventActor].append(
                        _row(
                            EventActor,
                            {"id": ea_id, "event_id": event_id, "actor_id": actors[side_b].pk, "role": "side_b"},
                            ea_defaults,
                        )
                    )
                quote = f"أفادت مصادر محلية بوقوع {summary}"
                text = f"{quote}. وذكرت المصادر أن التوتر ما يزال سائداً في المنطقة."
                buffers[Article].append(
                    _row(
                        Article,
                        {
                            "id": event_id,
                            "source": rng.choice(
                                ["Deir ez-Zor 24", "Euphrates Post", "SOHR", "Enab Baladi", "Sham FM"]
                            ),
                            "url": f"https://bench.example/{event_id}",
                            "title": summary[:120],
                            "text": text,
                            "language": "ar",
                            "published": created,
                            "content_hash": f"{event_id:064x}",
                            "status": "processed",
                            "processed_at": created,
                        },
                        article_defaults,
                    )
                )
                buffers[EventSource].append(
                    _row(
                        EventSource,
                        {"id": event_id, "event_id": event_id, "article_id": event_id, "killed": killed},
                        source_defaults,
                    )
                )
                buffers[Evidence].append(
                    _row(
                        Evidence,
                        {"id": event_id, "source_id": event_id, "start": 0, "end": len(quote), "text": quote},
                        evidence_defaults,
                    )
                )
                if event_id % 100_000 == 0 or event_id == count:
                    for model, _ in tables:
                        with cur.copy(f"COPY {model._meta.db_table} ({columns[model]}) FROM STDIN") as copy:
                            for row in buffers[model]:
                                copy.write_row(row)
                        buffers[model].clear()
                    log(f"  {event_id:,} events written ({time.perf_counter() - t0:.0f} s)")
            for model, _ in tables:
                table = model._meta.db_table
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            cur.execute("SET session_replication_role = DEFAULT")
            cur.execute(
                "UPDATE events_dataversion SET version = version + 1, public_version = public_version + 1, "
                "changed_at = now() WHERE id = 1"
            )
        raw.commit()
    # The search column, as the services keep it (one statement for the whole load).
    from events.services.search import event_search_refresh_all

    event_search_refresh_all()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    log(f"Loaded {count:,} events in {time.perf_counter() - t0:.0f} s")


# --- measuring --------------------------------------------------------------------------------


def capture_sql() -> dict[str, list[str]]:
    """The SQL statements the API runs for one request of each query (literals inlined)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    captured = {}
    # The SQL of a computed answer (the page cache off).
    override = override_settings(API_PAGE_CACHE_SECONDS=0)
    override.enable()
    for name, url in QUERIES:
        client.get(url)  # warm the dictionaries and the connection
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        captured[name] = [q["sql"] for q in ctx.captured_queries]
    override.disable()
    connection.close()
    return captured


def time_sql(statements: list[str], repeat: int) -> tuple[float, float]:
    import psycopg

    times = []
    with psycopg.connect(DATABASE_URL) as conn:
        for _ in range(repeat + 3):
            t0 = time.perf_counter()
            for sql in statements:
                with conn.cursor() as cur:
                    cur.execute(sql.encode())
                    cur.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
            conn.rollback()
    times = sorted(times[3:])
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


LUA_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"p50\\": %f, \\"p95\\": %f, \\"p99\\": %f, \\"requests\\": %d, "
    .. "\\"duration_us\\": %d, \\"errors\\": %d, \\"non2xx\\": %d}\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


# Every request a URL never asked before: a filter that keeps every event (confidence is at least
# 0.3) with a value made of the wrk thread's number and a counter, so the page cache always misses.
LUA_DISTINCT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
request = function()
  i = i + 1
  local path = paths[(i - 1) % #paths + 1]
  return wrk.format(nil, path .. "&min_confidence=0.0" .. tid .. string.format("%09d", i))
end
"""


def wrk(
    base: str, paths: list[str], *, connections: int, seconds: int, threads: int = 2, distinct: bool = False
) -> dict:
    script = LUA_REPORT
    quoted = ", ".join(json.dumps(p) for p in paths)
    if distinct:
        script = f"paths = {{{quoted}}}\ni = 0\n" + LUA_DISTINCT + script
    elif len(paths) > 1:
        script = (
            f"paths = {{{quoted}}}\ni = 0\n"
            "request = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n" + script
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    url = base + paths[0]
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            handle.name,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(handle.name)
    line = next(ln for ln in out.splitlines() if ln.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def settle(base: str, timeout: float = 120.0) -> None:
    """Wait until the workers have drained what wrk left queued (slow answers still being
    computed when it stopped), so that one run's backlog does not count in the next."""
    import urllib.request

    deadline = time.monotonic() + timeout
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        t0 = time.perf_counter()
        urllib.request.urlopen(f"{base}/health/", timeout=timeout).read()
        quick = quick + 1 if time.perf_counter() - t0 < 0.05 else 0
        time.sleep(0.2)


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "conflict.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not start")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
        cpu = model
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--skip-load", action="store_true", help="Measure the database as it is.")
    parser.add_argument("--load-only", action="store_true", help="Load, then stop (no measurement).")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per query.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--workers",
        type=int,
        default=3,
        help="gunicorn sync worker processes (3, as `make run` and the Docker image: cores + 1 on 2 cores, "
        "where PostgreSQL needs CPU too).",
    )
    parser.add_argument("--sql-repeat", type=int, default=30)
    parser.add_argument(
        "--modes",
        nargs="+",
        choices=["computed", "cached"],
        default=["computed", "cached"],
        help="Measure with the page cache off (every answer computed), on (repeated URLs hit it), or both.",
    )
    parser.add_argument("--write-doc", action="store_true", help="Record the results in docs/benchmarks.md.")
    args = parser.parse_args()

    env = bench_env()
    os.environ.update(env)
    if not args.skip_load:
        log(f"Recreating {DATABASE_URL}, migrating, loading the reference data")
        recreate_database(env)
        log(f"Generating {args.events:,} events")
        load_events(args.events)
        if args.load_only:
            return

    import django

    django.setup()
    from events.models import Event

    total = Event.objects.count()
    approved = Event.objects.filter(review_status="approved").count()
    log(f"Database: {total:,} events ({approved:,} approved)")

    log("Capturing and timing the SQL of each query")
    statements = capture_sql()
    sql_times = {name: time_sql(statements[name], args.sql_repeat) for name, _ in QUERIES}

    load_before = os.getloadavg()[0]
    loads_during: list[float] = []
    runs = {}
    for mode in args.modes:
        mode_env = dict(env)
        if mode == "computed":
            mode_env["API_PAGE_CACHE_SECONDS"] = "0"
        else:
            flush_redis(BENCH_REDIS_URL)
            mode_env.update(REDIS_CACHE_URL=BENCH_REDIS_URL, API_PAGE_CACHE_SECONDS="600")
        log(f"Page cache: {mode}")
        runs[mode] = measure(mode_env, args, sql_times, loads_during)
    load_after = os.getloadavg()[0]
    table = render_table(runs, sql_times, statements)
    header = (
        f"{total:,} events ({approved:,} approved), {args.connections} connections, wrk {args.seconds} s per query "
        f"({args.seconds * 2} s mixed), gunicorn {args.workers} sync workers, PostgreSQL and Redis on the same "
        f"machine; {machine()}; {dt.date.today().isoformat()}. Load average (1 min) {load_before:.1f} before the "
        f"runs, {statistics.mean(loads_during):.1f} on average during them (max {max(loads_during):.1f}) and "
        f"{load_after:.1f} after; the benchmark itself (PostgreSQL, gunicorn, wrk) accounts for about 2-3."
    )
    print()
    print(header)
    print(table)
    if args.write_doc:
        write_doc(header, table)


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def measure(env: dict, args, sql_times: dict, loads_during: list[float]) -> dict:
    """Each query alone (1 client, then ``--connections``), then the mixes, on a fresh gunicorn."""
    port = free_port()
    server = start_server(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        for name, path in QUERIES:
            wrk(base, [path], connections=2, seconds=2)  # warm every worker
            single = wrk(base, [path], connections=1, seconds=max(3, args.seconds // 3), threads=1)
            loaded = wrk(base, [path], connections=args.connections, seconds=args.seconds)
            loads_during.append(os.getloadavg()[0])
            settle(base)
            results[name] = (single, loaded)
            log(
                f"{name:18} p50 {loaded['p50']:7.1f} ms  p95 {loaded['p95']:7.1f}  p99 {loaded['p99']:7.1f}  "
                f"{loaded['rps']:6.1f} req/s  | 1 client p50 {single['p50']:6.1f} ms, SQL {sql_times[name][0]:6.1f} ms"
            )
        mixed = wrk(base, [p for _, p in QUERIES], connections=args.connections, seconds=args.seconds * 2)
        loads_during.append(os.getloadavg()[0])
        settle(base)
        # The seven list queries without the statistics, whose aggregation over hundreds of
        # thousands of events dominates the mix when it is computed.
        mixed_no_q = wrk(
            base,
            [p for n, p in QUERIES if not n.startswith("stats")],
            connections=args.connections,
            seconds=args.seconds,
        )
        log(
            f"{'mixed (all 8)':18} p50 {mixed['p50']:7.1f} ms  p95 {mixed['p95']:7.1f}  "
            f"p99 {mixed['p99']:7.1f}  {mixed['rps']:6.1f} req/s"
        )
        mixed_new = None
        if env.get("API_PAGE_CACHE_SECONDS") != "0":
            # The same list queries with a URL never seen before each time: every answer a miss,
            # computed and stored, which is what the cache costs when it does not help.
            mixed_new = wrk(
                base,
                [p for n, p in QUERIES if not n.startswith("stats")],
                connections=args.connections,
                seconds=args.seconds,
                distinct=True,
            )
            log(
                f"{'all new URLs':18} p50 {mixed_new['p50']:7.1f} ms  p95 {mixed_new['p95']:7.1f}  "
                f"p99 {mixed_new['p99']:7.1f}  {mixed_new['rps']:6.1f} req/s"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return {"results": results, "mixed": mixed, "mixed_no_q": mixed_no_q, "mixed_new": mixed_new}


def render_table(runs: dict, sql_times: dict, statements: dict) -> str:
    lines: list[str] = []
    errors = 0
    for mode, run in runs.items():
        results, mixed, mixed_no_q = run["results"], run["mixed"], run["mixed_no_q"]
        lines += [
            f"**{MODE_TITLES[mode]}**",
            "",
            "| query | p50 ms | p95 ms | p99 ms | req/s | 1 client p50 ms | SQL ms (queries) | API / SQL |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, _path in QUERIES:
            single, loaded = results[name]
            sql = sql_times[name][0]
            ratio = f"{single['p50'] / sql if sql else 0:.1f}x" if mode == "computed" else "(hit)"
            lines.append(
                f"| {name} | {loaded['p50']:.1f} | {loaded['p95']:.1f} | {loaded['p99']:.1f} | {loaded['rps']:.0f} | "
                f"{single['p50']:.1f} | {sql:.1f} ({len(statements[name])}) | {ratio} |"
            )
        lines.append(
            f"| **mixed, all 8** | {mixed['p50']:.1f} | {mixed['p95']:.1f} | {mixed['p99']:.1f} "
            f"| **{mixed['rps']:.0f}** | | | |"
        )
        lines.append(
            f"| mixed, the 7 list queries (no stats) | {mixed_no_q['p50']:.1f} | {mixed_no_q['p95']:.1f} | "
            f"{mixed_no_q['p99']:.1f} | {mixed_no_q['rps']:.0f} | | | |"
        )
        mixed_new = run.get("mixed_new")
        if mixed_new:
            lines.append(
                f"| mixed lists, every URL new (all misses) | {mixed_new['p50']:.1f} | {mixed_new['p95']:.1f} | "
                f"{mixed_new['p99']:.1f} | {mixed_new['rps']:.0f} | | | |"
            )
        lines.append("")
        errors += sum(r[1]["errors"] + r[1]["non2xx"] for r in results.values())
        errors += sum(m["errors"] + m["non2xx"] for m in (mixed, mixed_no_q, mixed_new) if m)
    lines.append(f"Errors and non-2xx answers during the runs: {errors}.")
    lines.append("")
    lines.append("Queries:")
    lines.append("")
    for name, path in QUERIES:
        lines.append(f"- {name}: `{path}`")
    return "\n".join(lines)


MODE_TITLES = {
    "computed": "Every answer computed (page cache off, `API_PAGE_CACHE_SECONDS=0`)",
    "cached": "Page cache on (shared Redis), the same URLs repeated: after the first request of each URL, "
    "every answer is a hit",
}


RESULTS_START = "<!-- bench/api.py: results -->"
RESULTS_END = "<!-- bench/api.py: end of results -->"


def write_doc(header: str, table: str) -> None:
    """Replace the figures between the two markers of the "API" section of docs/benchmarks.md;
    the section's prose (what the figures mean) is written by hand and kept."""
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"{RESULTS_START}\n{header}\n\n{table}\n{RESULTS_END}"
    pattern = re.compile(re.escape(RESULTS_START) + r".*?" + re.escape(RESULTS_END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n## API\n\n" + block + "\n"
    path.write_text(text)
    log(f"Recorded in {path}")


if __name__ == "__main__":
    main()
