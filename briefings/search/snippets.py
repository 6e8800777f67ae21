"""Snippets: an excerpt of each result with the query's words marked."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import Question
from ..parsing.markup import without_deletions
from .chinese import CJK_RUN, HAS_CJK, WORD_BREAK, chinese_words, clean
from .index import CONFIG
from .query import PreparedQuery

# Snippet markers from Unicode's private use area; stripped from every text first, so
# they can only come from ts_headline and are swapped for <mark> after escaping.
START, STOP = "\ue000", "\ue001"
HEADLINE_SQL = f"""
SELECT d.id, ts_headline('{CONFIG}', d.body, websearch_to_tsquery('{CONFIG}', %s),
    'StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=30, MinWords=12, '
    'FragmentDelimiter=" … "')
FROM unnest(%s::bigint[], %s::text[]) AS d(id, body)
"""


# A snippet shows at most two fragments, so only the first SNIPPET_RUNS runs of Chinese
# that hold a query word are split into words (jieba is the slowest part of a Chinese
# results page): the query's words where they occur, even inside a longer word (so 维吾尔
# is marked in 新疆维吾尔自治区), and jieba's plain split between them. When the query is all
# Chinese the text after the run that follows them is left out. The other runs are cut
# into pairs of characters (about a Chinese word's length, so fragments keep their
# length), which match no query word and read the same once the breaks are taken out.
SNIPPET_RUNS = 2
LATIN_WORD = re.compile(r"[^\W\d_]+")


def snippet_document(question: Question, words: Sequence[str] = (), *, cut: bool = False) -> str:
    """The text a snippet is cut from: the question, then its answers.

    `words` are the Chinese words of the query, which ts_headline is to find; `cut`
    says the query has no other words, so the text after them may be left out.
    """
    # As read after the corrections: a snippet never shows a struck-out word as said.
    parts = [question.text, *(answer.text for answer in question.answer_list)]
    parts = [without_deletions(part) for part in parts]
    text = clean("\n\n".join(parts))
    if not HAS_CJK.search(text):
        return text
    out, position, segmented = [], 0, 0
    found = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    for match in CJK_RUN.finditer(text):
        run = match.group()
        out.append(text[position : match.start()])
        position = match.end()
        if segmented < SNIPPET_RUNS and any(word in run for word in words):
            segmented += 1
            pieces = words_around(run, found)
        else:
            pieces = [run[i : i + 2] for i in range(0, len(run), 2)]
        out.append(WORD_BREAK + WORD_BREAK.join(pieces) + WORD_BREAK)
        if cut and segmented == SNIPPET_RUNS and not any(word in run for word in words):
            return "".join(out)
    return "".join(out) + text[position:]


def words_around(run: str, found: re.Pattern[str]) -> list[str]:
    """A run of Chinese split at the query's words (`found`), the rest by jieba's plain split."""
    pieces: list[str] = []
    position = 0
    for match in found.finditer(run):
        pieces += chinese_words(run[position : match.start()]) if match.start() > position else []
        pieces.append(match.group())
        position = match.end()
    return pieces + (chinese_words(run[position:]) if position < len(run) else [])


def add_snippets(questions: list[Question], prepared: PreparedQuery) -> None:
    """Set `snippet` on each exchange: an escaped excerpt with the matches in <mark>."""
    if not questions:
        return
    # The query as plainly split: the snippet's text holds no shorter words to skip.
    query = prepared.plain or prepared.text
    words = CJK_RUN.findall(query)
    others = [w for w in LATIN_WORD.findall(CJK_RUN.sub(" ", query)) if w != "OR"]
    documents = [snippet_document(q, words, cut=bool(words) and not others) for q in questions]
    with connection.cursor() as cursor:
        cursor.execute(HEADLINE_SQL, [query, [q.id for q in questions], documents])
        headlines = dict(cursor.fetchall())
    for question in questions:
        question.snippet = mark_up(headlines.get(question.id, ""))


def mark_up(headline: str) -> SafeString:
    """A ts_headline result as safe HTML: everything escaped, then the markers made <mark>."""
    headline = headline.replace(WORD_BREAK, "")
    html = str(escape(headline)).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # safe: escaped on the line above
