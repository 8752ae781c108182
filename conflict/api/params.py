"""Parsing of untrusted parameter values, in one place.

Each parser refuses what would otherwise reach ``int()``, the database or a date library and
fail there with a server error:

- ids: only ASCII digits (``"²".isdigit()`` is true, ``int("²")`` fails), and no larger than a
  PostgreSQL ``bigint``;
- instants: a date or an ISO 8601 datetime, taken as UTC when naive and converted to UTC before
  it goes anywhere (an offset such as ``+20:00`` is valid in RFC 3339 but outside what
  PostgreSQL accepts), and refused when the conversion leaves the calendar (year 1 at +01:00).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.dateparse import parse_date, parse_datetime
from django_filters import rest_framework as filters

MAX_ID = 2**63 - 1  # PostgreSQL bigint; Django's auto fields fit in it


def parse_id(text: str) -> int | None:
    """``text`` as a database id, or None when it is not one (a slug, a Unicode digit, too big)."""
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse_instant(raw: str) -> dt.datetime:
    """A date (midnight UTC) or an ISO 8601 datetime (naive means UTC), as an aware UTC datetime.

    Raises ``ValueError`` with a sentence saying what is wrong.
    """
    raw = raw.strip()
    try:
        parsed = parse_datetime(raw)
        day = None if parsed else parse_date(raw)
    except ValueError:  # well-formed, but no such day or time ("2024-02-30")
        raise ValueError(f"{raw!r} is not a real date or time.") from None
    if parsed is None and day is None:
        raise ValueError(f"{raw!r} is not a date (YYYY-MM-DD) or an ISO 8601 datetime.")
    if parsed is None:
        parsed = dt.datetime.combine(day, dt.time())
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.UTC)
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{raw!r} is outside the supported range of dates.") from None


class InstantField(forms.CharField):
    """A form field for :func:`parse_instant`."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_instant(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class InstantFilter(filters.Filter):
    """``field_name__lookup_expr`` against an instant given as a date or an ISO 8601 datetime."""

    field_class = InstantField


def split_refs(refs) -> tuple[set[int], set[str]]:
    """Ids and slugs among ``refs`` (strings), for one query on each column.

    A value with a NUL byte (which PostgreSQL text cannot hold) is kept as a slug that no row
    has; callers report it as unknown without sending it to the database (see ``safe_slugs``).
    """
    ids: set[int] = set()
    slugs: set[str] = set()
    for ref in refs:
        number = parse_id(ref)
        if number is None:
            slugs.add(ref)
        else:
            ids.add(number)
    return ids, slugs


def safe_slugs(slugs) -> set[str]:
    """The slugs that can be sent to the database."""
    return {slug for slug in slugs if "\x00" not in slug}


def by_ref(queryset, ref: str | int):
    """The row of ``queryset`` with this id or slug, or None."""
    text = str(ref).strip()
    number = parse_id(text)
    if number is not None:
        return queryset.filter(pk=number).first()
    if not text or "\x00" in text:
        return None
    return queryset.filter(slug=text).first()


# Codes of the 400s that a request matching the OpenAPI schema can still get, because the schema
# cannot say it: a value naming something that does not exist (``unknown``); parameters that only
# make sense together (``radius_km`` without ``near``) or in an order (``date_before`` earlier
# than ``date_after``) (``incompatible``); content the service cannot use, such as a text in
# another language, a page with no article text, a URL of a private address or a publication
# date outside the years covered (``unsupported``). Every other 400 is ``invalid``: the request
# does not match the schema.
UNKNOWN = "unknown"
INCOMPATIBLE = "incompatible"
UNSUPPORTED = "unsupported"
SEMANTIC_CODES = frozenset({UNKNOWN, INCOMPATIBLE, UNSUPPORTED})


def semantic_code(codes) -> str:
    """The code of a refusal made of several errors: the first one's when every error is
    semantic (the request matches the schema), else ``invalid``."""
    codes = list(codes)
    return codes[0] if codes and set(codes) <= SEMANTIC_CODES else "invalid"


def filterset_error(filterset, message: str | None = None):
    """The ``ApplicationError`` for an invalid FilterSet: its errors by parameter, and a code that
    tells a malformed request (``invalid``) from a well-formed one refused (see ``SEMANTIC_CODES``)."""
    from conflict.errors import ApplicationError

    data = filterset.form.errors.as_data()
    fields = {name: [message for error in errors for message in error.messages] for name, errors in data.items()}
    codes = [error.code for errors in data.values() for error in errors]
    code = semantic_code(codes)
    if message is None:
        name, problems = next(iter(fields.items()))
        message = f"{name}: {problems[0]}"
    return ApplicationError(message, fields=fields, code=code)
