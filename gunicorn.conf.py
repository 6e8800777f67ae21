"""gunicorn's settings for serving the archive: `gunicorn archive_site.wsgi -c gunicorn.conf.py`.

Each value can be changed through the environment named beside it. The figures behind
these choices are in docs/benchmarks.md (bench/pages.py).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# Processes: one per core, plus one, so a core is not idle while a worker waits on
# PostgreSQL or Redis. Pages are CPU work in Python; more processes than that only
# add memory and context switches.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))

# gthread: a few threads per process. Measured against sync workers (bench/pages.py),
# it serves cached pages as fast, keeps connections alive (the front proxy reuses them),
# and a slow or streaming request (an export of a million rows streams for up to a
# minute) holds one thread rather than a whole process. Threads share the process's
# database connections only one at a time each: at most workers x threads connections.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Connections waiting to be accepted: a burst of readers (256 at once in the benchmark)
# queues here instead of being refused. The kernel caps it at net.core.somaxconn.
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))

# A worker silent for this long is killed and replaced. gthread workers report from their
# main thread while requests run, so a long export does not trip it; a sync worker would
# need it above the longest export (a minute).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# On restart or shutdown, requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Idle keep-alive connections from the front proxy stay open this many seconds.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Each worker is replaced after this many requests (give or take the jitter, so the
# workers do not all restart at once): memory that a worker gathers over time is freed.
# Cached pages answer a thousand or more a second, so the count is high: at 5,000 each
# worker restarted every few seconds under load (bench/pages.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "5000"))
# Django is loaded once in the master and the workers forked from it: a replaced worker
# starts in milliseconds and shares the loaded code's memory. Nothing connects to
# PostgreSQL or Redis at import, so no connection is shared across the fork. A code
# change needs a restart of the master (not a HUP).
preload_app = True

# Access log to standard output for the container's log collector; "" turns it off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a proxy: trust its X-Forwarded-* headers (the proxy is the only way in).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# ... without /healthz and /readyz, which compose and load balancers ask every few seconds.
logger_class = "archive_site.health.QuietAccessLogger"
