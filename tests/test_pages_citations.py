"""Citations of an exchange stay valid BibTeX and plain text whatever the title holds."""

import pytest

from briefings.citations import cite_exchange
from tests.factories import add_exchange, make_briefing

pytestmark = pytest.mark.django_db


def test_bibtex_escapes_the_characters_latex_would_read_as_commands():
    briefing = make_briefing("2021-07-01", title="Trade & Tariffs: 25% {and} #more_news")
    question = add_exchange(briefing, "Q?", ["A."], asker=None)

    bibtex = cite_exchange(question, "https://example.org/x/").bibtex

    assert r"title        = {{Trade \& Tariffs: 25\% \{and\} \#more\_news}, exchange 1}," in bibtex
    assert "month        = jul," in bibtex
    assert bibtex.count("{") == bibtex.count("}")


def test_an_anonymous_question_is_cited_without_a_questioner():
    briefing = make_briefing("2021-07-01", title="Press Conference")
    question = add_exchange(briefing, "Q?", ["A."], asker=None)

    chicago = cite_exchange(question, "https://example.org/x/").chicago

    assert chicago == (
        "Source mfa. “Press Conference.” Exchange 1. July 1, 2021. "
        "Briefing Archive. https://example.org/x/."
    )
