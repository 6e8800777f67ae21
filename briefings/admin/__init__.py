"""The editors' side of the archive: every model registered, with lists to search and filter."""

# Tagging is built for speed: a briefing's page lists its exchanges with a topic field
# each (one submit tags the whole briefing), and the exchange list tags a whole
# selection at once. The writes themselves live in `topics.py` and `entities.py`.
# Transcripts are uploaded from the briefing list, with a preview before anything is
# stored; the import itself lives in `importer/`. The fetcher's runs and the pages it
# kept are read-only here; a kept page opens as text, never as a live page.

# They register the models.
from . import alignment, briefings, curation, exchanges, fetching, revisions  # noqa: F401
