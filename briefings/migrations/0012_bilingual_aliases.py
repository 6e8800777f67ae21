"""Names in both languages, so the two versions of a briefing can be lined up.

The alignment of a briefing with its other-language version (briefings/alignment.py)
compares who asked and whom each exchange names. That works only where an outlet,
country, person or organisation has its English and its Chinese names as aliases of
one entity: the outlets below asked in the ministry's 2020 briefings under names that
each became an outlet of their own ("The Globe and Mail" and 加拿大《环球邮报》), and
the others are named often enough to tell exchanges apart. An entity already holding
one of the names is completed rather than created again; an alias another entity holds
is left to it (merge the two in the admin). `link_entities` relinks stored exchanges.
"""

from django.db import migrations
from django.utils.text import slugify

# (kind, name, wikidata id, [aliases])
ENTITIES = [
    # Outlets, as the English and Chinese transcripts print them
    ("outlet", "CCTV", "", ["总台央视", "中央电视台"]),
    ("outlet", "CCTV-4", "", ["CCTV4", "总台央视中文国际频道", "央视中文国际频道"]),
    ("outlet", "China National Radio", "", ["总台央广"]),
    ("outlet", "China Radio International", "", ["总台国广"]),
    ("outlet", "Associated Press of Pakistan", "", ["APP", "巴基斯坦通讯社", "巴通社"]),
    ("outlet", "Australian Broadcasting Corporation", "", ["ABC", "澳大利亚广播公司"]),
    ("outlet", "Chinese Arabic Television", "", ["中阿卫视"]),
    ("outlet", "EFE", "", ["EFE News Agency", "埃菲社"]),
    ("outlet", "Feature Story News", "", ["FSN", "美国专题新闻社"]),
    ("outlet", "Fuji TV", "", ["日本富士电视台", "富士电视台"]),
    ("outlet", "Islamic Republic News Agency", "", ["IRNA", "伊朗通讯社"]),
    ("outlet", "MBC", "", ["Munhwa Broadcasting Corporation", "韩国文化电视台"]),
    ("outlet", "NBC News", "", ["NBC", "美国全国广播公司"]),
    ("outlet", "National Public Radio", "", ["NPR", "美国全国公共广播电台"]),
    ("outlet", "Nikkei", "", ["Nihon Keizai Shimbun", "日本经济新闻", "日经新闻"]),
    ("outlet", "NHK", "", ["日本NHK电视台", "日本广播协会"]),
    ("outlet", "Kyodo News", "", ["日本共同社", "共同社"]),
    ("outlet", "Sputnik", "", ["Sputnik News Agency"]),
    ("outlet", "Financial Times", "", ["The Financial Times", "金融时报", "英国《金融时报》"]),
    ("outlet", "The Globe and Mail", "", ["环球邮报", "加拿大《环球邮报》", "《环球邮报》"]),
    ("outlet", "China Review News", "", ["China Review News Agency"]),
    ("outlet", "ITN and BBC", "", ["ITN&BBC", "英国独立电视台和英国广播公司"]),
    ("outlet", "Bloomberg", "", ["美国彭博社"]),
    ("outlet", "Al Jazeera", "", ["半岛电视台"]),
    ("outlet", "Deutsche Welle", "", ["DW", "德国之声"]),
    ("outlet", "Los Angeles Times", "", ["洛杉矶时报", "《洛杉矶时报》"]),
    # People
    ("person", "Xi Jinping", "Q15031", ["President Xi", "习近平"]),
    ("person", "Li Keqiang", "Q16981", ["Premier Li", "李克强"]),
    ("person", "Wang Yi", "Q32801", ["王毅"]),
    ("person", "Yang Jiechi", "", ["杨洁篪"]),
    ("person", "Donald Trump", "Q22686", ["Trump", "特朗普"]),
    ("person", "Joe Biden", "Q6279", ["Biden", "拜登"]),
    ("person", "Mike Pompeo", "Q473239", ["Pompeo", "蓬佩奥"]),
    ("person", "Peter Navarro", "", ["Navarro", "纳瓦罗"]),
    ("person", "Scott Morrison", "", ["Morrison", "莫里森"]),
    ("person", "Meng Wanzhou", "", ["孟晚舟"]),
    ("person", "Michael Kovrig", "", ["Kovrig", "康明凯"]),
    ("person", "Michael Spavor", "", ["Spavor"]),
    ("person", "Tedros Adhanom Ghebreyesus", "", ["Tedros", "谭德塞"]),
    ("person", "Imran Khan", "", ["伊姆兰·汗"]),
    ("person", "Kim Jong Un", "", ["Kim Jong-un", "金正恩"]),
    ("person", "Moon Jae-in", "", ["文在寅"]),
    ("person", "Narendra Modi", "", ["Modi", "莫迪"]),
    ("person", "Boris Johnson", "", ["约翰逊"]),
    ("person", "Emmanuel Macron", "", ["Macron", "马克龙"]),
    ("person", "Vladimir Putin", "", ["Putin", "普京"]),
    ("person", "Shinzo Abe", "", ["Abe", "安倍晋三", "安倍"]),
    ("person", "Antonio Guterres", "", ["Guterres", "古特雷斯"]),
    ("person", "Carrie Lam", "", ["林郑月娥"]),
    ("person", "Tsai Ing-wen", "", ["蔡英文"]),
    ("person", "Dalai Lama", "", ["达赖"]),
    ("person", "George Floyd", "", ["Floyd", "弗洛伊德"]),
    # Countries and places
    ("country", "Afghanistan", "", ["阿富汗"]),
    ("country", "Israel", "", ["以色列"]),
    ("country", "Palestine", "", ["巴勒斯坦"]),
    ("country", "Singapore", "", ["新加坡"]),
    ("country", "Thailand", "", ["泰国"]),
    ("country", "Malaysia", "", ["马来西亚"]),
    ("country", "Indonesia", "", ["印度尼西亚", "印尼"]),
    ("country", "Myanmar", "", ["缅甸"]),
    ("country", "Cambodia", "", ["柬埔寨"]),
    ("country", "Laos", "", ["Lao PDR", "老挝"]),
    ("country", "Nepal", "", ["尼泊尔"]),
    ("country", "Bangladesh", "", ["孟加拉国"]),
    ("country", "Sri Lanka", "", ["斯里兰卡"]),
    ("country", "Mongolia", "", ["蒙古国"]),
    ("country", "Kazakhstan", "", ["哈萨克斯坦"]),
    ("country", "Uzbekistan", "", ["乌兹别克斯坦"]),
    ("country", "Italy", "", ["意大利"]),
    ("country", "Spain", "", ["西班牙"]),
    ("country", "Serbia", "", ["塞尔维亚"]),
    ("country", "Hungary", "", ["匈牙利"]),
    ("country", "Poland", "", ["波兰"]),
    ("country", "Netherlands", "", ["荷兰"]),
    ("country", "Switzerland", "", ["瑞士"]),
    ("country", "Sweden", "", ["瑞典"]),
    ("country", "Norway", "", ["挪威"]),
    ("country", "Greece", "", ["希腊"]),
    ("country", "New Zealand", "", ["新西兰"]),
    ("country", "Brazil", "", ["巴西"]),
    ("country", "Mexico", "", ["墨西哥"]),
    ("country", "Argentina", "", ["阿根廷"]),
    ("country", "Venezuela", "", ["委内瑞拉"]),
    ("country", "Cuba", "", ["古巴"]),
    ("country", "South Africa", "", ["南非"]),
    ("country", "Egypt", "", ["埃及"]),
    ("country", "Nigeria", "", ["尼日利亚"]),
    ("country", "Ethiopia", "", ["埃塞俄比亚"]),
    ("country", "Sudan", "", ["苏丹"]),
    ("country", "South Sudan", "", ["南苏丹"]),
    ("country", "Burundi", "", ["布隆迪"]),
    ("country", "Iraq", "", ["伊拉克"]),
    ("country", "Syria", "", ["叙利亚"]),
    ("country", "Saudi Arabia", "", ["沙特阿拉伯", "沙特"]),
    ("country", "Turkey", "", ["Türkiye", "土耳其"]),
    ("country", "Bhutan", "", ["不丹"]),
    ("place", "Macao", "", ["Macau", "澳门"]),
    ("place", "Wuhan", "", ["武汉"]),
    ("place", "Galwan Valley", "", ["Galwan", "加勒万河谷"]),
    ("place", "West Bank", "", ["约旦河西岸"]),
    # Organisations
    ("organisation", "G20", "", ["Group of Twenty", "二十国集团"]),
    ("organisation", "BRICS", "", ["金砖国家"]),
    ("organisation", "Shanghai Cooperation Organisation", "", ["SCO", "上海合作组织", "上合组织"]),
    ("organisation", "African Union", "", ["非盟"]),
    ("organisation", "UN Security Council", "", ["Security Council", "安理会"]),
    ("organisation", "UN Human Rights Council", "", ["Human Rights Council", "人权理事会"]),
    ("organisation", "International Atomic Energy Agency", "", ["IAEA", "国际原子能机构"]),
    ("organisation", "Communist Party of China", "", ["CPC", "中国共产党"]),
    ("organisation", "Huawei", "", ["华为"]),
    ("organisation", "TikTok", "", []),
    ("organisation", "The Wall Street Journal", "", ["WSJ"]),
    ("organisation", "Belt and Road Initiative", "", ["Belt and Road", "BRI", "一带一路"]),
    ("other", "COVID-19", "", ["novel coronavirus", "新冠肺炎", "新冠病毒"]),
]


def normalize(name: str) -> str:
    # Mirrors models.normalize_alias; migrations must not import the live model module.
    folded = " ".join(name.replace("\xa0", " ").split()).casefold()
    return folded[4:] if folded.startswith("the ") else folded


def add_entities(apps, schema_editor):
    Entity = apps.get_model("briefings", "Entity")
    EntityAlias = apps.get_model("briefings", "EntityAlias")
    for kind, name, wikidata_id, aliases in ENTITIES:
        names = [name, *aliases]
        found = (
            EntityAlias.objects.filter(normalized__in=[normalize(n) for n in names])
            .select_related("entity")
            .order_by("pk")
            .first()
        )
        entity = found.entity if found else None
        if entity is None:
            entity = Entity.objects.filter(slug=slugify(name)).first() or Entity.objects.create(
                slug=slugify(name), kind=kind, name=name, wikidata_id=wikidata_id
            )
        for alias in names:
            language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in alias) else "en"
            EntityAlias.objects.get_or_create(
                normalized=normalize(alias),
                defaults={"entity": entity, "name": alias, "language": language},
            )


class Migration(migrations.Migration):
    dependencies = [("briefings", "0011_aligned_pairs")]

    operations = [migrations.RunPython(add_entities, migrations.RunPython.noop)]
