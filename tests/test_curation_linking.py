"""Mentions found from entity aliases: English names as whole words, Chinese as substrings."""

import pytest
from django.core.management import call_command

from briefings.linking import AliasMatcher, link_mentions
from briefings.models import Entity, EntityAlias, Mention
from tests.factories import add_exchange, make_briefing, make_entity

pytestmark = pytest.mark.django_db


def mentioned(question):
    return {
        m.entity.name: m.count
        for m in Mention.objects.filter(question=question).select_related("entity")
    }


def test_english_aliases_are_found_as_whole_words_with_counts():
    briefing = make_briefing("2021-05-06")
    question = add_exchange(
        briefing,
        "Does the United States of America share Japan's view? The U.S. said so.",
        ["Japan should respect history. Japanese officials said otherwise."],
    )
    link_mentions([question.pk])
    found = mentioned(question)
    assert found["United States"] == 2
    assert found["Japan"] == 2  # "Japanese" is another word
    assert "Japanese" not in found


def test_acronyms_match_only_in_capitals():
    briefing = make_briefing("2021-05-06")
    question = add_exchange(
        briefing,
        "Who told us about the WHO report and the UN vote?",
        ["Let us be clear: the US position is unhelpful."],
    )
    link_mentions([question.pk])
    found = mentioned(question)
    assert found["World Health Organization"] == 1
    assert found["United Nations"] == 1
    assert found["United States"] == 1


def test_names_are_not_found_inside_other_words():
    briefing = make_briefing("2021-05-06")
    make_entity("Iran", Entity.Kind.COUNTRY)
    question = add_exchange(briefing, "Is the Chinaware trade with Tirana growing?", ["No."])
    link_mentions([question.pk])
    found = mentioned(question)
    assert "China" not in found
    assert "Iran" not in found


def test_chinese_aliases_are_found_as_substrings_of_chinese_text():
    briefing = make_briefing("2021-05-06", language="zh", spokesperson="华春莹")
    question = add_exchange(
        briefing, "美国国务院称世卫组织的报告有问题，中方有何评论？", ["中国一贯支持世卫组织。"]
    )
    link_mentions([question.pk])
    found = mentioned(question)
    assert found["United States"] == 1
    assert found["World Health Organization"] == 2
    assert found["China"] == 1


def test_capitalised_names_ignore_case_after_their_first_letter():
    matcher = AliasMatcher([("The Paper", 1), ("Global Times", 2)])
    assert matcher.find("I read The Paper and the GLOBAL TIMES.") == {1: 1, 2: 1}
    assert matcher.find("I read the paper.") == {}


def test_relinking_keeps_editor_and_rejected_mentions_and_reports_changes():
    briefing = make_briefing("2021-05-06")
    question = add_exchange(briefing, "What about Japan and Russia?", ["We noted it."])
    link_mentions([question.pk])
    russia = Entity.objects.get(name="Russia")
    japan = Entity.objects.get(name="Japan")
    Mention.objects.filter(question=question, entity=russia).update(origin="rejected")
    taiwan = Entity.objects.get(name="Taiwan")
    Mention.objects.create(question=question, entity=taiwan, origin="editor")
    EntityAlias.objects.filter(entity=japan).delete()
    Entity.objects.filter(pk=japan.pk).update(name="Nippon")

    report = link_mentions([question.pk])

    origins = dict(Mention.objects.filter(question=question).values_list("entity__name", "origin"))
    assert origins == {"Russia": "rejected", "Taiwan": "editor"}
    assert (report.created, report.deleted, report.kept) == (0, 1, 2)


def test_link_entities_command_relinks_after_an_alias_is_added(capsys):
    briefing = make_briefing("2021-05-06")
    question = add_exchange(briefing, "Has Zelensky called?", ["No."])
    ukraine_president = make_entity("Volodymyr Zelenskyy")
    call_command("link_entities")
    assert "Volodymyr Zelenskyy" not in mentioned(question)
    EntityAlias.objects.create(entity=ukraine_president, name="Zelensky")

    call_command("link_entities")

    assert mentioned(question)["Volodymyr Zelenskyy"] == 1
    assert "1 mentions added" in capsys.readouterr().out


def test_relinking_every_exchange_runs_in_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    briefing = make_briefing("2021-05-06")
    ids = [add_exchange(briefing, f"Japan and China, item {n}?", ["Yes."]).pk for n in range(60)]
    with django_assert_max_num_queries(12):
        report = link_mentions(ids)
    assert report.created == 120


def test_a_name_written_in_lower_case_is_found_with_either_first_letter():
    # 'dpa' shares its group with the names that begin with a capital D.
    matcher = AliasMatcher([("dpa", 1), ("Dpa International", 2), ("Delhi", 3)])
    found = matcher.find("dpa and Dpa say so; Dpa International too, from Delhi, not delhi.")
    assert found == {1: 2, 2: 1, 3: 1}
    assert matcher.find("The adpa report.") == {}
