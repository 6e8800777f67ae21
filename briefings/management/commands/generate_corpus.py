"""Build a synthetic archive of fictional briefings, to measure search at scale.

Everything it writes belongs to the source `synthetic` (marked as demo data): invented
spokespersons, outlets and places, and text drawn from a fixed vocabulary with a Zipf
distribution, recurring names and stock phrases, over 25 years, with some briefings in
Chinese. Rows go in with COPY, a chunk of briefings per transaction, and each chunk's
search documents are computed by PostgreSQL in the same INSERT … SELECT, so nothing is
saved row by row. Python writes the next chunk while PostgreSQL indexes the last one.

    python manage.py generate_corpus --briefings 40000 --exchanges-per-briefing 25
"""

from __future__ import annotations

import datetime
import random
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from briefings.models import Entity, Source, Topic
from briefings.search import CONFIG, segment

SPOKESPERSONS = ["Arlen Vosk", "Mira Tallis", "Oren Halvard", "Selka Dunmore", "Tavish Grell"]
OUTLETS = [
    "Harbor Ledger",
    "Northwind Daily",
    "Meridian Wire",
    "Copperfield Post",
    "Lantern Broadcasting",
    "Quillby Times",
    "Saltmarsh Radio",
    "Orbis Newsroom",
]
PLACES = [
    "Valdoria",
    "Eastmarch",
    "Sundale",
    "Port Averne",
    "Greyhollow Strait",
    "the Kestrel Islands",
    "Brannock",
    "Lowmere",
]
TOPICS = ["Maritime affairs", "Trade talks", "Public health", "State visits", "Consular cases"]
PHRASES = [
    "firmly opposes any interference in its internal affairs",
    "mutually beneficial cooperation",
    "we have taken note of the relevant reports",
    "unfounded and irresponsible remarks",
    "peace and stability in the region",
    "I have no information to release at the moment",
]
# The head of the distribution: real, frequent words of a briefing room.
COMMON = """
the of and to in a is that we on for with this have it as are be by has will not our
relevant side cooperation country countries development relations government issue
position international said hope parties both question report peace security economic
support region people policy meeting visit talks trade president minister foreign
ministry spokesperson press statement agreement dialogue stability important between
further would also all its their more which at from they should any new world made
continue china joint efforts situation time work held bilateral regional global
community concerned firmly promote strengthen maintain interests principle sovereignty
territorial integrity comments remarks response reported media asked year today
recently affairs political mutual respect consultation practical area areas including
actions measures step steps serious concern concerns sanctions human rights market
investment energy climate health pandemic vaccine maritime sea border military defence
nuclear treaty council united nations multilateral framework mechanism summit forum
leaders delegation ambassador embassy consulate citizens safety students companies
law legal judicial facts truth lies smear accuse allegations irresponsible unfounded
baseless groundless urge stop immediately properly handle resolve negotiation
consensus win partners partnership friendly friendship exchanges culture education
tourism infrastructure projects loans debt finance technology digital data
networks supply chains agriculture food water environment emissions green
""".split()  # noqa: SIM905 - a word list reads best as text
SYLLABLES = "ka lo ri ven tor mar sel dun pra vek ol im tes gar bru fen hal nor quel zan".split()  # noqa: SIM905
ZH_WORDS = """
我们 中方 合作 发展 关系 问题 国家 双方 地区 和平 稳定 支持 坚持 推动 加强 希望 立场 表示
国际 共同 重要 会谈 访问 外交部 发言人 报道 记者 美方 有关 方面 政府 经济 安全 贸易 对话
原则 主权 领土 完整 内政 干涉 坚决 反对 关注 维护 利益 积极 建设性 作用 友好 交流 机制
框架 多边 联合国 峰会 论坛 领导人 代表团 大使馆 公民 企业 投资 能源 气候 卫生 疫苗 海洋
边境 军事 条约 协议 磋商 共识 伙伴 文化 教育 旅游 基础设施 项目 技术 数据 农业 环境
瓦尔多利亚 东玛奇 桑代尔 新闻 声明 消息 情况 进展 措施 行动 事实 真相 谎言 毫无根据
""".split()  # noqa: SIM905


