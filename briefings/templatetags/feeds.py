"""Template tags for feed links: a search's feed keeps the search's query and filters."""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..feeds import feed_query

register = template.Library()


@register.simple_tag(takes_context=True)
def search_feed_url(context: template.Context, name: str = "briefings:search_feed") -> str:
    """The feed of the search on this page: its query and filters, without display options."""
    query = feed_query(context["request"].GET)
    return reverse(name) + (f"?{query}" if query else "")
