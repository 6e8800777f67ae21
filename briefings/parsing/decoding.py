"""Turn the bytes of an uploaded file into text, or refuse it as not a text file."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from .transcript import TranscriptError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    # UTF-32 before UTF-16: the UTF-32 little-endian BOM begins with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Names pages declare for encodings that a wider one decodes the same way.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "iso-8859-1": "cp1252"}

_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16/32 with BOM, GB18030/GBK or Windows-1252."""
    if not data.strip():
        raise TranscriptError("the file is empty", 1)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return check_text(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise TranscriptError(f"not a text file ({encoding}: {error.reason})", 1) from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise TranscriptError("not a text file (it holds NUL bytes)", line)
    try:
        return check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return check_text(data.decode(declared))
        except (UnicodeDecodeError, LookupError):
            pass
    return check_text(_guess(data))


def _declared_charset(data: bytes) -> str | None:
    match = _HTML_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    return _WIDER.get(name, name)


def _guess(data: bytes) -> str:
    # Only the encodings the ministries and their readers actually use are candidates;
    # an open guess turns short Chinese snippets into Big5 or Windows-1250 mojibake.
    best = from_bytes(data, cp_isolation=["gb18030", "cp1252"]).best()
    if best is not None:
        return str(best)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _han_share(text) >= 0.6:
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _han_share(text: str) -> float:
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide:
        return 0.0
    han = sum(1 for char in wide if "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef")
    return han / len(wide)


def check_text(text: str) -> str:
    """Refuse text that is mostly control or unassigned characters; return it otherwise."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise TranscriptError("not a text file (it holds NUL characters)", line)
    if not text.strip():
        raise TranscriptError("the file is empty", 1)
    sample = text[:100_000]
    # Each distinct character is judged once: a page has a few hundred of them, not 100,000.
    odd = sum(sample.count(char) for char in set(sample) if _is_odd(char))
    if odd > max(2, len(sample) // 20):
        raise TranscriptError("not a text file (mostly control or unassigned characters)", 1)
    return text


def _is_odd(char: str) -> bool:
    if char in "\t\n\r\f\v":
        return False
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs")
