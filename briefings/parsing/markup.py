"""The one markup a stored transcript text carries: struck-out words, kept as `<del>…</del>`.

Pages correct a transcript by striking a word out and writing the right one after it
(`President <strike>Yushchenko</strike> Yanukovych`, Markdown's `<s>2013</s> \\[23\\]`).
The parser keeps the struck word, wrapped in `<del>` and `</del>`, and nothing else of
the page's markup: the text stays plain otherwise. Pages show it as deleted text
(`as_html`, everything else escaped); the search index, snippets, mentions and
previews read the text without it (`without_deletions`). Markers always come in pairs,
never nested and never across a paragraph break (`balanced`).
"""

from __future__ import annotations

import re
from html import escape

DEL_OPEN, DEL_CLOSE = "<del>", "</del>"
_PAIR = re.compile(r"<del>(.*?)</del>", re.S)
_MARKER = re.compile(r"</?del>")
# The same pair once the text is escaped for a page.
_ESCAPED_PAIR = re.compile(r"&lt;del&gt;(.*?)&lt;/del&gt;", re.S)
# Markdown's backslash escape: any ASCII punctuation character (CommonMark).
_MARKDOWN_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# Inline HTML a Markdown copy keeps for struck-out words.
_MARKDOWN_STRUCK = re.compile(r"<(s|strike|del)>(.*?)</\1>", re.I | re.S)


def balanced(text: str) -> str:
    """The text with its markers paired: a stray one dropped, an empty pair removed."""
    if "<del>" not in text and "</del>" not in text:
        return text
    out: list[str] = []
    inside = False
    position = 0
    for match in _MARKER.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        opening = match.group() == DEL_OPEN
        if opening != inside:  # an opening outside a pair, or a closing inside one
            out.append(match.group())
            inside = opening
    out.append(text[position:])
    if inside:
        out.append(DEL_CLOSE)
    return re.sub(r"<del>\s*</del>", "", "".join(out))


def without_deletions(text: str) -> str:
    """The text as it reads after its corrections: struck-out words left out."""
    if "<del>" not in text:
        return text
    # "are <del>is</del> is" → "are is": the space after the struck word goes with it.
    return re.sub(r"[ \t]{2,}", " ", _PAIR.sub("", text)).strip()


def as_html(text: str) -> str:
    """The text escaped for a page, its struck-out words in `<del>` (safe to mark safe)."""
    escaped = escape(text)
    if "&lt;del&gt;" not in escaped:
        return escaped
    return _ESCAPED_PAIR.sub(r"<del>\1</del>", escaped)


def from_markdown(text: str) -> str:
    """A Markdown paragraph as plain text: backslash escapes undone, `<s>` kept as `<del>`."""
    text = _MARKDOWN_STRUCK.sub(lambda match: f"{DEL_OPEN}{match.group(2)}{DEL_CLOSE}", text)
    return balanced(_MARKDOWN_ESCAPE.sub(r"\1", text))
