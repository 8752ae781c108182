"""The API's JSON parser: bounded size, bounded nesting, only text the database can store.

Every JSON body is checked here, once, before a view or a service sees it:

- size: above the view's ``max_body_bytes()`` (or ``ARTICLE_MAX_REQUEST_BYTES``) the answer is
  413; the stream is read only up to the limit, so a body without Content-Length cannot exhaust
  memory;
- encoding: a body that is not UTF-8 is a 400 naming the offset;
- nesting: deeper than ``MAX_DEPTH`` is a 400 (the standard library parser recurses, and a body
  of 100,000 ``[`` would otherwise raise ``RecursionError``);
- strings: a NUL character or a lone surrogate (``"\\ud800"``) is a 400 naming where it is;
  PostgreSQL text cannot hold either, and the driver would fail on them.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = "The request body is too large."


def text_problem(text: str) -> str | None:
    """What PostgreSQL text cannot hold in ``text`` (as "contains ..."), or None."""
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate (invalid Unicode)"
    return None


def json_problem(value: Any, *, strings: bool = True) -> tuple[str, str] | None:
    """The first thing in a parsed JSON value that the API refuses, as (field, sentence).

    The field is the top-level key it is under (``body`` for the body itself or a list); the
    sentence gives the full path, e.g. ``articles[3].text contains a NUL character``.
    """
    stack: list[tuple[Any, str, str, int]] = [(value, "body", "body", 1)]
    while stack:
        item, field, where, depth = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item) if strings else None
            if problem:
                return field, f"{where} {problem}."
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            return field, f"{where} is nested deeper than {MAX_DEPTH} levels."
        if isinstance(item, dict):
            for key, child in item.items():
                problem = text_problem(key) if strings else None
                if problem:
                    return field, f"A key in {where} {problem}."
                path = key if depth == 1 else f"{where}.{key}"
                stack.append((child, key if depth == 1 else field, path[:200], depth + 1))
        else:
            stack.extend((child, field, f"{where}[{index}]", depth + 1) for index, child in enumerate(item))
    return None


class LimitedJSONParser(JSONParser):
    """JSON within the limits above; see the module's docstring."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        view = parser_context.get("view")
        limit = view.max_body_bytes() if view is not None and hasattr(view, "max_body_bytes") else None
        limit = limit or settings.ARTICLE_MAX_REQUEST_BYTES
        request = parser_context.get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isascii() and declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge(f"The request body is {int(declared)} bytes; the limit is {limit}.")
        if stream is None:
            raise exceptions.ParseError("The request body is empty; send a JSON object.")
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestTooLarge(f"The request body is over the limit of {limit} bytes.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise exceptions.ValidationError(
                {"body": [f"The request body is not valid UTF-8 (bad byte at offset {exc.start})."]}
            ) from None
        try:
            data = json.loads(text)
        except RecursionError:
            raise exceptions.ParseError(f"The request body is nested deeper than {MAX_DEPTH} levels.") from None
        except ValueError as exc:
            raise exceptions.ParseError(f"The request body is not valid JSON: {exc}") from None
        # A view that validates the strings of each part on its own (a batch, where one bad item
        # must not sink the others) says so with ``checks_body_strings()``.
        checked_by_view = view is not None and getattr(view, "checks_body_strings", lambda: False)()
        problem = json_problem(data, strings=not checked_by_view)
        if problem:
            field, sentence = problem
            raise exceptions.ValidationError({field: [sentence]})
        return data
