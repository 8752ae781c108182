"""Checks on every request's query string, before any view, filter or form reads it.

Query parameters are untrusted text that ends up in SQL parameters, forms and log lines. Two
kinds of value are refused here for every endpoint at once, with a 400 in the API's error shape
naming the parameter, instead of each filter having to remember them:

- control characters (C0, DEL): a NUL byte cannot be stored or compared by PostgreSQL (the
  driver raises ``DataError``), and the others are never part of a name, slug, date or number;
- values longer than ``MAX_VALUE_LENGTH`` characters: no parameter of this API needs more.
"""

from __future__ import annotations

import re

from django.http import JsonResponse

from conflict.errors import error_body

MAX_VALUE_LENGTH = 2_000
# C0 controls but tab, line feed and carriage return, and DEL: as a regex character class, which
# the OpenAPI schema also states (``conflict.api.schema``) as every text parameter's pattern.
CONTROL_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def query_problems(query) -> dict[str, list[str]]:
    """What is wrong with a ``QueryDict``'s names and values, by parameter name."""
    problems: dict[str, list[str]] = {}
    for name, values in query.lists():
        label = CONTROL.sub("?", name)[:100]
        if CONTROL.search(name) or len(name) > 100:
            problems.setdefault(label, []).append("The parameter name has control characters or is too long.")
            continue
        for value in values:
            if CONTROL.search(value):
                problems.setdefault(label, []).append("Control characters (such as NUL) are not allowed.")
            elif len(value) > MAX_VALUE_LENGTH:
                problems.setdefault(label, []).append(f"At most {MAX_VALUE_LENGTH} characters.")
    return problems


class QueryStringGuard:
    """Answers 400 for a query string with a control character or an over-long value."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING"):
            problems = query_problems(request.GET)
            if problems:
                name, messages = next(iter(problems.items()))
                body = error_body(400, "invalid", f"{name}: {messages[0]}", problems)
                return JsonResponse(body, status=400)
        return self.get_response(request)
