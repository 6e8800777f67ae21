"""Chinese text for the index: jieba's word splits and the separators around them."""

from __future__ import annotations

import logging
import os
import re
from functools import cache
from typing import Any

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
HAS_CJK = re.compile(f"[{CJK}]")
# What the segmenter puts around Chinese words: PostgreSQL's parser reads it as a
# separator, and clean() removes it from every text first, so it can be taken out again
# for display without touching a space the transcript had.
WORD_BREAK = "\x1f"
# NUL, control characters and the snippet markers (snippets.START and STOP).
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")


@cache
def tokenizer() -> Any:
    """jieba's tokenizer, loaded on first use, and quietly."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    # jieba keeps its dictionary's cache as /tmp/jieba.cache, readable by its owner only:
    # every other user on the machine failed to read or replace it, printed a traceback
    # and built the dictionary again (a second or so) in each process. One file per user.
    instance.cache_file = f"jieba-{os.getuid()}.cache"
    instance.initialize()
    return instance


def chinese_words(run: str) -> list[str]:
    """A run of Chinese characters split into words (jieba's plain split)."""
    return [word for word in tokenizer().cut(run) if word.strip()]


def word_with_parts(word: str) -> list[str]:
    """One word of the plain split as jieba's search-engine split gives it: the dictionary
    words of two, then three characters inside it, then the word itself.

    Tokenizer.cut_for_search emits exactly these for each word of the plain split (a test
    holds the two together); spelled out here because a query needs them word by word.
    """
    known = tokenizer().FREQ
    parts = []
    if len(word) > 2:
        parts += [word[i : i + 2] for i in range(len(word) - 1) if known.get(word[i : i + 2])]
    if len(word) > 3:
        parts += [word[i : i + 3] for i in range(len(word) - 2) if known.get(word[i : i + 3])]
    return [*parts, word]


def search_words(run: str) -> list[str]:
    """A run of Chinese characters as the index keeps it: jieba's search-engine split."""
    return [part for word in chinese_words(run) for part in word_with_parts(word)]


def segment(text: str) -> str:
    """Text with its Chinese runs split for the index (between WORD_BREAKs); the rest unchanged."""
    if not HAS_CJK.search(text):
        return text
    text = clean(text)
    return CJK_RUN.sub(
        lambda m: WORD_BREAK + WORD_BREAK.join(search_words(m.group())) + WORD_BREAK, text
    )


def clean(text: str) -> str:
    """Text without NUL, control characters or the snippet markers."""
    return UNPRINTABLE.sub(" ", text)
