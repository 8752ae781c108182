"""The dictionary version: a counter that changes whenever actor, place or crossing names do.

Extractors in every process compare the version they built their automaton from with the
current one and rebuild when it moved, so an alias an editor adds is used by the next article
without a restart. The counter lives in the database (a single row), which every web and worker
process shares, whatever the cache backend.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F


def bump_dictionary_version() -> None:
    from events.models.meta import DictionaryVersion

    def bump() -> None:
        updated = DictionaryVersion.objects.filter(pk=1).update(version=F("version") + 1)
        if not updated:
            DictionaryVersion.objects.get_or_create(pk=1, defaults={"version": 1})

    if connection.in_atomic_block:
        transaction.on_commit(bump)
    else:
        bump()


def current_dictionary_version() -> int:
    from events.models.meta import DictionaryVersion

    return DictionaryVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0
