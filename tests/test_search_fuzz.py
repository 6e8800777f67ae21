"""Whatever a person types into the query or any filter, /search/ answers without a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import add_exchange, make_briefing

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q",
    "from",
    "to",
    "source",
    "language",
    "spokesperson",
    "outlet",
    "topic",
    "entity",
    "briefing",
    "sort",
    "normalise",
    "page",
]
# Text people paste: operators, quotes, SQL, markup, Chinese, control characters.
PIECES = st.sampled_from(
    ['"', "'", "-", "OR", "or", "!", "&", "|", ":*", "(", ")", "<->", "\\", "%", "_",
     "; DROP TABLE briefings_question; --", "<script>", "新疆", "Xinjiang", "\x00", "\ue000",
     "2020-02-30", "99999999999999999999", " ", "\n", "é", "🙂"]
)  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=60),
    st.lists(PIECES, max_size=12).map("".join),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=8).map(" ".join),
)


@pytest.fixture
def archive():
    briefing = make_briefing("2020-03-04")
    add_exchange(briefing, "Will China respond to the sanctions on Xinjiang?", ["Yes."])
    add_exchange(briefing, "新疆的情况如何？", ["中方坚决反对。"])


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.sampled_from(PARAMETERS), value=VALUES, query=VALUES)
def test_no_query_string_makes_search_fail(client, archive, name, value, query):
    response = client.get("/search/", {"q": query, name: value})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'class="search-error"' in response.content.decode()


def test_ten_thousand_characters_of_operators_are_answered(client, archive):
    response = client.get("/search/", {"q": '"-OR (' * 2000})
    assert response.status_code == 200
