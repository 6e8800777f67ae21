"""Each exchange's row carries what search filters and counts it by.

Copies of its briefing's date, source, language, publication and spokespersons, and the
ids of its tagged topics: reading them from the exchange's own row spares joins with
briefings and tags on a million exchanges. PostgreSQL keeps the copies true whatever
writes: a trigger fills them in when an exchange is saved, others make it do so again
when a briefing's date, source, language or publication changes, a spokesperson is
added to or removed from it, or a topic is tagged or untagged (in the admin, an import
or plain SQL).

Vectors stay in the exchange's row (see INLINE_VECTORS).

On a large archive the fill rewrites every exchange, so the search index is dropped
first and built again after, with a small pending list (512 kB: an import writes its
entries there cheaply, a search reads through little of them). Run `VACUUM FULL ANALYZE
briefings_question` afterwards to compact the table and its indexes again. (The
migration itself does not ANALYZE: on a new, empty table that would tell the planner it
is empty for good, and an import's foreign-key checks would then scan it row by row.)
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models

SPOKESPERSON_IDS = """(
    SELECT array_agg(bs.entity_id ORDER BY bs.entity_id)
    FROM briefings_briefing_spokespersons AS bs WHERE bs.briefing_id = b.id
)"""

TAGGED_TOPIC_IDS = """(
    SELECT array_agg(et.topic_id ORDER BY et.topic_id) FROM briefings_exchangetopic AS et
    WHERE et.question_id = {question} AND et.status IN ('manual', 'accepted')
)"""

# Search reads every matching exchange's vector (to match a phrase, to rank, or when a
# filter or a sample chooses the rows). Left to the defaults, a row over 2 kB moves its
# vector out to the TOAST table, and each such read costs an index lookup there; rows
# up to a page's size now keep it inline, uncompressed. The fill writes each vector
# afresh (`|| ''`) so that those already moved out come back.
INLINE_VECTORS = "ALTER TABLE briefings_question SET (toast_tuple_target = 8160)"
DEFAULT_TOAST = "ALTER TABLE briefings_question RESET (toast_tuple_target)"

FILL = f"""
UPDATE briefings_question AS q
SET search_vector = q.search_vector || ''::tsvector,
    briefing_date = b.date, briefing_source_id = b.source_id,
    briefing_language = b.language, briefing_published = b.is_published,
    briefing_spokesperson_ids = {SPOKESPERSON_IDS},
    tagged_topic_ids = {TAGGED_TOPIC_IDS.format(question="q.id")}
FROM briefings_briefing AS b
WHERE b.id = q.briefing_id;
"""

# The one place that knows what the copies are: every other trigger only touches the
# exchanges (sets briefing_id to itself), and this one reads the copies again.
TRIGGERS = f"""
CREATE FUNCTION briefings_question_copy_briefing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT b.date, b.source_id, b.language, b.is_published, {SPOKESPERSON_IDS},
        {TAGGED_TOPIC_IDS.format(question="NEW.id")}
    INTO NEW.briefing_date, NEW.briefing_source_id, NEW.briefing_language,
        NEW.briefing_published, NEW.briefing_spokesperson_ids, NEW.tagged_topic_ids
    FROM briefings_briefing AS b WHERE b.id = NEW.briefing_id;
    RETURN NEW;
END $$;

CREATE TRIGGER question_copies_briefing
BEFORE INSERT OR UPDATE OF briefing_id, briefing_date, briefing_source_id,
    briefing_language, briefing_published, briefing_spokesperson_ids, tagged_topic_ids
ON briefings_question FOR EACH ROW EXECUTE FUNCTION briefings_question_copy_briefing();

CREATE FUNCTION briefings_briefing_touch_exchanges() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE briefings_question SET briefing_id = briefing_id WHERE briefing_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER briefing_copies_to_exchanges
AFTER UPDATE OF date, source_id, language, is_published ON briefings_briefing
FOR EACH ROW WHEN (
    OLD.date IS DISTINCT FROM NEW.date OR OLD.source_id IS DISTINCT FROM NEW.source_id
    OR OLD.language IS DISTINCT FROM NEW.language
    OR OLD.is_published IS DISTINCT FROM NEW.is_published
) EXECUTE FUNCTION briefings_briefing_touch_exchanges();

