"""The data version: one row, bumped by triggers on every committed change the read API shows.

Two numbers: ``version`` moves with every change to what any reader sees (editors included:
pending events, their actors and evidence), ``public_version`` only with changes that consumers
can see: the reference tables (actors, aliases, backings, places, crossings and their control),
approved events (an event that is or was approved), the actors, sources, evidence and audit
entries of approved events, and the article fields an event's sources show. So the ingestion
workers, which write pending events all day, leave the consumers' cached pages alone.

``TRACKED`` is frozen here (a test checks it still covers every model the API reads). On
PostgreSQL each tracked table gets a deferred constraint trigger per row: it fires at commit,
bumps the row at most once per transaction and audience (transaction-local settings remember
what it did), and takes the row's lock only for the instant of the commit, so concurrent
writers neither wait on each other for long nor deadlock on it. A TRUNCATE bumps both numbers.
A missing row (a truncated ``events_dataversion``) is created again with a new random epoch. On
SQLite, row triggers bump both numbers at once (SQLite has one writer at a time).
"""

from django.db import migrations, models

# table -> (trigger function and its arguments, the columns whose change counts; None: every
# insert, update and delete)
TRACKED = {
    "actors_actor": ("reference()", None),
    "actors_actoralias": ("reference()", None),
    "actors_actorbacking": ("reference()", None),
    "events_location": ("reference()", None),
    "events_locationalias": ("reference()", None),
    "events_crossing": ("reference()", None),
    "events_crossingalias": ("reference()", None),
    "events_crossingcontrol": ("reference()", None),
    "events_article": ("reference()", ("source", "url", "title", "published")),
    "events_event": ("event()", None),
    "events_eventactor": ("part('event_id')", None),
    "events_eventsource": ("part('event_id')", None),
    "events_eventauditentry": ("part('event_id')", None),
    "events_evidence": ("part('source_id')", None),
}

PG_FUNCTIONS = [
    # The bump: at most once per transaction for each audience.
    """
CREATE OR REPLACE FUNCTION events_data_version_bump(for_readers boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('events.data_version_readers', true), '') = 'on' THEN
    RETURN;
  END IF;
  IF NOT for_readers AND coalesce(current_setting('events.data_version_any', true), '') = 'on' THEN
    RETURN;
  END IF;
  PERFORM set_config('events.data_version_any', 'on', true);
  IF for_readers THEN
    PERFORM set_config('events.data_version_readers', 'on', true);
  END IF;
  INSERT INTO events_dataversion (id, epoch, version, public_version, changed_at)
    VALUES (1, gen_random_uuid()::text, 1, 1, now())
    ON CONFLICT (id) DO UPDATE SET
      version = events_dataversion.version + 1,
      public_version = events_dataversion.public_version + CASE WHEN for_readers THEN 1 ELSE 0 END,
      changed_at = EXCLUDED.changed_at;
END
$$;
""",
    # Reference data and article fields: every reader may see them.
    """
CREATE OR REPLACE FUNCTION events_data_version_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM events_data_version_bump(true);
  RETURN NULL;
END
$$;
""",
    # An event: consumers see it if it is approved or was.
    """
CREATE OR REPLACE FUNCTION events_data_version_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  visible boolean := false;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    IF OLD.review_status = 'approved' THEN
      visible := true;
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF NEW.review_status = 'approved' THEN
      visible := true;
    END IF;
  END IF;
  PERFORM events_data_version_bump(visible);
  RETURN NULL;
END
$$;
""",
    # A part of an event (actor, source, audit entry, quote): visible if its event is approved
    # now, or cannot be found. TG_ARGV[0] names the column that leads to the event: 'event_id',
    # or 'source_id' (a quote, through its source). An update may move a part between events:
    # both count.
    """
CREATE OR REPLACE FUNCTION events_data_version_part() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[] := ARRAY[]::bigint[];
  wanted integer;
  hidden integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    ids := ids || (to_jsonb(OLD) ->> TG_ARGV[0])::bigint;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    ids := ids || (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
  END IF;
  wanted := cardinality(ARRAY(SELECT DISTINCT unnest(ids)));
  IF TG_ARGV[0] = 'source_id' THEN
    SELECT count(*) INTO hidden FROM events_eventsource s JOIN events_event e ON e.id = s.event_id
      WHERE s.id = ANY(ids) AND e.review_status <> 'approved';
  ELSE
    SELECT count(*) INTO hidden FROM events_event e WHERE e.id = ANY(ids) AND e.review_status <> 'approved';
  END IF;
  -- Fewer hidden than asked: one of them is approved, or gone.
  PERFORM events_data_version_bump(hidden < wanted);
  RETURN NULL;
END
$$;
""",
    """
CREATE OR REPLACE FUNCTION events_data_version_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM events_data_version_bump(true);
  RETURN NULL;
END
$$;
""",
]
PG_FUNCTION_NAMES = [
    "events_data_version_reference()",
    "events_data_version_event()",
    "events_data_version_part()",
    "events_data_version_truncate()",
    "events_data_version_bump(boolean)",
]


