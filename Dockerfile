# The app image: gunicorn serving Django, static files through WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

# Debian's cron, for the fetcher service (deploy/fetcher-cron); setpriv (util-linux)
# drops each of its runs to the archive user.
RUN apt-get update \
 && apt-get install -y --no-install-recommends cron \
 && rm -rf /var/lib/apt/lists/* \
 && command -v setpriv

# The locked versions, each checked against its hash (requirements.txt and requirements/, see the README);
# the locked setuptools builds jieba's source archive and the project, nothing unlocked.
COPY requirements.txt ./
COPY requirements ./requirements
RUN pip install --no-cache-dir --require-hashes -r requirements/build.txt \
 && pip install --no-cache-dir --require-hashes --no-build-isolation --use-pep517 \
    -r requirements.txt
COPY pyproject.toml README.md manage.py gunicorn.conf.py ./
COPY archive_site ./archive_site
COPY briefings ./briefings
COPY templates ./templates
COPY static ./static
COPY deploy ./deploy
# Editable, so the code runs from /app where templates/ and static/ sit beside it.
RUN pip install --no-cache-dir --no-deps --no-build-isolation --use-pep517 -e .
# collectstatic needs settings to load; these values exist only for this build step.
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only \
    python manage.py collectstatic --no-input

RUN useradd --system --home /app archive
USER archive
EXPOSE 8000
# Workers, threads, timeouts and restarts: see gunicorn.conf.py.
CMD ["gunicorn", "archive_site.wsgi", "-c", "gunicorn.conf.py"]
