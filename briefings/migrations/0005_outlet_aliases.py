"""Outlets as the Chinese pages name them, so that both languages ask through one outlet.

The ministry's Chinese transcripts label reporters "北京日报记者：", "《澳大利亚人报》记者：",
"中央广播电视总台央广记者：": without these aliases each became an outlet of its own,
apart from its English twin. An outlet already in the archive under any of the names is
completed rather than created again; an alias another entity holds is left to it (merge
the two in the admin).
"""

from django.db import migrations
from django.utils.text import slugify

# (name, wikidata id, [aliases])
OUTLETS = [
    ("The Australian", "", ["澳大利亚人报", "《澳大利亚人报》"]),
    ("Beijing Daily", "", ["北京日报"]),
    ("CCTV", "", ["中央广播电视总台央视"]),
    ("China National Radio", "", ["CNR", "中央广播电视总台央广", "中央人民广播电台", "央广"]),
    ("China Radio International", "", ["CRI", "中央广播电视总台国广", "中国国际广播电台", "国广"]),
    ("Beijing Radio and Television Station", "", ["BRTV", "北京广播电视台"]),
    ("China Review News", "", ["香港中评社", "中评社"]),
    ("RT", "", ["Russia Today", "今日俄罗斯"]),
    ("Sputnik", "", ["Sputnik News", "俄罗斯卫星通讯社", "卫星通讯社"]),
    ("Deutsche Presse-Agentur", "", ["dpa", "德新社", "德国新闻社"]),
]


def normalize(name: str) -> str:
    # Mirrors models.normalize_alias; migrations must not import the live model module.
    folded = " ".join(name.replace("\xa0", " ").split()).casefold()
    return folded[4:] if folded.startswith("the ") else folded


def add_aliases(apps, schema_editor):
    Entity = apps.get_model("briefings", "Entity")
    EntityAlias = apps.get_model("briefings", "EntityAlias")
    for name, wikidata_id, aliases in OUTLETS:
        names = [name, *aliases]
        found = (
            EntityAlias.objects.filter(normalized__in=[normalize(n) for n in names])
            .select_related("entity")
            .first()
        )
        entity = found.entity if found else None
        if entity is None:
            entity, _ = Entity.objects.get_or_create(
                slug=slugify(name),
                defaults={"kind": "outlet", "name": name, "wikidata_id": wikidata_id},
            )
        for alias in names:
            language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in alias) else "en"
            EntityAlias.objects.get_or_create(
                normalized=normalize(alias),
                defaults={"entity": entity, "name": alias, "language": language},
            )


class Migration(migrations.Migration):
    dependencies = [("briefings", "0004_editors_group")]

    operations = [migrations.RunPython(add_aliases, migrations.RunPython.noop)]