CREATE FUNCTION briefings_spokespersons_touch_exchanges() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE briefings_question SET briefing_id = briefing_id
        WHERE briefing_id = OLD.briefing_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE briefings_question SET briefing_id = briefing_id
        WHERE briefing_id = NEW.briefing_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER spokespersons_copied_to_exchanges
AFTER INSERT OR UPDATE OR DELETE ON briefings_briefing_spokespersons
FOR EACH ROW EXECUTE FUNCTION briefings_spokespersons_touch_exchanges();

CREATE FUNCTION briefings_topics_touch_exchange() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE briefings_question SET briefing_id = briefing_id WHERE id = OLD.question_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE briefings_question SET briefing_id = briefing_id WHERE id = NEW.question_id;
    END IF;
    RETURN NULL;
END $$;

-- Only tags count: a suggestion made, or rejected, leaves the exchange's row alone.
CREATE TRIGGER topic_tagged_on_exchange
AFTER INSERT ON briefings_exchangetopic
FOR EACH ROW WHEN (NEW.status IN ('manual', 'accepted'))
EXECUTE FUNCTION briefings_topics_touch_exchange();

CREATE TRIGGER topic_tag_changed_on_exchange
AFTER UPDATE ON briefings_exchangetopic
FOR EACH ROW WHEN (
    (OLD.status IN ('manual', 'accepted') OR NEW.status IN ('manual', 'accepted'))
    AND (OLD.status, OLD.topic_id, OLD.question_id)
        IS DISTINCT FROM (NEW.status, NEW.topic_id, NEW.question_id)
) EXECUTE FUNCTION briefings_topics_touch_exchange();

CREATE TRIGGER topic_untagged_on_exchange
AFTER DELETE ON briefings_exchangetopic
FOR EACH ROW WHEN (OLD.status IN ('manual', 'accepted'))
EXECUTE FUNCTION briefings_topics_touch_exchange();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS topic_untagged_on_exchange ON briefings_exchangetopic;
DROP TRIGGER IF EXISTS topic_tag_changed_on_exchange ON briefings_exchangetopic;
DROP TRIGGER IF EXISTS topic_tagged_on_exchange ON briefings_exchangetopic;
DROP FUNCTION IF EXISTS briefings_topics_touch_exchange();
DROP TRIGGER IF EXISTS spokespersons_copied_to_exchanges ON briefings_briefing_spokespersons;
DROP FUNCTION IF EXISTS briefings_spokespersons_touch_exchanges();
DROP TRIGGER IF EXISTS briefing_copies_to_exchanges ON briefings_briefing;
DROP FUNCTION IF EXISTS briefings_briefing_touch_exchanges();
DROP TRIGGER IF EXISTS question_copies_briefing ON briefings_question;
DROP FUNCTION IF EXISTS briefings_question_copy_briefing();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0005_outlet_aliases"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="briefing_date",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="question",
            name="briefing_language",
            field=models.CharField(editable=False, max_length=8, null=True),
        ),
        migrations.AddField(
            model_name="question",
            name="briefing_published",
            field=models.BooleanField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="question",
            name="briefing_source",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="briefings.source",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="briefing_spokesperson_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), editable=False, null=True, size=None
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="tagged_topic_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), editable=False, null=True, size=None
            ),
        ),
        migrations.RemoveIndex(model_name="question", name="question_search_vector"),
        migrations.RunSQL(INLINE_VECTORS, DEFAULT_TOAST),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunSQL("SET LOCAL maintenance_work_mem = '512MB'", migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="question",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="question_search_vector", gin_pending_list_limit=512
            ),
        ),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(fields=["briefing_date", "id"], name="question_date_id"),
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
