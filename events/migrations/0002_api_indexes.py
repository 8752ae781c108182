"""Indexes for the consumers' API (issue 5), created on PostgreSQL only.

Raw SQL because two are expression indexes whose expression must be byte-for-byte the one
``events.selectors.FoldedTsvector`` generates: ``to_tsvector('simple', folded text)``, where the
folding (hamza forms, alef maqsura, teh marbuta, Persian letters, Arabic-Indic digits, harakat
and tatweel) is a ``translate`` over NFKC-normalised lower-case text. PostgreSQL 15 has no
Arabic text-search configuration; this folded ``simple`` index is our substitute. The fold
strings below are a frozen copy of what ``events.extraction.normalize.search_fold_strings()``
returns from the one folding table, ``LETTER_FOLDS`` (``SEARCH_FOLD_FROM``/``SEARCH_FOLD_TO`` in
``events.selectors``); they stay frozen because the indexes were built with them, and
``tests/extraction/test_folding.py`` checks they still agree. They are outside Django's model state, so ``makemigrations`` does not see them.
"""

from django.db import migrations

FOLD_FROM = (
    "\u0623\u0625\u0622\u0671\u0649\u0629\u0624\u0626\u06a9\u06cc\u06d2\u0660\u0661\u0662\u0663"
    "\u0664\u0665\u0666\u0667\u0668\u0669\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618"
    "\u0619\u061a\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657"
    "\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670\u06d6\u06d7\u06d8\u06d9\u06da\u06db"
    "\u06dc\u06dd\u06de\u06df\u06e0\u06e1\u06e2\u06e3\u06e4\u06e5\u06e6\u06e7\u06e8\u06e9\u06ea"
    "\u06eb\u06ec\u06ed\u0640"
)
FOLD_TO = "\u0627\u0627\u0627\u0627\u064a\u0647\u0648\u064a\u0643\u064a\u064a0123456789"


def folded_tsvector(column: str) -> str:
    return f"to_tsvector('simple'::regconfig, translate(lower(normalize({column}, NFKC)), '{FOLD_FROM}', '{FOLD_TO}'))"


INDEXES = [
    # Serves `q` on summaries: WHERE to_tsvector('simple', folded(summary)) @@ websearch_to_tsquery(...).
    ("event_summary_fts_idx", f"events_event USING gin ({folded_tsvector('summary')})"),
    # Serves `q` on evidence quotes: the same match on events_evidence.text, joined to the event.
    ("evidence_text_fts_idx", f"events_evidence USING gin ({folded_tsvector('text')})"),
    # Serves `ordering=-killed` / `killed` on approved events: the non-null segment of the
    # keyset cursor, ORDER BY killed DESC, id DESC (and the reverse scan for ascending).
    ("event_status_killed_idx", "events_event (review_status, killed DESC, id DESC)"),
    # Serves incremental sync: review_status = 'approved' AND updated_at >= since
    # ORDER BY updated_at, id (ordering=updated), and the tombstone feed by updated_at.
    ("event_status_updated_idx", "events_event (review_status, updated_at, id)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, target in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
