"""Run the extraction on a JSON-lines file of articles, without touching the database's data.

    python manage.py extract_events --input articles.jsonl > predictions.jsonl

One output line per input line, in order: ``{"id": ..., "events": [...]}``. A malformed line
gets an error on stderr naming its line number and an output line with ``"error"``; the
other lines are still processed. The exit status is 0 unless the input cannot be read.
"""

from __future__ import annotations

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from events.services.extraction import run_extraction


def _parse_published(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be a YYYY-MM-DD string or null, not {type(value).__name__}")
    return datetime.date.fromisoformat(value[:10])


class Command(BaseCommand):
    help = "Extract events from articles in a JSON-lines file (one article a line); prints JSON lines."
    # Read-only and URL-free: the evaluation contract must not depend on the rest of the project's
    # checks (an unrelated broken URLconf would otherwise stop it), and start-up stays fast.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", required=True, help="JSON-lines file of articles, or - for stdin.")

    def handle(self, *args, **options) -> None:
        path = options["input"]
        try:
            stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        out = self.stdout
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                out.write(json.dumps(self._process(number, line), ensure_ascii=False))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        finally:
            if stream is not sys.stdin:
                stream.close()

    def _process(self, number: int, line: str) -> dict:
        article_id = None
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("the line is not a JSON object")
            article_id = row.get("id")
            text = row.get("text")
            if not isinstance(text, str):
                raise ValueError('"text" must be a string')
            language = row.get("language")
            if language is not None and language not in {"ar", "en"}:
                raise ValueError('"language" must be "ar", "en" or null')
            title = row.get("title") or ""
            if not isinstance(title, str):
                raise ValueError('"title" must be a string or null')
            published = _parse_published(row.get("published"))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            message = f"line {number}: {exc}"
            self.stderr.write(f"extract_events: {message}")
            return {"id": article_id, "events": [], "error": message}
        result = run_extraction(text=text, published=published, language=language, title=title)
        return {"id": article_id, "events": result.contract()}
