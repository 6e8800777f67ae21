"""Chinese indexed with jieba's search-engine split.

Each Chinese word now comes with the shorter dictionary words inside it (新疆维吾尔自治区
with 新疆 and 维吾尔), so a word is found inside a longer one. Only exchanges holding
Chinese are rebuilt: the documents of the others do not change.
"""

from django.db import migrations


def reindex(apps, schema_editor):
    from briefings.search import reindex_chinese

    reindex_chinese(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("briefings", "0007_month_totals")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
