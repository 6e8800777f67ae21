"""The characters of a transcript: Han or Latin script, the language they suggest, spaces."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")


def count_chars(runs: re.Pattern[str], text: str) -> int:
    """How many characters of text a pattern of runs ("[A-Za-z]+") covers."""
    # Removing the runs is three times quicker than listing every letter with findall.
    return len(text) - len(runs.sub("", text))


def detect_language(texts: list[str]) -> str:
    """Guess "zh" or "en" from the share of Han characters among letters."""
    sample = "".join(texts)[:200_000]
    han = count_chars(_CJK_RUN, sample)
    latin = count_chars(_LATIN_RUN, sample)
    if han and han * 3 >= latin:  # a Han character carries about a word of meaning
        return "zh"
    return "en"


def is_bilingual(texts: list[str]) -> bool:
    """Tell whether paragraphs alternate between Chinese and Latin-script text (a repost
    that gives each paragraph in both languages)."""
    scripts = [
        "zh" if han * 3 >= latin else "en"
        for text in texts
        for han, latin in [(count_chars(_CJK_RUN, text), count_chars(_LATIN_RUN, text))]
        if han or latin
    ]
    if len(scripts) < 4:
        return False
    switches = sum(
        1 for before, after in zip(scripts, scripts[1:], strict=False) if before != after
    )
    smaller = min(scripts.count("zh"), scripts.count("en"))
    return smaller * 4 >= len(scripts) and switches * 3 >= len(scripts)


def has_cjk(text: str) -> bool:
    """Tell whether the text holds any Han character."""
    return bool(_CJK.search(text))


def collapse_spaces(text: str) -> str:
    """Collapse every run of whitespace, non-breaking spaces included, into one space."""
    return " ".join(text.split())
