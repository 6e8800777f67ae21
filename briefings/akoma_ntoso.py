"""A briefing as an Akoma Ntoso 3.0 `debate`: the interchange format of parliamentary
transcript systems (SayIt imports it).

The document names itself in FRBR terms (work: the briefing; expression: its language;
manifestation: this XML), lists everyone who speaks in `references` (spokespersons as
TLCPerson, outlets as TLCOrganization), and gives the transcript in order in its
`debateBody`: opening remarks as `speech`, each exchange as a `debateSection` holding
its `question` and `answer`s, each with a `by` reference to who spoke, and stage notes
as `narrative`. The text is as published, one `p` per paragraph.

The FRBR addresses follow the AKN naming convention with the source's slug in the place
of a country (`/akn/mfa/debate/2020-03-04/mfa-zh`), since a source is not a jurisdiction.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.utils.text import slugify

from .citations import SITE_NAME
from .models import Answer, Briefing, Entity, Question, Statement
from .parsing.markup import DEL_OPEN

NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ET.register_namespace("", NAMESPACE)
# ISO 639-2 codes, as FRBR expressions name their language.
LANGUAGE_CODES = {"en": "eng", "zh": "zho", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara"}
# XML 1.0 cannot carry these; the document shows a space where a transcript has one.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ORGANISATIONS = {Entity.Kind.OUTLET, Entity.Kind.ORGANISATION, Entity.Kind.COUNTRY}


def element(parent: ET.Element | None, tag: str, text: str = "", **attributes: str) -> ET.Element:
    """An AKN element (under `parent` when given) with text and attributes."""
    name = f"{{{NAMESPACE}}}{tag}"
    made = ET.Element(name) if parent is None else ET.SubElement(parent, name)
    for key, value in attributes.items():
        made.set(key.rstrip("_"), value)
    if text:
        text = NOT_IN_XML.sub(" ", text)
        if DEL_OPEN not in text:
            made.text = text
            return made
        # A struck-out correction (parsing.markup) is AKN's own inline `del`.
        pieces = re.split(r"<del>(.*?)</del>", text, flags=re.S)
        made.text = pieces[0]
        for struck, after in zip(pieces[1::2], pieces[2::2], strict=True):
            deleted = ET.SubElement(made, f"{{{NAMESPACE}}}del")
            deleted.text, deleted.tail = struck, after
    return made


@dataclass
class Speakers:
    """Everyone who speaks, as TLC references: an entity by its slug, a label printed
    without an entity by the label, a journalist the transcript does not name as one."""

    references: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, eid: str, kind: str, name: str) -> str:
        self.references.setdefault(eid, (kind, name))
        return f"#{eid}"

    def entity(self, entity: Entity) -> str:
        kind = "TLCOrganization" if entity.kind in ORGANISATIONS else "TLCPerson"
        return self.add(entity.slug, kind, entity.name)

    def speaker(self, entity: Entity | None, label: str, unnamed: str) -> str:
        """The `by` reference of a turn: its entity, else its label, else `unnamed`."""
        if entity is not None:
            return self.entity(entity)
        if label.strip():
            return self.add(f"speaker-{slugify(label) or 'unnamed'}", "TLCPerson", label.strip())
        return self.add(slugify(unnamed), "TLCPerson", unnamed)


def paragraphs(parent: ET.Element, text: str) -> None:
    """The text as `p` elements, one per paragraph (an empty one when there is no text)."""
    parts = [part.strip() for part in text.split("\n\n") if part.strip()] or [""]
    for part in parts:
        element(parent, "p", part)


def turn(
    parent: ET.Element, tag: str, eid: str, by: str, shown: str, text: str, **attributes: str
) -> ET.Element:
    """A speech, question or answer: who spoke (`by`, and `from` as printed), then the text."""
    made = element(parent, tag, eId=eid, by=by, **attributes)
    if shown:
        element(made, "from", shown)
    paragraphs(made, text)
    return made


def narrative(parent: ET.Element, eid: str, text: str) -> None:
    """A stage note: AKN's narrative holds text, not paragraphs, so one per paragraph."""
    parts = [part.strip() for part in text.split("\n\n") if part.strip()] or [""]
    for n, part in enumerate(parts, start=1):
        element(parent, "narrative", part, eId=eid if len(parts) == 1 else f"{eid}_{n}")


