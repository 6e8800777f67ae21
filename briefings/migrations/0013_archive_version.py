"""The archive's version number, raised by PostgreSQL on every write to the archive.

A statement trigger (AFTER INSERT, UPDATE, DELETE or TRUNCATE, once per statement
whatever its number of rows) on every `briefings_` table but the version's own moves the
single row of briefings_archiveversion to the next value of a sequence. The row is
written in the writer's transaction, so the new number is seen exactly when the write
is; the sequence keeps numbers rising even if the row is deleted (a test flush), so a
number is never reused for different contents. Tables added later need the trigger too:
tests/test_caching.py checks that every `briefings_` table has it.
"""

from django.db import migrations, models

TRIGGERS = """
CREATE SEQUENCE briefings_archiveversion_number;

CREATE FUNCTION briefings_raise_archive_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- greatest(): the row lock orders writers, so changed_at never goes back in time.
    INSERT INTO briefings_archiveversion AS v (id, number, changed_at)
    VALUES (1, nextval('briefings_archiveversion_number'), clock_timestamp())
    ON CONFLICT (id) DO UPDATE
    SET number = excluded.number, changed_at = greatest(v.changed_at, excluded.changed_at);
    RETURN NULL;
END $$;

DO $$
DECLARE name text;
BEGIN
    FOR name IN
        SELECT tablename FROM pg_tables
        WHERE schemaname = current_schema() AND tablename LIKE 'briefings\\_%'
          AND tablename <> 'briefings_archiveversion'
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION briefings_raise_archive_version()',
            'archive_version_' || name, name
        );
    END LOOP;
END $$;
"""

DROP_TRIGGERS = """
DO $$
DECLARE t record;
BEGIN
    FOR t IN
        SELECT tgname, tgrelid::regclass AS relation FROM pg_trigger
        WHERE tgname LIKE 'archive\\_version\\_%'
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.relation);
    END LOOP;
END $$;
DROP FUNCTION IF EXISTS briefings_raise_archive_version();
DROP SEQUENCE IF EXISTS briefings_archiveversion_number;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0012_bilingual_aliases"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveVersion",
            fields=[
                ("id", models.SmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("number", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
            options={
                "db_table": "briefings_archiveversion",
            },
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
