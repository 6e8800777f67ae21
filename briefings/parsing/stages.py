"""Stage lines about questions put after a press conference, on the ministry's pages.

`会后，有记者问及：` ("after the briefing a journalist asked:") alone announces the
question that follows; with the question on the same line it opens that question.
"""

from __future__ import annotations

import re

# "After the press conference, the following question was raised: ..." and "会后，有记者
# 问及：" open a question without a label.
RAISED_QUESTION = re.compile(
    r"^(?:after the (?:regular )?press conference|(?:the following|this|a) question"
    r"[^:]{0,60}(?:raised|asked))|^会后[^：]{0,20}(?:问及|提问|问)：?",
    re.I,
)

# A stage line that asks nothing itself: the announcement alone ("会后，有记者问及：",
# "After the press conference, the following question was raised:") or a response
# made after the conference ("After the press conference, Zhao made further response
# to the question raised by ...").
_STAGE_RESPONSE = re.compile(
    r"^after the (?:regular )?press conference,?\s+[^:]{0,80}?\b(?:made (?:a |further )?"
    r"responses?|responded|answered|replied|further (?:responded|answered))\b",
    re.I,
)


def is_stage_line(text: str) -> bool:
    """Tell whether a paragraph is a stage line about questions after the conference, not one."""
    text = text.strip()
    match = RAISED_QUESTION.match(text)
    if match and (
        not text[match.end() :].strip(" \t:：\xa0\u3000")
        or (text.endswith((":", "：")) and not re.search(r"[?？]", text))
    ):
        return True
    return bool(_STAGE_RESPONSE.match(text)) and not re.search(r"[?？]", text)


def asked_after(text: str) -> bool:
    """Tell whether a question's text opens by saying it was asked after the conference."""
    return bool(RAISED_QUESTION.match(text.strip()))
