"""The stored full-text search column of events (``Event.search_vector``), PostgreSQL only.

Adds the nullable column (on every database; unused on SQLite), then on PostgreSQL fills it
for the existing events and creates its GIN index. The fill is a frozen copy of
``events.services.search.REFRESH_ALL_SQL`` with the fold strings of ``0002_api_indexes``
(a test checks that they still agree with ``events.selectors``). Filling a million events
takes a minute or two.
"""

from importlib import import_module

import django.contrib.postgres.search
from django.db import migrations

_fold = import_module("events.migrations.0002_api_indexes")
FOLD_FROM, FOLD_TO = _fold.FOLD_FROM, _fold.FOLD_TO

FILL = (
    "UPDATE events_event e SET search_vector = to_tsvector('simple'::regconfig, translate(lower(normalize("
    "e.summary || ' ' || coalesce(("
    "SELECT string_agg(v.text, ' ' ORDER BY v.source_id, v.start, v.id) "
    "FROM events_evidence v JOIN events_eventsource s ON s.id = v.source_id WHERE s.event_id = e.id"
    "), ''), NFKC)), %s, %s))"
)
# Serves `q`: WHERE search_vector @@ websearch_to_tsquery('simple', folded query), for words
# rare enough that reading their matches and sorting them beats walking the newest events.
INDEX = "CREATE INDEX IF NOT EXISTS event_search_vector_idx ON events_event USING gin (search_vector)"


def fill_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FILL, [FOLD_FROM, FOLD_TO])
    schema_editor.execute(INDEX)
    schema_editor.execute("ANALYZE events_event")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS event_search_vector_idx")


class Migration(migrations.Migration):
    dependencies = [("events", "0002_api_indexes")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_and_index, drop_index, elidable=False),
    ]
