"""The data model's rules, checked against the real database."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from briefings.models import Briefing, Entity, EntityAlias, Question, normalize_alias

from .factories import add_exchange, make_briefing, make_entity, make_source

pytestmark = pytest.mark.django_db


def test_briefing_slug_is_the_source_slug_in_its_main_language():
    briefing = make_briefing("2020-03-04")
    assert briefing.slug == "mfa"
    assert briefing.get_absolute_url() == "/briefings/2020/03/04/mfa/"


def test_briefing_in_another_language_and_second_of_the_day_get_suffixes():
    assert make_briefing("2020-03-04", language="zh").slug == "mfa-zh"
    assert make_briefing("2020-03-04", sequence=2).slug == "mfa-2"


def test_one_briefing_per_source_day_language_and_sequence():
    make_briefing("2020-03-04")
    with pytest.raises(IntegrityError), transaction.atomic():
        Briefing.objects.create(
            source=make_source("mfa"), date=datetime.date(2020, 3, 4), language="en"
        )


def test_exchange_numbers_are_unique_within_a_briefing():
    briefing = make_briefing()
    question = add_exchange(briefing, "Any comment?", ["No."])
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(briefing=briefing, number=question.number, position=99, text="x")


def test_exchange_url_names_the_briefing_and_number():
    briefing = make_briefing("2019-12-26")
    question = add_exchange(briefing, "Any comment?", ["No."])
    assert question.get_absolute_url() == "/briefings/2019/12/26/mfa/1/"
    assert question.get_absolute_url() == reverse(
        "briefings:exchange", args=[2019, "12", "26", "mfa", 1]
    )


def test_a_briefing_moved_to_another_day_links_its_new_address():
    briefing = make_briefing("2019-12-26")
    question = add_exchange(briefing, "Any comment?", ["No."])
    assert briefing.get_absolute_url() == "/briefings/2019/12/26/mfa/"
    briefing.date = datetime.date(2019, 12, 27)
    briefing.sequence = 2
    briefing.save()
    assert briefing.get_absolute_url() == "/briefings/2019/12/27/mfa-2/"
    question.briefing = briefing
    assert question.get_absolute_url() == "/briefings/2019/12/27/mfa-2/1/"


def test_aliases_match_whatever_the_case_and_a_leading_the():
    assert normalize_alias("The Global Times") == normalize_alias("global  times")
    outlet = make_entity("Global Times", Entity.Kind.OUTLET)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntityAlias.objects.create(entity=outlet, name="the GLOBAL TIMES")


def test_wikidata_ids_must_look_like_wikidata_ids():
    with pytest.raises(IntegrityError), transaction.atomic():
        Entity.objects.create(name="X", slug="x", wikidata_id="not-an-id")


def test_starting_entities_resolve_chinese_and_english_names():
    geng = EntityAlias.objects.get(normalized=normalize_alias("耿爽")).entity
    assert geng.name == "Geng Shuang"
    assert (
        EntityAlias.objects.get(normalized=normalize_alias("The Global Times")).entity.slug
        == "global-times"
    )


def test_published_hides_unpublished_briefings():
    shown = make_briefing("2020-01-01")
    make_briefing("2020-01-02", is_published=False)
    assert list(Briefing.objects.published()) == [shown]