def exchange_section(parent: ET.Element, question: Question, speakers: Speakers) -> None:
    """An exchange: its question, then its answers and notes in the order they came."""
    base = f"dbsect_q-{question.number}"
    section = element(parent, "debateSection", name="exchange", eId=base)
    element(section, "num", str(question.number))
    asker = speakers.speaker(
        question.asker if not question.asks_anonymously else None,
        "" if question.asks_anonymously else question.asker_label,
        "Journalist",
    )
    turn(section, "question", f"{base}__question", asker, question.transcript_label, question.text)
    later: list[Answer | Statement] = [*question.answers.all(), *question.notes.all()]
    answers = notes = 0
    for item in sorted(later, key=lambda later_turn: later_turn.position):
        if isinstance(item, Answer):
            answers += 1
            by = speakers.speaker(item.speaker, item.speaker_label, "Spokesperson")
            eid = f"{base}__answer_{answers}"
            turn(section, "answer", eid, by, item.speaker_label, item.text, to=asker)
        else:
            notes += 1
            narrative(section, f"{base}__narrative_{notes}", item.text)


def identification(meta: ET.Element, briefing: Briefing) -> None:
    """The FRBR names of the briefing (work), its language (expression) and this file."""
    source = slugify(briefing.source.slug)
    work = f"/akn/{source}/debate/{briefing.date.isoformat()}/{briefing.slug}"
    expression = f"{work}/{LANGUAGE_CODES.get(briefing.language, briefing.language)}@"
    day = briefing.date.isoformat()
    made = briefing.updated_at.date().isoformat() if briefing.updated_at else day
    ident = element(meta, "identification", source="#archive")
    frbr = element(ident, "FRBRWork")
    element(frbr, "FRBRthis", value=f"{work}/!main")
    element(frbr, "FRBRuri", value=work)
    element(frbr, "FRBRdate", date=day, name="briefing")
    element(frbr, "FRBRauthor", href=f"#{source}")
    element(frbr, "FRBRcountry", value=source)
    element(frbr, "FRBRname", value=str(briefing))
    frbr = element(ident, "FRBRExpression")
    element(frbr, "FRBRthis", value=f"{expression}/!main")
    element(frbr, "FRBRuri", value=expression)
    element(frbr, "FRBRdate", date=day, name="briefing")
    element(frbr, "FRBRauthor", href=f"#{source}")
    element(frbr, "FRBRlanguage", language=LANGUAGE_CODES.get(briefing.language, briefing.language))
    frbr = element(ident, "FRBRManifestation")
    element(frbr, "FRBRthis", value=f"{expression}/!main.xml")
    element(frbr, "FRBRuri", value=f"{expression}.akn")
    element(frbr, "FRBRdate", date=made, name="generation")
    element(frbr, "FRBRauthor", href="#archive")


def briefing_document(
    briefing: Briefing, statements: list[Statement], questions: list[Question]
) -> bytes:
    """The briefing as an AKN 3.0 debate document (UTF-8 XML).

    `statements` are the turns outside exchanges, `questions` the exchanges with their
    answers (speakers) and notes prefetched, as the briefing page reads them.
    """
    speakers = Speakers()
    for person in briefing.spokespersons.all():
        speakers.entity(person)
    root = element(None, "akomaNtoso")
    debate = element(root, "debate", name="pressBriefing")
    meta = element(debate, "meta")
    identification(meta, briefing)
    preface = element(debate, "preface")
    element(element(preface, "p"), "docTitle", str(briefing))
    date = briefing.date
    element(element(preface, "p"), "docDate", f"{date.day} {date:%B %Y}", date=date.isoformat())
    body = element(debate, "debateBody")
    section = element(body, "debateSection", name="briefing", eId="dbsect_1")
    element(section, "heading", str(briefing))
    transcript: list[tuple[int, Statement | Question]] = [(s.position, s) for s in statements]
    transcript += [(q.position, q) for q in questions]
    spoken = noted = 0
    for _, item in sorted(transcript, key=lambda entry: entry[0]):
        if isinstance(item, Question):
            exchange_section(section, item, speakers)
        elif item.kind == Statement.Kind.NOTE:
            noted += 1
            narrative(section, f"dbsect_1__narrative_{noted}", item.text)
        else:
            spoken += 1
            by = speakers.speaker(item.speaker, item.speaker_label, "Spokesperson")
            turn(section, "speech", f"dbsect_1__speech_{spoken}", by, item.speaker_label, item.text)
    references(meta, briefing, speakers)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def references(meta: ET.Element, briefing: Briefing, speakers: Speakers) -> None:
    """The archive, the source, and everyone who speaks (after the body has named them)."""
    refs = element(meta, "references", source="#archive")
    element(refs, "TLCOrganization", eId="archive", href="/ontology/organization/briefing-archive",
            showAs=SITE_NAME)  # fmt: skip
    source = slugify(briefing.source.slug)
    element(refs, "TLCOrganization", eId=source, href=f"/ontology/organization/{source}",
            showAs=briefing.source.name)  # fmt: skip
    for eid, (kind, name) in speakers.references.items():
        if eid in {"archive", source}:
            continue
        what = "organization" if kind == "TLCOrganization" else "person"
        element(refs, kind, eId=eid, href=f"/ontology/{what}/{eid}", showAs=name)
