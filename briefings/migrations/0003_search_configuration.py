"""The text search configuration search uses, and search documents rebuilt with it.

`english_unaccent` is PostgreSQL's English configuration with accents removed before
stemming, so 'Bachelet' finds 'Bachélet' and the other way round. Chinese words are
separated by the indexer (jieba) before they reach it; see docs/search.md.
"""

from django.db import migrations

CREATE = """
CREATE TEXT SEARCH CONFIGURATION english_unaccent (COPY = english);
ALTER TEXT SEARCH CONFIGURATION english_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS english_unaccent;"


def reindex(apps, schema_editor):
    from briefings.search import reindex_all

    reindex_all(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("briefings", "0002_starting_entities")]

    operations = [
        migrations.RunSQL(CREATE, DROP),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
