"""End-to-end ingestion benchmark: POST N articles through the API, wait until all are processed.

    .venv/bin/python bench/ingestion.py                 # 2,000 articles, starts its own stack
    .venv/bin/python bench/ingestion.py --n 300         # a quick run
    .venv/bin/python bench/ingestion.py --url http://127.0.0.1:8000 --token KEY   # a running server

Without ``--url`` it creates a fresh PostgreSQL database (``ing_bench``), migrates it, loads the
reference data, flushes Redis database 6, and starts gunicorn (2 processes) and one Celery
worker (prefork, 2 processes), as ``make run`` + ``make worker`` would. Articles go in batches of
``--batch-size`` over ``--clients`` parallel connections. Latency is measured from the moment
the POST that carried an article returned to the article's ``processed_at`` (same machine, same
clock), read from the database; "lost" counts accepted articles that never reached a final state.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV_BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*command: str, env: dict) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare_database(database_url: str, env: dict) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    run(str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", env=env)
    for command in ("load_reference_data", "ensure_roles"):
        run(str(VENV_BIN / "python"), "manage.py", command, env=env)


def start_stack(env: dict, port: int, logs: Path, concurrency: int = 2) -> list[subprocess.Popen]:
    logs.mkdir(parents=True, exist_ok=True)
    web = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "conflict.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=open(logs / "web.log", "wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "conflict", "worker", "--pool", "prefork", "-c", str(concurrency),
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "-n", "bench@%h"],
        cwd=ROOT, env=env, stdout=open(logs / "worker.log", "wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/health/", timeout=2).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline or web.poll() is not None:
            raise SystemExit(f"gunicorn did not start; see {logs / 'web.log'}")
        time.sleep(0.3)
    return [web, worker]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields from 3 (state) on


def process_cpu(match) -> dict[int, float]:
    """CPU seconds (user + system) of every live process for which ``match(pid, ppid, cmdline)``."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        fields = _stat(pid)
        if fields is None:
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if match(pid, int(fields[1]), cmdline):
            found[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


def stack_cpu(processes: list[subprocess.Popen], database: str) -> dict[str, dict[int, float]]:
    """CPU used so far by the web and worker process trees and the database's backends."""
    roots = {p.pid: name for p, name in zip(processes, ("web", "worker"), strict=False)}
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = int(fields[1])

    def tree(root: int):
        return lambda pid, ppid, cmd: pid == root or parents.get(pid) == root

    usage = {name: process_cpu(tree(pid)) for pid, name in roots.items()}
    usage["postgres"] = process_cpu(lambda pid, ppid, cmd: cmd.startswith("postgres:") and f" {database} " in cmd)
    usage["redis"] = process_cpu(lambda pid, ppid, cmd: "redis-server" in cmd)
    return usage


def setup_django(env: dict) -> None:
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "CELERY_BROKER_URL")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")
    import django

    django.setup()


def bench_token() -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    user, _ = get_user_model().objects.get_or_create(username="bench-submitter")
    user.groups.add(Group.objects.get_or_create(name="submitter")[0])
    return Token.objects.get_or_create(user=user)[0].key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="Articles to send (default 2000).")
    parser.add_argument("--url", help="A running server; default: start gunicorn and a worker here.")
    parser.add_argument("--token", help="A submitter's API token (with --url; else one is created).")
    parser.add_argument("--batch-size", type=int, default=100, help="Articles per POST (at most 500).")
    parser.add_argument("--clients", type=int, default=2, help="Parallel POST connections.")
    parser.add_argument("--worker-processes", type=int, default=2, help="Celery worker processes (default 2).")
    parser.add_argument("--timeout", type=float, default=600, help="Seconds to wait for processing.")
    parser.add_argument("--seed", type=int, default=None, help="Seed for the report texts (default: time).")
    parser.add_argument("--days", type=int, default=365, help="Spread of publication dates (fewer: more merges).")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ing_bench"),
        help="The database to create (own stack) or to read processing times from (--url).",
    )
    parser.add_argument("--broker-url", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/6"))
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "CELERY_BROKER_URL": args.broker_url,
        "LOG_LEVEL": "WARNING",
        "THROTTLE_USER": "100000/minute",
    }
    processes: list[subprocess.Popen] = []
    if args.url:
        base = args.url.rstrip("/")
        setup_django(env)
    else:
        import redis

        print("Preparing a fresh database and Redis db…", flush=True)
        prepare_database(args.database_url, env)
        redis.Redis.from_url(args.broker_url).flushdb()
        port = free_port()
        processes = start_stack(env, port, ROOT / "var" / "bench-ingestion", args.worker_processes)
        base = f"http://127.0.0.1:{port}"
        setup_django(env)
    try:
        measure(args, base, args.token or bench_token(), processes)
    finally:
        stop(processes)


