"""Published exchanges per month, counted once and kept current by PostgreSQL.

Search can show its chart as a share of all exchanges; counting a million exchanges by
month for every such page would take longer than the whole search. Statement triggers
on briefings_question add what an INSERT adds, take away what a DELETE removes, and
move what an UPDATE moves (a briefing's new date or publication reaches its exchanges'
copies through migration 0006's trigger, and from there these totals). They read the
statement's rows once, whatever their number, so bulk loads stay fast.
"""

from django.db import migrations, models

FILL = """
INSERT INTO briefings_monthtotal (month, exchanges)
SELECT date_trunc('month', briefing_date)::date, count(*)
FROM briefings_question WHERE briefing_published GROUP BY 1;
"""

TRIGGERS = """
CREATE FUNCTION briefings_count_month_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only the transition tables this statement has are named in the branch it runs.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO briefings_monthtotal AS t (month, exchanges)
        SELECT date_trunc('month', briefing_date)::date, count(*) FROM new_rows
        WHERE briefing_published GROUP BY 1
        ON CONFLICT (month) DO UPDATE SET exchanges = t.exchanges + excluded.exchanges;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE briefings_monthtotal AS t SET exchanges = t.exchanges - o.n
        FROM (
            SELECT date_trunc('month', briefing_date)::date AS month, count(*) AS n
            FROM old_rows WHERE briefing_published GROUP BY 1
        ) o
        WHERE t.month = o.month;
    ELSE
        INSERT INTO briefings_monthtotal AS t (month, exchanges)
        SELECT month, sum(n) FROM (
            SELECT date_trunc('month', briefing_date)::date, count(*) FROM new_rows
            WHERE briefing_published GROUP BY 1
            UNION ALL
            SELECT date_trunc('month', briefing_date)::date, -count(*) FROM old_rows
            WHERE briefing_published GROUP BY 1
        ) AS change (month, n)
        GROUP BY month HAVING sum(n) <> 0
        ON CONFLICT (month) DO UPDATE SET exchanges = t.exchanges + excluded.exchanges;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER question_month_totals_insert AFTER INSERT ON briefings_question
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION briefings_count_month_totals();

CREATE TRIGGER question_month_totals_delete AFTER DELETE ON briefings_question
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION briefings_count_month_totals();

CREATE TRIGGER question_month_totals_update AFTER UPDATE ON briefings_question
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION briefings_count_month_totals();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS question_month_totals_update ON briefings_question;
DROP TRIGGER IF EXISTS question_month_totals_delete ON briefings_question;
DROP TRIGGER IF EXISTS question_month_totals_insert ON briefings_question;
DROP FUNCTION IF EXISTS briefings_count_month_totals();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0006_search_copies_on_exchanges"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthTotal",
            fields=[
                (
                    "month",
                    models.DateField(
                        help_text="The month's first day.", primary_key=True, serialize=False
                    ),
                ),
                ("exchanges", models.IntegerField()),
            ],
            options={
                "ordering": ["month"],
            },
        ),
        migrations.RunSQL(FILL, "DELETE FROM briefings_monthtotal"),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
