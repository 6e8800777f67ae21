"""Speaker labels: how one reads, the roles it names, the ministry's spokespersons, askers unnamed.

The parser reads labels at the start of paragraphs (`split_label`); the models and the
importer tell from a stored label whether the transcript names who asked (`is_anonymous_asker`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import collapse_spaces, has_cjk

# The ministry's spokespersons since the 1990s, in pinyin and in Chinese.
SPOKESPERSONS = (
    ("Shen Guofang", "沈国放"),
    ("Tang Guoqiang", "唐国强"),
    ("Zhu Bangzao", "朱邦造"),
    ("Sun Yuxi", "孙玉玺"),
    ("Zhang Qiyue", "章启月"),
    ("Kong Quan", "孔泉"),
    ("Liu Jianchao", "刘建超"),
    ("Qin Gang", "秦刚"),
    ("Jiang Yu", "姜瑜"),
    ("Ma Zhaoxu", "马朝旭"),
    ("Hong Lei", "洪磊"),
    ("Liu Weimin", "刘为民"),
    ("Hua Chunying", "华春莹"),
    ("Lu Kang", "陆慷"),
    ("Geng Shuang", "耿爽"),
    ("Zhao Lijian", "赵立坚"),
    ("Wang Wenbin", "汪文斌"),
    ("Mao Ning", "毛宁"),
    ("Lin Jian", "林剑"),
    ("Guo Jiakun", "郭嘉昆"),
)
_CANONICAL = {name.lower(): name for pair in SPOKESPERSONS for name in pair}
_SAME_PERSON = {name.lower(): pair[0] for pair in SPOKESPERSONS for name in pair}

# Labels that name a role, not a person: "Q:", "Question 2:", "追问：", "A:", "Spokesman:".
_GENERIC_QUESTION = re.compile(
    r"(?:q|question|follow[- ]?up(?: question)?|问|追问|又问|再问)\s*\d*", re.I
)
GENERIC_ANSWER = re.compile(
    r"(?:a|answer|答|(?:(?:deputy|associate|acting|chief|principal)\s+)?spokes(?:person|man|woman)"
    r"|(?:副)?发言人)\s*\d*",
    re.I,
)
_ASKER_WORDS = re.compile(
    r"(?:journalist|reporter|correspondent|follow-up|question|记者|追问)$", re.I
)

# Words that open sentences, never a speaker label ("First: ...", "At 10: ...").
_NOT_LABEL_START = {
    "first", "second", "third", "fourth", "fifth", "sixth", "firstly", "secondly",
    "thirdly", "finally", "lastly", "next", "then", "note", "notes", "example", "also",
    "however", "moreover", "besides", "therefore", "today", "yesterday", "tomorrow",
    "here", "there", "this", "that", "these", "those", "it", "we", "i", "my", "our",
    "they", "he", "she", "you", "your", "his", "her", "its", "their", "at", "in", "on",
    "as", "for", "to", "by", "from", "with", "if", "when", "what", "why", "how", "who",
    "and", "but", "or", "so", "please", "dear", "subject", "re", "ps", "p.s.",
    "regarding", "concerning", "about", "according", "meanwhile", "in addition",
}  # fmt: skip
_CONNECTORS = {"of", "the", "and", "de", "del", "da", "du", "la", "le", "for", "on", "in", "y"}
_EN_WORD = re.compile(r"^(?:[A-Z0-9][\w'’.&/+-]*|[\w'’.&/+-]*[A-Z][\w'’.&/+-]*)$")
_SENTENCE_MARKS = set(',;?!"“”()[]{}<>，。？！；“”‘’（）【】、…')
_LABEL_SPLIT = re.compile(r"^(?P<label>[^:：\n]{1,40}?)\s*(?P<colon>[:：])[ \t\xa0\u3000]*")

# Common Chinese family names: a 2-4 character label starting with one is a name.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤耿华洪章"
)


@dataclass(frozen=True)
class Label:
    """A speaker label at the start of a paragraph."""

    speaker: str
    rest: str
    role: str  # "question", "answer" or "unknown"


def canonical_spokesperson(name: str) -> str | None:
    """Return a known spokesperson's name in its usual case, or None."""
    return _CANONICAL.get(collapse_spaces(name).lower())


def same_person(first: str, second: str) -> bool:
    """Tell whether two spellings (pinyin, Chinese, any case) name the same spokesperson."""

    def key(name: str) -> str:
        lowered = collapse_spaces(name).lower()
        return _SAME_PERSON.get(lowered, lowered)

    return key(first) == key(second)


def starts_with_strong_label(text: str) -> bool:
    """Tell whether a line opens with a label no running text would start with."""
    label = split_label(text)
    return label is not None and label.role != "unknown"


