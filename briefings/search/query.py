"""Query preparation: what a person typed, cleaned, shortened and segmented for the index."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import QuerySet

from ..models import Question
from .chinese import CJK_RUN, HAS_CJK, chinese_words, clean, word_with_parts
from .index import CONFIG

MAX_QUERY_CHARS = 300


@dataclass(frozen=True)
class PreparedQuery:
    """What a person typed, made safe to hand to websearch_to_tsquery.

    `text` is matched against the index; `plain` is the same query without the stop
    words that space a Chinese phrase out, for snippets cut from plainly split text.
    """

    typed: str
    text: str
    notices: tuple[str, ...] = ()
    plain: str = ""


def prepare_query(typed: str) -> PreparedQuery:
    """Clean, shorten and segment a query; any string is accepted."""
    notices = []
    # NFC, so accents typed as combining marks meet the stored (composed) text.
    text = " ".join(unicodedata.normalize("NFC", clean(typed)).split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS]
        notices.append(
            f"Your search was longer than {MAX_QUERY_CHARS} characters; "
            "only its beginning was used."
        )
    return PreparedQuery(
        typed=typed,
        text=segment_query(text),
        notices=tuple(notices),
        plain=segment_query(text, spaced=False),
    )


# A stop word of the configuration: in a phrase it holds one position and matches any
# word there, so "新疆维吾尔自治区 the the the the 在" asks for 在 five positions later.
GAP = "the"


def segment_query(text: str, *, spaced: bool = True) -> str:
    """Split Chinese runs into words; outside quotes, a run of several words is a phrase.

    In the index, each Chinese word comes after the shorter words inside it, so within a
    phrase each one is preceded by as many GAPs (unless `spaced` is false).
    """
    if not HAS_CJK.search(text):
        return text
    out, position, in_quotes = [], 0, False
    for match in CJK_RUN.finditer(text):
        before = text[position : match.start()]
        in_quotes ^= before.count('"') % 2 == 1
        words = chinese_words(match.group())
        phrase = in_quotes or len(words) > 1
        if phrase and spaced:
            words = [" ".join([GAP] * (len(word_with_parts(word)) - 1) + [word]) for word in words]
        joined = " " + " ".join(words) + " "
        out.append(before + (f' "{joined.strip()}" ' if phrase and not in_quotes else joined))
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def search_questions(query: str, queryset: QuerySet[Question] | None = None) -> QuerySet[Question]:
    """Exchanges whose text matches a web-search style query (words, "phrases", OR, -word)."""
    queryset = Question.objects.published() if queryset is None else queryset
    prepared = prepare_query(query)
    return queryset.filter(
        search_vector=SearchQuery(prepared.text, config=CONFIG, search_type="websearch")
    )


def query_problem(prepared: PreparedQuery) -> str | None:
    """Why a query can find nothing ('the', '-china'), or None when it can."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q::text, querytree(q) FROM websearch_to_tsquery('{CONFIG}', %s) q",
            [prepared.text],
        )
        tsquery, tree = cursor.fetchone()
    if not tsquery:
        return (
            "Your search has no words the index keeps: very common words such as "
            "“the” or “and” and punctuation are left out. Try a more specific word."
        )
    if tree == "T":
        return "Your search only excludes words; add a word to look for, e.g. Taiwan -Japan."
    return None