def _pg_create(table: str, kind: str, columns) -> list[str]:
    function = f"events_data_version_{kind}"
    statements = []
    if columns:
        changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in columns)
        # A WHEN clause cannot read OLD on INSERT or NEW on DELETE: updates get their own trigger.
        statements.append(
            f'CREATE CONSTRAINT TRIGGER events_data_version_upd AFTER UPDATE ON "{table}" '
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {function}"
        )
        statements.append(
            f'CREATE CONSTRAINT TRIGGER events_data_version AFTER DELETE ON "{table}" '
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}"
        )
    else:
        statements.append(
            f'CREATE CONSTRAINT TRIGGER events_data_version AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}"
        )
    statements.append(
        f'CREATE TRIGGER events_data_version_truncate AFTER TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION events_data_version_truncate()"
    )
    return statements


SQLITE_BUMP = (
    "INSERT INTO events_dataversion (id, epoch, version, public_version, changed_at) "
    "VALUES (1, lower(hex(randomblob(16))), 1, 1, CURRENT_TIMESTAMP) "
    "ON CONFLICT(id) DO UPDATE SET version = version + 1, public_version = public_version + 1, "
    "changed_at = CURRENT_TIMESTAMP;"
)


def _sqlite_create(table: str, columns) -> list[str]:
    statements = []
    operations = ["DELETE"] if columns else ["INSERT", "UPDATE", "DELETE"]
    for operation in operations:
        statements.append(
            f'CREATE TRIGGER "events_dv_{table}_{operation.lower()}" AFTER {operation} ON "{table}" '
            f"BEGIN {SQLITE_BUMP} END"
        )
    if columns:
        changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns)
        statements.append(
            f'CREATE TRIGGER "events_dv_{table}_update" AFTER UPDATE ON "{table}" WHEN {changed} '
            f"BEGIN {SQLITE_BUMP} END"
        )
    return statements


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for function in PG_FUNCTIONS:
            schema_editor.execute(function)
        for table, (kind, columns) in TRACKED.items():
            for statement in _pg_create(table, kind, columns):
                schema_editor.execute(statement)
    elif vendor == "sqlite":
        for table, (_, columns) in TRACKED.items():
            for statement in _sqlite_create(table, columns):
                schema_editor.execute(statement)
    # The first version: the reference data and events already here.
    apps.get_model("events", "DataVersion").objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"epoch": _new_epoch(), "version": 1, "public_version": 1}
    )


def _new_epoch() -> str:
    import uuid

    return str(uuid.uuid4())


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TRACKED:
            for name in ("events_data_version", "events_data_version_upd", "events_data_version_truncate"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
        for name in PG_FUNCTION_NAMES:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}")
    elif vendor == "sqlite":
        for table in TRACKED:
            for operation in ("insert", "update", "delete"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "events_dv_{table}_{operation}"')


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0002_protesters_and_rioters"),
        ("events", "0003_event_search_vector"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("epoch", models.CharField(max_length=36)),
                ("version", models.PositiveBigIntegerField(default=0)),
                ("public_version", models.PositiveBigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "constraints": [models.CheckConstraint(condition=models.Q(("pk", 1)), name="data_version_single_row")],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
