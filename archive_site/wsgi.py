"""WSGI entry point: `gunicorn archive_site.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")

application = get_wsgi_application()

# Load jieba's dictionary now (about a second) rather than in the first search that
# holds Chinese, which would otherwise wait for it in every new server process.
from briefings.search import tokenizer  # noqa: E402 - needs the app loaded above

tokenizer()
