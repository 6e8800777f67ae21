"""A starting set of entities for what the MFA and White House transcripts hold.

Spokespersons, the outlets that ask most often, and the countries and organisations
named most, each with the aliases they appear under in English and Chinese pages, so
that imports resolve 'The Global Times', 'Global Times' and 环球时报 to one outlet.
Editors extend and correct this in the admin; re-running adds only what is missing.
"""

from django.db import migrations
from django.utils.text import slugify

# (kind, name, wikidata id, [aliases])
STARTING_ENTITIES = [
    # MFA spokespersons
    ("person", "Qin Gang", "", ["秦刚"]),
    ("person", "Jiang Yu", "", ["姜瑜"]),
    ("person", "Ma Zhaoxu", "", ["马朝旭"]),
    ("person", "Hong Lei", "", ["洪磊"]),
    ("person", "Hua Chunying", "", ["华春莹"]),
    ("person", "Lu Kang", "", ["陆慷"]),
    ("person", "Geng Shuang", "", ["耿爽"]),
    ("person", "Zhao Lijian", "", ["赵立坚"]),
    ("person", "Wang Wenbin", "", ["汪文斌"]),
    ("person", "Mao Ning", "", ["毛宁"]),
    ("person", "Lin Jian", "", ["林剑"]),
    ("person", "Guo Jiakun", "", ["郭嘉昆"]),
    # White House press secretaries and briefers
    ("person", "Jen Psaki", "", ["Psaki"]),
    ("person", "Karine Jean-Pierre", "", ["Jean-Pierre"]),
    ("person", "John Kirby", "", ["Kirby"]),
    ("person", "Karoline Leavitt", "", ["Leavitt"]),
    # Outlets
    ("outlet", "Reuters", "Q130879", ["路透社"]),
    ("outlet", "AFP", "Q40464", ["Agence France-Presse", "法新社"]),
    ("outlet", "Bloomberg", "", ["Bloomberg News", "彭博社"]),
    ("outlet", "Associated Press", "Q40469", ["AP", "美联社"]),
    ("outlet", "CCTV", "", ["China Central Television", "央视", "中央广播电视总台"]),
    ("outlet", "China Daily", "", ["中国日报"]),
    ("outlet", "Global Times", "", ["环球时报"]),
    ("outlet", "Xinhua News Agency", "Q204839", ["Xinhua", "新华社"]),
    ("outlet", "China News Service", "", ["CNS", "中新社"]),
    ("outlet", "The Paper", "", ["澎湃新闻"]),
    ("outlet", "Phoenix TV", "", ["凤凰卫视"]),
    ("outlet", "South China Morning Post", "", ["SCMP", "南华早报"]),
    ("outlet", "Kyodo News", "", ["Kyodo", "共同社"]),
    ("outlet", "NHK", "", ["日本广播协会"]),
    ("outlet", "Yonhap News Agency", "", ["Yonhap News", "Yonhap", "韩联社"]),
    ("outlet", "RIA Novosti", "", ["俄新社"]),
    ("outlet", "TASS", "", ["塔斯社"]),
    ("outlet", "Prensa Latina", "", ["拉美社"]),
    ("outlet", "Press Trust of India", "", ["PTI", "印度报业托拉斯"]),
    ("outlet", "CNN", "Q48340", ["美国有线电视新闻网"]),
    ("outlet", "BBC", "Q9531", ["英国广播公司"]),
    ("outlet", "Sky News", "", []),
    ("outlet", "The Australian", "", []),
    ("outlet", "China Review News", "", ["中评社"]),
    ("outlet", "Chinese Arabic Television", "", []),
    ("outlet", "Hubei Media Group", "", ["湖北广电"]),
    ("outlet", "Shenzhen TV", "", ["深圳卫视"]),
    ("outlet", "Beijing Youth Daily", "", ["北京青年报"]),
    ("outlet", "CGTN", "", ["中国国际电视台"]),
    ("outlet", "Dragon TV", "", ["东方卫视"]),
    ("outlet", "Macau Monthly", "", ["澳门月刊"]),
    ("outlet", "EFE", "", ["埃菲社"]),
    ("outlet", "The Wall Street Journal", "Q164746", ["Wall Street Journal", "华尔街日报"]),
    ("outlet", "The New York Times", "Q9684", ["New York Times", "纽约时报"]),
    ("outlet", "The Washington Post", "Q166032", ["Washington Post", "华盛顿邮报"]),
    ("outlet", "Fox News", "", []),
    # Countries and places
    ("country", "China", "Q148", ["People's Republic of China", "PRC", "中国"]),
    ("country", "United States", "Q30", ["US", "U.S.", "USA", "United States of America", "美国"]),
    ("country", "Russia", "Q159", ["Russian Federation", "俄罗斯"]),
    ("country", "Japan", "Q17", ["日本"]),
    ("country", "India", "Q668", ["印度"]),
    ("country", "United Kingdom", "Q145", ["UK", "Britain", "英国"]),
    ("country", "Australia", "Q408", ["澳大利亚"]),
    ("country", "Canada", "Q16", ["加拿大"]),
    ("country", "Germany", "Q183", ["德国"]),
    ("country", "France", "Q142", ["法国"]),
    ("country", "Pakistan", "Q843", ["巴基斯坦"]),
    ("country", "Republic of Korea", "Q884", ["South Korea", "ROK", "韩国"]),
    ("country", "Democratic People's Republic of Korea", "Q423", ["DPRK", "North Korea", "朝鲜"]),
    ("country", "Iran", "Q794", ["伊朗"]),
    ("country", "Ukraine", "Q212", ["乌克兰"]),
    ("country", "Philippines", "Q928", ["菲律宾"]),
    ("country", "Viet Nam", "Q881", ["Vietnam", "越南"]),
    ("place", "Taiwan", "Q865", ["台湾"]),
    ("place", "Hong Kong", "Q8646", ["HKSAR", "香港"]),
    ("place", "Xinjiang", "Q34800", ["新疆"]),
    ("place", "Tibet", "", ["Xizang", "西藏"]),
    ("place", "South China Sea", "", ["南海"]),
    # Organisations
    ("organisation", "United Nations", "Q1065", ["UN", "联合国"]),
    ("organisation", "World Health Organization", "Q7817", ["WHO", "世卫组织", "世界卫生组织"]),
    ("organisation", "NATO", "Q7184", ["北约"]),
    ("organisation", "European Union", "Q458", ["EU", "欧盟"]),
    ("organisation", "ASEAN", "Q7768", ["东盟"]),
    ("organisation", "World Trade Organization", "Q7825", ["WTO", "世贸组织"]),
    ("organisation", "Office of the UN High Commissioner for Human Rights", "", ["OHCHR"]),
]


def normalize(name: str) -> str:
    # Mirrors models.normalize_alias; migrations must not import the live model module.
    folded = " ".join(name.replace("\xa0", " ").split()).casefold()
    return folded[4:] if folded.startswith("the ") else folded


def add_entities(apps, schema_editor):
    Entity = apps.get_model("briefings", "Entity")
    EntityAlias = apps.get_model("briefings", "EntityAlias")
    for kind, name, wikidata_id, aliases in STARTING_ENTITIES:
        entity, _ = Entity.objects.get_or_create(
            slug=slugify(name), defaults={"kind": kind, "name": name, "wikidata_id": wikidata_id}
        )
        for alias in [name, *aliases]:
            language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in alias) else "en"
            EntityAlias.objects.get_or_create(
                normalized=normalize(alias),
                defaults={"entity": entity, "name": alias, "language": language},
            )


class Migration(migrations.Migration):
    dependencies = [("briefings", "0001_initial")]

    operations = [migrations.RunPython(add_entities, migrations.RunPython.noop)]
