"""Template helpers for the public pages: absolute links and the archive's page chrome."""

from __future__ import annotations

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from ..citations import absolute_url
from ..models import is_anonymous_asker, is_follow_up_label, unnamed_asker_label
from ..parsing.markup import as_html, without_deletions

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute(context: template.Context, path: str) -> str:
    """`{% absolute some_path %}`: the full address of some_path."""
    return absolute_url(context.get("request"), path)


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """The current address with only its `page` parameter changed, keeping every filter."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def grouped(value: object) -> str:
    """A whole number with its thousands separated by commas (12,345), as humanize's
    intcomma writes it in English, without its locale look-ups: a results page shows a
    hundred numbers."""
    if isinstance(value, int):
        return f"{value:,}"
    try:
        return f"{int(str(value)):,}"
    except ValueError:
        return str(value)


@register.filter
def asker_as_shown(label: str, language: str) -> str:
    """`{{ label|asker_as_shown:language }}`: an asker label as printed, or for a journalist
    the transcript does not name ('Q', '问'), the word the transcript pages use."""
    if not is_anonymous_asker(label or ""):
        return label
    return unnamed_asker_label(is_follow_up_label(label or ""), language)


@register.filter
def transcript_text(text: str) -> SafeString:
    """`{{ turn.text|transcript_text }}`: a stored text escaped, its struck-out words in <del>."""
    return mark_safe(as_html(text or ""))  # safe: as_html escapes all but its own <del>


@register.filter
def transcript_paragraphs(text: str) -> SafeString:
    """`{{ turn.text|transcript_paragraphs }}`: as transcript_text, in <p> paragraphs and <br>."""
    return mark_safe(linebreaks(as_html(text or ""), autoescape=False))  # escaped by as_html


@register.filter
def as_read(text: str) -> str:
    """`{{ question.text|as_read }}`: the text as corrected, struck-out words left out."""
    return without_deletions(text or "")
