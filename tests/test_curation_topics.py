"""Topics on exchanges: keyword suggestions, the review queue, and bulk tagging."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings.importer import import_transcript
from briefings.models import ExchangeTopic, Question
from briefings.parsing import Hints, parse_transcript
from briefings.topics import add_topics, remove_topics, review_suggestions, suggest_topics
from tests.factories import add_exchange, make_briefing, make_topic

pytestmark = pytest.mark.django_db


def statuses(topic):
    return dict(ExchangeTopic.objects.filter(topic=topic).values_list("question__text", "status"))


def test_keyword_rules_suggest_whole_english_words_and_chinese_substrings():
    briefing = make_briefing("2022-08-02")
    zh = make_briefing("2022-08-02", language="zh", spokesperson="华春莹")
    visit = add_exchange(briefing, "Any comment on the Speaker's Taiwan visit?", ["We oppose it."])
    strait = add_exchange(briefing, "What about drills?", ["In the Taiwan Strait, yes."])
    unrelated = add_exchange(briefing, "Is Taiwanese tea exported?", ["Ask Commerce."])
    chinese = add_exchange(zh, "佩洛西窜访台湾，中方有何回应？", ["坚决反对。"])
    topic = make_topic("Taiwan", keywords="Taiwan Strait\ntaiwan\n台湾\n")

    report = suggest_topics()

    assert statuses(topic) == {
        visit.text: "suggested",
        strait.text: "suggested",
        chinese.text: "suggested",
    }
    assert unrelated.text not in statuses(topic)
    assert report.suggested == 3


def test_phrases_match_across_line_breaks_and_case():
    briefing = make_briefing("2022-08-02")
    question = add_exchange(briefing, "On the BELT AND\nROAD Initiative?", ["It thrives."])
    topic = make_topic("BRI", keywords="Belt and Road")
    suggest_topics([question.pk])
    assert statuses(topic) == {question.text: "suggested"}


def test_rejected_suggestions_are_never_made_again_and_tags_stay_apart():
    briefing = make_briefing("2022-08-02")
    rejected = add_exchange(briefing, "Xinjiang cotton?", ["Lies."])
    accepted = add_exchange(briefing, "Xinjiang tourism?", ["Welcome."])
    tagged = add_exchange(briefing, "Xinjiang again?", ["Same answer."])
    topic = make_topic("Xinjiang", keywords="Xinjiang")
    add_topics([tagged.pk], [topic])
    suggest_topics()
    review_suggestions(ExchangeTopic.objects.filter(question=rejected), accept=False)
    review_suggestions(ExchangeTopic.objects.filter(question=accepted), accept=True)

    report = suggest_topics()
    call_command("suggest_topics")

    assert report.suggested == 0
    assert statuses(topic) == {
        rejected.text: "rejected",
        accepted.text: "accepted",
        tagged.text: "manual",
    }
    assert [t.name for t in Question.objects.get(pk=accepted.pk).tagged_topics] == ["Xinjiang"]
    assert Question.objects.get(pk=rejected.pk).tagged_topics == []


def test_a_suggestion_is_withdrawn_when_its_rule_no_longer_matches():
    briefing = make_briefing("2022-08-02")
    question = add_exchange(briefing, "About COVID-19 vaccines?", ["Shared widely."])
    topic = make_topic("COVID-19", keywords="vaccines")
    suggest_topics()
    topic.keywords = "pandemic"
    topic.save()
    report = suggest_topics()
    assert report.withdrawn == 1
    assert statuses(topic) == {}
    assert question.pk


def test_import_suggests_topics_and_links_mentions_for_new_exchanges():
    make_topic("Locusts", keywords="locust\n蝗灾")
    text = "China Daily: What help for Pakistan's locust plague?\n\nGeng Shuang: We sent experts.\n"
    parsed = parse_transcript(
        text, Hints(source="mfa", date=datetime.date(2020, 3, 4), language="en")
    )
    import_transcript(parsed, raw_text=text)
    question = Question.objects.get()
    assert question.topic_links.get().status == "suggested"
    assert set(question.mentions.values_list("entity__name", flat=True)) >= {"Pakistan"}


def test_suggest_topics_command_names_an_unknown_topic():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no topic with slug nope"):
        call_command("suggest_topics", "--topic", "nope")


@pytest.fixture
def many_exchanges():
    briefing = make_briefing("2022-08-02")
    questions = [
        Question(briefing=briefing, number=n, position=n, text=f"Question {n}?")
        for n in range(1, 501)
    ]
    return [q.pk for q in Question.objects.bulk_create(questions)]


def test_adding_and_removing_topics_on_500_exchanges_takes_a_few_queries(
    many_exchanges, django_assert_num_queries
):
    taiwan, strait = make_topic("Taiwan"), make_topic("Cross-Strait relations")
    add_topics(many_exchanges[:100], [taiwan])  # some already tagged: they are counted apart

    with django_assert_num_queries(5):  # savepoint, read, insert, history, release
        added = add_topics(many_exchanges, [taiwan, strait])
    with django_assert_num_queries(5):  # savepoint, read, history, delete, release
        removed = remove_topics(many_exchanges[:250], [strait])

    assert added == 900
    assert removed == 250
    assert ExchangeTopic.objects.filter(topic=taiwan, status="manual").count() == 500
    assert ExchangeTopic.objects.filter(topic=strait).count() == 250
    history = ExchangeTopic.history.filter(topic=strait)
    assert history.filter(history_type="+").count() == 500
    assert history.filter(history_type="-").count() == 250


def test_bulk_tagging_turns_a_rejected_suggestion_into_a_tag(many_exchanges):
    topic = make_topic("Taiwan")
    ExchangeTopic.objects.create(question_id=many_exchanges[0], topic=topic, status="rejected")
    assert add_topics(many_exchanges[:2], [topic]) == 2
    assert set(ExchangeTopic.objects.values_list("status", flat=True)) == {"manual"}


def post_action(client, action, ids, topics, follow=True):
    return client.post(
        reverse("admin:briefings_question_changelist"),
        {
            "action": action,
            "_selected_action": ids,
            "topics": [t.pk for t in topics],
            "apply": "1",
        },
        follow=follow,
    )


def test_admin_tags_500_exchanges_in_as_many_queries_as_5(admin_client, many_exchanges):
    few_topic, many_topic = make_topic("Hong Kong"), make_topic("Taiwan")
    admin_client.get(reverse("admin:index"))

    with CaptureQueriesContext(connection) as few:
        post_action(admin_client, "add_topics", many_exchanges[:5], [few_topic], follow=False)
    with CaptureQueriesContext(connection) as many:
        response = post_action(admin_client, "add_topics", many_exchanges, [many_topic], False)

    # Django builds the changelist (filters, counts) twice; the tagging itself is 7.
    assert len(many) == len(few) <= 21
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "Added Taiwan to 500 selected exchanges: 500 tags added, 0 already there." in page
    assert ExchangeTopic.objects.filter(topic=many_topic, status="manual").count() == 500


def test_add_topics_action_asks_which_topics_first(admin_client, many_exchanges):
    make_topic("Taiwan")
    response = admin_client.post(
        reverse("admin:briefings_question_changelist"),
        {"action": "add_topics", "_selected_action": many_exchanges[:3]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tag the 3 selected exchanges with these topics" in html
    assert html.count('name="_selected_action"') == 3


def test_add_topics_action_without_a_topic_says_so_and_changes_nothing(
    admin_client, many_exchanges
):
    response = post_action(admin_client, "add_topics", many_exchanges[:3], [])
    assert "Choose at least one topic." in response.content.decode()
    assert not ExchangeTopic.objects.exists()


def test_review_queue_accepts_and_rejects_in_bulk(admin_client):
    briefing = make_briefing("2022-08-02")
    first = add_exchange(briefing, "Hong Kong election?", ["Fine."])
    second = add_exchange(briefing, "Hong Kong police?", ["Fine."])
    topic = make_topic("Hong Kong", keywords="Hong Kong")
    suggest_topics()
    url = reverse("admin:briefings_exchangetopic_changelist")
    queue = admin_client.get(url, {"status__exact": "suggested"}).content.decode()
    assert "Hong Kong election?" in queue and "Hong Kong police?" in queue

    links = ExchangeTopic.objects.filter(topic=topic)
    admin_client.post(
        url,
        {"action": "accept", "_selected_action": [links.get(question=first).pk]},
    )
    admin_client.post(
        url,
        {"action": "reject", "_selected_action": [links.get(question=second).pk]},
    )
    assert statuses(topic) == {first.text: "accepted", second.text: "rejected"}
    assert ExchangeTopic.history.filter(history_type="~").count() == 2


def test_exchange_list_filters_by_topic_and_searches_the_text(admin_client):
    briefing = make_briefing("2022-08-02")
    tagged = add_exchange(briefing, "What about the Taiwan question?", ["One China."])
    add_exchange(briefing, "What about tariffs?", ["Trade war."])
    topic = make_topic("Taiwan")
    add_topics([tagged.pk], [topic])
    url = reverse("admin:briefings_question_changelist")

    by_topic = admin_client.get(url, {"topic": "taiwan"}).content.decode()
    searched = admin_client.get(url, {"q": "tariffs"}).content.decode()
    untagged = admin_client.get(url, {"topic": "-"}).content.decode()

    assert "Taiwan question" in by_topic and "tariffs" not in by_topic
    assert "tariffs" in searched and "Taiwan question" not in searched
    assert "tariffs" in untagged and "Taiwan question" not in untagged
