"""WSGI entry point: `gunicorn archive_site.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")

application = get_wsgi_application()

# Load jieba's dictionary now (about a second) rather than in the first search that
# holds Chinese, which would otherwise wait for it in every new server process.
from briefings.search import tokenizer  # noqa: E402 - needs the app loaded above

tokenizer()

# What is loaded by now (Django, the app, jieba's dictionary) lives as long as the
# process: keep it out of the garbage collector's full passes, which otherwise stop a
# request for some 80 ms now and then to walk it all.
gc.freeze()