def measure(args, base: str, token: str, processes: list[subprocess.Popen]) -> None:
    from django.db.models import Count

    from events.models import Article, Event, Location
    from tests.ingestion.reports import reports

    seed = args.seed if args.seed is not None else int(time.time())
    # Towns of Deir ez-Zor from the gazetteer, reports spread over a year: a few outlets report
    # the same clash (merges), most reports are of distinct events, as on a real front.
    towns = list(
        Location.objects.filter(kind="town", admin1__slug="deir-ez-zor-governorate")
        .exclude(name_ar="")
        .values_list("name_ar", "name_en")
    )
    items = reports(
        args.n,
        seed=seed,
        days=args.days,
        places_ar=[ar for ar, _ in towns] or None,
        places_en=[en for _, en in towns] or None,
    )
    for i, item in enumerate(items):
        item["text"] += f" [{seed}-{i}]"  # unique across runs against the same database
    batches = [items[i : i + args.batch_size] for i in range(0, len(items), args.batch_size)]
    posted_at: dict[int, float] = {}
    rejected = 0
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"

    def send(batch: list[dict]) -> tuple[float, dict]:
        response = session.post(f"{base}/api/v1/articles/batch/", json={"articles": batch}, timeout=120)
        response.raise_for_status()
        return time.time(), response.json()

    print(f"Posting {args.n} articles in {len(batches)} batches over {args.clients} connections…", flush=True)
    database = urlsplit(args.database_url).path.lstrip("/")
    cpu_before = stack_cpu(processes, database) if processes else None
    started = time.time()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        for returned_at, body in pool.map(send, batches):
            for result in body["results"]:
                if "id" in result:
                    posted_at[result["id"]] = returned_at
                else:
                    rejected += 1
    post_seconds = time.time() - started
    print(f"  accepted {len(posted_at)} in {post_seconds:.1f} s ({len(posted_at) / post_seconds:.0f}/s)", flush=True)

    ids = list(posted_at)
    deadline = time.time() + args.timeout
    while time.time() < deadline:
        pending = Article.objects.filter(pk__in=ids, status__in=["queued", "processing"]).count()
        if pending == 0:
            break
        time.sleep(0.5)
    cpu_after = stack_cpu(processes, database) if processes else None
    rows = list(Article.objects.filter(pk__in=ids).values_list("pk", "status", "processed_at", "processing_ms"))
    done = [(pk, at, ms) for pk, status, at, ms in rows if status == "processed"]
    failed = sum(1 for _, status, _, _ in rows if status == "failed")
    lost = len(ids) - len(done) - failed
    latencies = sorted(max(0.0, at.timestamp() - posted_at[pk]) for pk, at, _ in done)
    finished = max((at.timestamp() for _, at, _ in done), default=started)
    elapsed = finished - started
    quantile = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else latencies * 99
    task_ms = sorted(ms for _, _, ms in done if ms is not None)
    events = Event.objects.filter(sources__article_id__in=ids).distinct().count()
    multi = (
        Event.objects.filter(sources__article_id__in=ids)
        .annotate(n=Count("sources"))
        .filter(n__gt=1)
        .distinct()
        .count()
    )
    print()
    print(f"machine      {platform.node()} · {os.cpu_count()} cores · {platform.processor() or platform.machine()}")
    print(f"date         {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"articles     {args.n} sent, {len(ids)} accepted, {rejected} rejected")
    print(f"processed    {len(done)}   failed {failed}   lost {lost}")
    print(f"end to end   {elapsed:.1f} s  ->  {len(done) / elapsed if elapsed else 0:.1f} articles/s")
    if latencies:
        print(f"POST->processed  p50 {quantile[49]:.2f} s   p99 {quantile[98]:.2f} s   max {latencies[-1]:.2f} s")
    if task_ms:
        print(f"task time    median {statistics.median(task_ms):.0f} ms (claim to commit, per article)")
    print(f"events       {events} ({multi} with more than one source)")
    if cpu_before is not None and done:
        spent = {
            name: sum(cpu_after[name].values())
            - sum(v for pid, v in cpu_before[name].items() if pid in cpu_after[name])
            for name in cpu_after
        }
        total = sum(spent.values())
        parts = "   ".join(f"{name} {seconds * 1000 / len(done):.1f}" for name, seconds in spent.items())
        print(f"CPU per article (ms)  {parts}   total {total * 1000 / len(done):.1f}")
        cores = os.cpu_count() or 1
        print(
            f"CPU used {total:.1f} s of {elapsed * cores:.1f} available; on {cores} otherwise idle cores "
            f"this stack would do ~{len(done) / total * cores:.0f} articles/s"
        )
    if lost:
        raise SystemExit(f"{lost} article(s) were lost")


if __name__ == "__main__":
    main()