def split_label(
    text: str, *, spokespersons: tuple[str, ...] = (), bold_prefix: str = ""
) -> Label | None:
    """Split "Reuters: text" into a label and the rest, or return None for running text."""
    dotted = _DOTTED_ROLE.match(text)
    if dotted:  # "Q. text" / "A. text"
        role = "question" if dotted.group("role") == "Q" else "answer"
        return Label(dotted.group("role"), text[dotted.end() :].strip(), role)
    match = _LABEL_SPLIT.match(text)
    if not match:
        return None
    speaker = match.group("label").strip()
    rest = text[match.end() :].strip()
    if not speaker or (speaker[-1:].isdigit() and rest[:1].isdigit()):
        return None  # "10:30" is a time, not a label
    if _GENERIC_QUESTION.fullmatch(speaker):
        return Label(speaker, rest, "question")
    if GENERIC_ANSWER.fullmatch(speaker):
        return Label(speaker, rest, "answer")
    if canonical_spokesperson(speaker) or any(same_person(speaker, s) for s in spokespersons):
        return Label(speaker, rest, "answer")
    unquoted = re.sub(r"[\"“”‘’']", "", speaker)
    if unquoted != speaker and _ASKER_WORDS.search(unquoted) and len(unquoted.split()) <= 6:
        return Label(speaker, rest, "question")  # '"Global Times" reporter:' in reposts
    qualified = _QUALIFIED.fullmatch(speaker)
    if qualified and not has_cjk(speaker):
        # "Reuters (follow-up):", "AFP follow-up:", "NHK (Japan):": an outlet with a note.
        base = split_label(f"{qualified.group('base')}: {rest}", spokespersons=spokespersons)
        if base is None:
            return None
        asks = bool(_ASKER_WORDS.search(qualified.group("note").rstrip(")").strip()))
        return Label(speaker, rest, "question" if asks else base.role)
    if any(mark in speaker for mark in _SENTENCE_MARKS):
        return None
    in_bold = bool(bold_prefix) and collapse_spaces(bold_prefix).startswith(
        collapse_spaces(speaker)
    )
    if has_cjk(speaker):
        return _chinese_label(speaker, rest, in_bold)
    if speaker in _LOWERCASE_OUTLETS:
        return Label(speaker, rest, "unknown")
    return _english_label(speaker, rest, in_bold)


# "Q. What is...?" and "A. We...": question and answer marked with a full stop.
_DOTTED_ROLE = re.compile(r"(?P<role>[QA])\.[ \t\xa0]+(?=\S)")
# Outlets that write their own name in lower case.
_LOWERCASE_OUTLETS = {"dpa"}


_QUALIFIED = re.compile(
    r"(?P<base>[^()]+?)\s*(?P<note>\([\w' -]{1,25}\)|follow-?up(?: question)?|reporter|journalist)",
    re.I,
)


def _chinese_label(speaker: str, rest: str, in_bold: bool) -> Label | None:
    if len(speaker) > 20:
        return None
    if _ASKER_WORDS.search(speaker) or re.search(r"记者(?:回答|追问|又问|问)?$", speaker):
        return Label(speaker, rest, "question")
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", speaker) and speaker[0] in _SURNAMES:
        return Label(speaker, rest, "unknown")
    if in_bold and len(speaker) <= 12:
        return Label(speaker, rest, "unknown")
    return None


def _english_label(speaker: str, rest: str, in_bold: bool) -> Label | None:
    words = speaker.split()
    if not words or len(words) > 6 or len(speaker) > 40:
        return None
    if words[0].lower().rstrip(".") in _NOT_LABEL_START:
        return None
    for position, word in enumerate(words):
        if position and word in _CONNECTORS:
            continue
        if not _EN_WORD.match(word):
            return None
    if ". " in speaker and not re.fullmatch(r"(?:[A-Z]\.)+", speaker.split(". ")[0] + "."):
        return None  # a full stop inside: two sentences, not a name
    if _ASKER_WORDS.search(speaker):
        return Label(speaker, rest, "question")
    return Label(speaker, rest, "unknown")


# --- Labels as stored: askers a transcript leaves unnamed ---------------------------


@lru_cache(maxsize=65536)  # an import normalizes the same few labels and names over and over
def normalize_alias(name: str) -> str:
    """The form aliases are matched in: case-folded, spaces collapsed, no leading 'the'."""
    folded = " ".join(name.replace("\xa0", " ").split()).casefold()
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


# Askers printed without a name: the question is anonymous.
# A reporter going on in the same exchange: "Follow-up:", "追问：", "又问：", and "记者回答："
# when the reporter answers the spokesperson's own question and asks again.
FOLLOW_UP_LABELS = {
    "follow-up",
    "follow up",
    "followup",
    "follow-up question",
    "follow up question",
    "追问",
    "又问",
    "再问",
    "记者追问",
    "记者又问",
    "记者回答",
}
ANONYMOUS_ASKERS = {"q", "question", "问", "记者", "reporter", "journalist"} | FOLLOW_UP_LABELS


def plain_label(label: str) -> str:
    """A speaker label without its case, numbering and punctuation: 'Question 2.' is 'question'."""
    return normalize_alias(label).rstrip(" .:：0123456789")


def is_anonymous_asker(label: str) -> bool:
    """Whether an asker label names no outlet: 'Q', 'Q.', 'Question 2', '问', 'Follow-up'."""
    plain = plain_label(label)
    return not plain or plain in ANONYMOUS_ASKERS


def is_follow_up_label(label: str) -> bool:
    """Whether an asker label says the reporter goes on: 'Follow-up', '追问', '又问'."""
    return plain_label(label) in FOLLOW_UP_LABELS


def unnamed_asker_label(follow_up: bool, language: str) -> str:
    """What a transcript calls a journalist it does not name: Question or Follow-up, 记者 or
    追问 in Chinese."""
    if language == "zh":
        return "追问" if follow_up else "记者"
    return "Follow-up" if follow_up else "Question"