def fictional_word(n: int) -> str:
    """The nth invented word of the long tail: three syllables, all distinct."""
    k = len(SYLLABLES)
    return SYLLABLES[n % k] + SYLLABLES[(n // k) % k] + SYLLABLES[(n // k // k) % k]


def zipf_weights(n: int) -> list[float]:
    """Cumulative weights of a Zipf distribution over n ranks."""
    total, cumulative = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / (rank + 2.7) ** 1.1
        cumulative.append(total)
    return cumulative


ENGLISH = COMMON + [fictional_word(n) for n in range(3600)]
ENGLISH_WEIGHTS = zipf_weights(len(ENGLISH))
CHINESE_WEIGHTS = zipf_weights(len(ZH_WORDS))


@dataclass
class Chunk:
    """The rows of a run of briefings, ready for COPY."""

    briefings: list[tuple] = field(default_factory=list)
    spokespersons: list[tuple] = field(default_factory=list)
    questions: list[tuple] = field(default_factory=list)
    answers: list[tuple] = field(default_factory=list)
    permalinks: list[tuple] = field(default_factory=list)
    topics: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)


class Writer:
    """Turns a briefing plan into rows, drawing ids from ranges reserved beforehand."""

    def __init__(self, rng: random.Random, names: dict[str, Any], ids: dict[str, int]) -> None:
        self.rng, self.names, self.ids = rng, names, ids
        self.now = timezone.now()

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def english(self, words: int, end: str = ".") -> str:
        """Sentences of Zipf-drawn words, with now and then a place or a stock phrase."""
        drawn = self.rng.choices(ENGLISH, cum_weights=ENGLISH_WEIGHTS, k=words)
        sentences, at = [], 0
        while at < len(drawn):
            length = self.rng.randint(8, 22)
            part = drawn[at : at + length]
            at += length
            roll = self.rng.random()
            if roll < 0.08:
                part.insert(self.rng.randrange(len(part) + 1), self.rng.choice(PHRASES))
            elif roll < 0.14:
                part.insert(self.rng.randrange(len(part) + 1), self.rng.choice(PLACES))
            text = " ".join(part)
            sentences.append(text[0].upper() + text[1:] + ".")
        return " ".join(sentences)[:-1] + end

    def chinese(self, words: int, end: str = "。") -> str:
        drawn = self.rng.choices(ZH_WORDS, cum_weights=CHINESE_WEIGHTS, k=words)
        sentences = ["".join(drawn[i : i + 12]) for i in range(0, len(drawn), 12)]
        return "，".join(sentences) + end

    def briefing(self, chunk: Chunk, day: datetime.date, language: str, sequence: int) -> None:
        rng, names = self.rng, self.names
        briefing_id = self.next_id("briefing")
        slug = names["source"].briefing_slug(language, sequence)
        title = f"Synthetic briefing of {day:%d %B %Y}" + (" (Chinese)" if language == "zh" else "")
        chunk.briefings.append(
            (briefing_id, names["source"].pk, day, language, sequence, slug, title, "", True,
             self.now, self.now)
        )  # fmt: skip
        speaker = names["spokespersons"][(day.toordinal() // 90) % len(names["spokespersons"])]
        chunk.spokespersons.append((self.next_id("spokespersons"), briefing_id, speaker.pk))
        position = 0
        for number in range(1, names["per_briefing"] + 1):
            question_id = self.next_id("question")
            outlet = rng.choice(names["outlets"]) if rng.random() < 0.85 else None
            asker_label = outlet.name if outlet else ("问" if language == "zh" else "Q")
            documents: tuple[str | None, str | None]
            if language == "zh":
                text = self.chinese(rng.randint(10, 30), "？")
                bodies = [self.chinese(rng.randint(30, 110)) for _ in range(rng.choice((1, 1, 2)))]
                documents = (segment(text), segment("\n\n".join(bodies)))
            else:
                text = self.english(rng.randint(12, 40), "?")
                bodies = [self.english(rng.randint(25, 110)) for _ in range(rng.choice((1, 1, 2)))]
                documents = (None, None)
            position += 1
            chunk.questions.append(
                (question_id, briefing_id, number, position, asker_label,
                 outlet.pk if outlet else None, text, "\n\n".join(bodies), *documents)
            )  # fmt: skip
            for body in bodies:
                position += 1
                chunk.answers.append(
                    (self.next_id("answer"), question_id, position, speaker.name, speaker.pk, body)
                )
            chunk.permalinks.append(
                (self.next_id("permalink"), briefing_id, number, question_id, "{}")
            )
            if rng.random() < 0.04:
                topic = rng.choice(names["topics"])
                chunk.topics.append(
                    (self.next_id("topic"), question_id, topic.pk, "manual", self.now)
                )
            for place, entity in names["places"].items():
                if place in text or any(place in body for body in bodies):
                    chunk.mentions.append(
                        (self.next_id("mention"), question_id, entity.pk, "auto", 1)
                    )


TABLES = {
    "briefing": "briefings_briefing",
    "spokespersons": "briefings_briefing_spokespersons",
    "question": "briefings_question",
    "answer": "briefings_answer",
    "permalink": "briefings_exchangepermalink",
    "topic": "briefings_exchangetopic",
    "mention": "briefings_mention",
}
COPIES = [
    ("briefings", "briefings_briefing (id, source_id, date, language, sequence, slug, title, "
     "official_url, is_published, created_at, updated_at)"),
    ("spokespersons", "briefings_briefing_spokespersons (id, briefing_id, entity_id)"),
    ("questions", "generated_question (id, briefing_id, number, position, asker_label, asker_id, "
     "text, answers, doc_question, doc_answers)"),
    ("answers", "briefings_answer (id, question_id, position, speaker_label, speaker_id, text)"),
    ("permalinks", "briefings_exchangepermalink (id, briefing_id, number, question_id, "
     "removed_text)"),
    ("topics", "briefings_exchangetopic (id, question_id, topic_id, status, created_at)"),
    ("mentions", "briefings_mention (id, question_id, entity_id, origin, count)"),
]  # fmt: skip
INSERT_QUESTIONS = f"""
INSERT INTO briefings_question (id, briefing_id, number, position, asker_label, asker_id, text,
    search_vector)
SELECT id, briefing_id, number, position, asker_label, asker_id, text,
    setweight(to_tsvector('{CONFIG}', coalesce(doc_question, text)), 'A')
    || setweight(to_tsvector('{CONFIG}', coalesce(doc_answers, answers)), 'B')
FROM generated_question
"""
STAGING = """
CREATE TEMPORARY TABLE IF NOT EXISTS generated_question (id bigint, briefing_id bigint,
    number integer, position integer, asker_label text, asker_id bigint, text text,
    answers text, doc_question text, doc_answers text)
"""


def write_chunk(chunk: Chunk) -> None:
    """Store one chunk in one transaction: COPY everything, then index its questions."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(STAGING)
        cursor.execute("TRUNCATE generated_question")
        for name, target in COPIES:
            with cursor.copy(f"COPY {target} FROM STDIN") as copy:
                for row in getattr(chunk, name):
                    copy.write_row(row)
        cursor.execute(INSERT_QUESTIONS)
    connection.close()  # the writer thread's connection; the next chunk opens its own


class Command(BaseCommand):
    help = "Build a synthetic archive of fictional briefings (source 'synthetic', demo data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--briefings", type=int, required=True)
        parser.add_argument("--exchanges-per-briefing", type=int, default=25)
        parser.add_argument("--chinese-share", type=float, default=0.05)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--chunk", type=int, default=1000, help="Briefings per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        count, per = options["briefings"], options["exchanges_per_briefing"]
        if count < 1 or per < 1:
            raise CommandError("--briefings and --exchanges-per-briefing must be at least 1.")
        started = time.monotonic()
        names = self.fictional_names(per)
        rebuild_index = count * per >= 100_000
        if rebuild_index:
            # Building the GIN index once at the end is far quicker than updating it.
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX IF EXISTS question_search_vector")
        try:
            self.generate(count, names, options)
        finally:
            if rebuild_index:
                self.stdout.write("Building the search index…")
                with connection.cursor() as cursor:
                    cursor.execute("SET maintenance_work_mem = '1GB'")
                    cursor.execute(
                        "CREATE INDEX IF NOT EXISTS question_search_vector ON briefings_question "
                        "USING gin (search_vector) WITH (gin_pending_list_limit = 512)"
                    )
        with connection.cursor() as cursor:
            for table in TABLES.values():
                cursor.execute(f"VACUUM ANALYZE {table}")
        self.stdout.write(
            f"Generated {count:,} briefings, {count * per:,} exchanges "
            f"in {time.monotonic() - started:.0f} s."
        )

    def fictional_names(self, per: int) -> dict[str, Any]:
        source, _ = Source.objects.get_or_create(
            slug="synthetic",
            defaults={"name": "Synthetic briefings (fictional)", "is_demo": True},
        )

        def entity(name: str, kind: str) -> Entity:
            slug = "synthetic-" + name.lower().replace(" ", "-").removeprefix("the-")
            return Entity.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})[0]

        return {
            "source": source,
            "per_briefing": per,
            "spokespersons": [entity(n, Entity.Kind.PERSON) for n in SPOKESPERSONS],
            "outlets": [entity(n, Entity.Kind.OUTLET) for n in OUTLETS],
            "places": {n: entity(n, Entity.Kind.PLACE) for n in PLACES},
            "topics": [
                Topic.objects.get_or_create(
                    slug="synthetic-" + n.lower().replace(" ", "-"),
                    defaults={"name": f"{n} (synthetic)"},
                )[0]
                for n in TOPICS
            ],
        }

    def reserve(self, table: str, n: int) -> int:
        """Reserve n ids of a table; returns the id before the first one."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, n],
            )
            return cursor.fetchone()[0] - n

    def generate(self, count: int, names: dict[str, Any], options: dict[str, Any]) -> None:
        rng = random.Random(options["seed"])
        per = names["per_briefing"]
        first_day = datetime.date(2001, 1, 1)
        days = (datetime.date(2025, 12, 31) - first_day).days
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(max(sequence), 0) FROM briefings_briefing WHERE source_id = %s",
                [names["source"].pk],
            )
            sequence_base = cursor.fetchone()[0]
        sequences: dict[tuple[datetime.date, str], int] = {}
        pending: Future | None = None
        with ThreadPoolExecutor(max_workers=1) as pool:
            for start in range(0, count, options["chunk"]):
                size = min(options["chunk"], count - start)
                most = size * per
                ids = {
                    "briefing": self.reserve(TABLES["briefing"], size),
                    "spokespersons": self.reserve(TABLES["spokespersons"], size),
                    "question": self.reserve(TABLES["question"], most),
                    "answer": self.reserve(TABLES["answer"], most * 2),
                    "permalink": self.reserve(TABLES["permalink"], most),
                    "topic": self.reserve(TABLES["topic"], most),
                    "mention": self.reserve(TABLES["mention"], most * len(PLACES)),
                }
                writer, chunk = Writer(rng, names, ids), Chunk()
                for n in range(start, start + size):
                    day = first_day + datetime.timedelta(days=n * days // count)
                    language = "zh" if rng.random() < options["chinese_share"] else "en"
                    key = (day, language)
                    sequences[key] = sequences.get(key, sequence_base) + 1
                    writer.briefing(chunk, day, language, sequences[key])
                if pending is not None:
                    pending.result()
                pending = pool.submit(write_chunk, chunk)
                self.stdout.write(f"  {start + size:,} of {count:,} briefings")
            if pending is not None:
                pending.result()
