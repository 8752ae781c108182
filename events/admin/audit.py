"""The audit trail as an editor reads it: names instead of ids, one row per field.

Audit entries store ids and slugs (they must survive renames), and django-simple-history diffs
hold raw foreign-key values. ``AuditReader`` turns both into (field, before, after) rows of
plain text: actors by name and role, places, crossings and users by name, events as "event N".
Lookups are cached per page, so a trail of many entries costs one query per distinct row shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist

from actors.models import Actor
from events.choices import ActorRole, ReviewStatus
from events.models import Crossing, Event, Location

EMPTY = "–"

# What an id under each key of an entry's ``changes`` (or a history field) points at.
_REFERENCES = {
    "location": "location",
    "location_id": "location",
    "crossing": "crossing",
    "crossing_id": "crossing",
    "reviewed_by": "user",
    "reviewed_by_id": "user",
    "merged_into": "event",
    "merged_into_id": "event",
    "split_from": "event",
    "new_event": "event",
    "absorbed": "event",
    "added_actor_ids": "actor",
    "removed_actor_ids": "actor",
    "sources": "article",
    "sources_added": "article",
    "sources_moved": "article",
}
_CHOICES = {"review_status": ReviewStatus, "role": ActorRole}
# Keys whose value is a list of items, not a [before, after] pair.
_LISTS = {"absorbed", "sources", "sources_added", "sources_moved", "added_actor_ids", "removed_actor_ids"}
_LABELS = {
    "source": "reported",
    "figures": "figures",
    "added_actor_ids": "actors added",
    "removed_actor_ids": "actors removed",
    "sources_moved": "sources moved",
    "sources_added": "sources added",
    "absorbed": "absorbed events",
    "new_event": "new event",
    "split_from": "split from",
}


class AuditReader:
    """Renders audit ``changes`` and history diffs for one page, with a cache of names."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, Any], str] = {}

    # --- names ------------------------------------------------------------------------------

    def name(self, kind: str, ref: Any) -> str:
        if ref is None or ref == "":
            return EMPTY
        if isinstance(ref, dict) and "name" in ref:  # a row stored as {"id", "name"}
            return str(ref["name"])
        key = (kind, ref)
        if key not in self._names:
            self._names[key] = self._look_up(kind, ref)
        return self._names[key]

    def _look_up(self, kind: str, ref: Any) -> str:
        if kind in ("event", "article"):
            return f"{kind} {ref}"
        if kind == "user":
            user = get_user_model().objects.filter(pk=ref).first()
            return user.get_username() if user else f"user {ref} (deleted)"
        model = {"actor": Actor, "location": Location, "crossing": Crossing}[kind]
        lookup = {"slug": ref} if isinstance(ref, str) and not ref.isdigit() else {"pk": ref}
        row = model.objects.filter(**lookup).only("name_en").first()
        return row.name_en if row else f"{kind} {ref} (deleted)"

    def actors(self, rows: list) -> str:
        """``[[actor id or slug, role], ...]`` as "Name (Side A); Name (Side B)"."""
        shown = [f"{self.name('actor', ref)} ({self.choice('role', role)})" for ref, role in rows]
        return "; ".join(shown) or EMPTY

    @staticmethod
    def choice(key: str, value: Any) -> str:
        choices = _CHOICES[key]
        return str(choices(value).label) if value in choices.values else str(value)

    # --- values and rows --------------------------------------------------------------------

    def value(self, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return EMPTY
        if key == "actors" and isinstance(value, list):
            return self.actors(value)
        if key in _CHOICES:
            return self.choice(key, value)
        kind = _REFERENCES.get(key)
        if isinstance(value, list):
            return ", ".join(self.name(kind, item) if kind else self.value(key, item) for item in value)
        if kind:
            return self.name(kind, value)
        if isinstance(value, dict):
            return str(value["name"]) if "name" in value else ", ".join(f"{k}: {v}" for k, v in value.items())
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def change_rows(self, changes: dict | None) -> list[tuple[str, str, str | None]]:
        """An entry's ``changes`` as (field, before, after) rows; after is None for a value
        that is not a change (a source's report, the ids of the events absorbed)."""
        rows: list[tuple[str, str, str | None]] = []
        for key, value in (changes or {}).items():
            if key == "source" and isinstance(value, dict):
                # The figures and actors one source reported, field by field.
                rows += [(f"reported {label(k)}", self.value(k, v), None) for k, v in value.items() if v is not None]
            elif key == "figures" and isinstance(value, dict):
                rows += [(label(k), *self.pair(k, v)) for k, v in value.items()]
            elif isinstance(value, list) and len(value) == 2 and key not in _LISTS:
                rows.append((label(key), *self.pair(key, value)))
            else:
                rows.append((label(key), self.value(key, value), None))
        return rows

    def pair(self, key: str, value: Any) -> tuple[str, str | None]:
        if isinstance(value, list) and len(value) == 2:
            return self.value(key, value[0]), self.value(key, value[1])
        return self.value(key, value), None

    def history_rows(self, records: list) -> list[dict]:
        """Each django-simple-history version with the fields that changed from the one
        before it, foreign keys by name (``reviewed_by: – → nour``, not ``– → 1``)."""
        rows = []
        for newer, older in zip(records, [*records[1:], None], strict=True):
            changed = []
            if older is not None:
                for change in newer.diff_against(older).changes:
                    changed.append(
                        (
                            label(change.field),
                            self.value(change.field, change.old),
                            self.value(change.field, change.new),
                        )
                    )
            rows.append({"record": newer, "changes": changed})
        return rows


def label(key: str) -> str:
    if key in _LABELS:
        return _LABELS[key]
    name = key.removesuffix("_id")
    try:
        return str(Event._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
