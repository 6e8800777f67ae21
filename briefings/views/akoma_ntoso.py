"""A briefing as an Akoma Ntoso debate document (`…/<slug>/akn.xml`)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ..akoma_ntoso import briefing_document
from .archive import dated, find_briefing

# The media type Akoma Ntoso registered for its documents.
CONTENT_TYPE = "application/akn+xml; charset=utf-8"


@dated
def briefing_akn(request: HttpRequest, date: datetime.date, slug: str) -> HttpResponse:
    """The whole briefing as AKN 3.0 XML; a moved briefing's old address redirects."""
    briefing = find_briefing(date, slug)
    if briefing.date != date or briefing.slug != slug:
        return redirect("briefings:akn", *briefing.url_args(), permanent=True)
    questions = list(briefing.questions.with_transcript())
    statements = list(briefing.statements.filter(question__isnull=True).select_related("speaker"))
    response = HttpResponse(
        briefing_document(briefing, statements, questions), content_type=CONTENT_TYPE
    )
    response["Content-Disposition"] = f'inline; filename="{date.isoformat()}-{slug}.akn.xml"'
    return response
