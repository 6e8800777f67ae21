"""export_archive and import_archive: the whole archive into a second, real PostgreSQL
database, compared table by table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from briefings.models import (
    Briefing,
    Entity,
    EntitySlugRedirect,
    ExchangeTopic,
    FetchedPage,
    FetchRun,
    Mention,
    Topic,
    TopicSlugRedirect,
)
from tests.factories import add_exchange, make_briefing, make_editor, make_entity, make_topic

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL = ROOT / "corpus" / "mfa-en" / "2020-03-04_zhao-lijian-presscon.txt"


def server_url(name: str) -> str:
    """The test server's address for another database (a TCP host or, for the embedded
    server, a socket folder, quoted)."""
    db = settings.DATABASES["default"]
    host = quote(str(db.get("HOST") or "127.0.0.1"), safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{name}"


def admin_connection() -> psycopg.Connection:
    return psycopg.connect(server_url("postgres"), autocommit=True)


def manage(database: str, *args: str) -> subprocess.CompletedProcess:
    """Run manage.py against another database, as an operator would."""
    env = {**os.environ, "DATABASE_URL": server_url(database), "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def migrated_template(django_db_setup, django_db_blocker) -> Iterator[str]:
    """A second database, migrated as a new one is (its seeds included), to copy from."""
    name = f"{settings.DATABASES['default']['NAME']}_import_{os.getpid()}"
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    done = manage(name, "migrate", "-v0")
    assert done.returncode == 0, done.stderr
    yield name
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def target(migrated_template: str) -> Iterator[str]:
    """A new, migrated, empty database for one test."""
    name = f"{migrated_template}_t"
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_template}"')
    yield name
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def archive(tmp_path: Path) -> None:
    """An archive with something in every kind of table: an imported transcript and its
    correction (two revisions, permalink history), topics tagged, suggested and rejected,
    renamed slugs, mentions, an editor, history rows, Chinese text and a removed exchange."""
    editor = make_editor()
    call_command("import_transcripts", str(ORIGINAL), stdout=StringIO(), stderr=StringIO())
    paragraphs = ORIGINAL.read_text(encoding="utf-8").split("\n\n")
    paragraphs.insert(4, "Kyodo: A question added by the correction?\n\nZhao Lijian: An answer.")
    del paragraphs[8]
    corrected = tmp_path / "corrected" / ORIGINAL.name
    corrected.parent.mkdir()
    corrected.write_text("\n\n".join(paragraphs), encoding="utf-8")
    call_command("import_transcripts", str(corrected), stdout=StringIO(), stderr=StringIO())
    briefing = Briefing.objects.get(date="2020-03-04")
    assert briefing.revisions.count() == 2
    first, second, third = list(briefing.questions.order_by("position"))[:3]
    trade, health = make_topic("Trade", keywords="trade"), make_topic("Health")
    ExchangeTopic.objects.create(question=first, topic=trade, status="manual", created_by=editor)
    ExchangeTopic.objects.create(question=second, topic=trade, status="accepted")
    ExchangeTopic.objects.create(question=second, topic=health, status="suggested")
    ExchangeTopic.objects.create(question=third, topic=health, status="rejected")
    old = trade.slug
    trade.slug = "trade-talks"
    trade.save()
    TopicSlugRedirect.keep(trade, old)
    place = make_entity("Valdoria", Entity.Kind.COUNTRY, wikidata_id="Q42")
    EntitySlugRedirect.keep(place, "old-valdoria")
    Mention.objects.create(question=first, entity=place, origin="editor", count=2)
    chinese = make_briefing("2020-03-04", language="zh", spokesperson="赵立坚")
    add_exchange(chinese, "新疆的情况如何？", ["总体稳定。\n\n（记者笑）"], asker=None, label="问")
    Briefing.objects.filter(pk=chinese.pk).update(counterpart=briefing)
    body = "<html>新疆 — 2020</html>".encode("gb18030") + b"\x00\xff"  # not UTF-8, a NUL
    FetchedPage.objects.create(
        url="https://www.mfa.gov.cn/page.html", fetch_source="mfa-zh", status=200,
        content_type="text/html", sha256="0" * 64, size=len(body), content=body,
    )  # fmt: skip
    FetchRun.objects.create(sources="mfa-zh", options={"max_pages": 2, "since": None})


def rows(cursor, table: str, columns: list[str], key: str, names: dict) -> list[tuple]:
    """A table's rows in key order, content types and permissions by name, not id."""
    cursor.execute(
        f'SELECT {", ".join(f"{c}::text" for c in columns)} FROM "{table}" ORDER BY "{key}"'
    )
    found = []
    for row in cursor.fetchall():
        found.append(
            tuple(names[c].get(v, v) if c in names and v is not None else v
                  for c, v in zip(columns, row, strict=True))
        )  # fmt: skip
    return found


def natural_names(cursor, model) -> dict[str, dict[str, tuple]]:
    """For each column of `model` that points to a content type or permission: id → name."""
    cursor.execute("SELECT id::text, app_label, model FROM django_content_type")
    types = {pk: (app, name) for pk, app, name in cursor.fetchall()}
    cursor.execute(
        "SELECT p.id::text, t.app_label, p.codename FROM auth_permission p "
        "JOIN django_content_type t ON t.id = p.content_type_id"
    )
    perms = {pk: (app, code) for pk, app, code in cursor.fetchall()}
    names = {}
    for field in model._meta.concrete_fields:
        if field.related_model is ContentType:
            names[field.column] = types
        elif field.related_model is Permission:
            names[field.column] = perms
    return names


def test_export_then_import_into_a_new_database_loses_nothing(archive, target, tmp_path):
    folder = tmp_path / "export"
    out = StringIO()
    call_command("export_archive", str(folder), stdout=out)
    manifest = json.loads((folder / "manifest.json").read_text())

    done = manage(target, "import_archive", str(folder))

    assert done.returncode == 0, done.stderr
    assert "Imported" in done.stdout
    exported = {table["model"] for table in manifest["tables"]}
    ours = {m._meta.label_lower for m in apps.get_app_config("briefings").get_models(True)}
    # Every table of the app, the history tables included; the version number counts
    # writes in the database it lives in, and the import raises it there.
    assert ours - {"briefings.archiveversion"} <= exported
    assert {"auth.user", "auth.user_groups", "auth.group_permissions"} <= exported
    counted = {table["model"]: table["rows"] for table in manifest["tables"]}
    for model in [
        "briefings.transcriptrevision",
        "briefings.exchangepermalink",
        "briefings.statement",
        "briefings.topicslugredirect",
        "briefings.entityslugredirect",
        "briefings.historicalquestion",
        "briefings.monthtotal",
        "briefings.fetchedpage",  # the originals as fetched, bytes and all
        "briefings.fetchrun",
        "auth.user",
    ]:
        assert counted[model] > 0, model
    assert counted["briefings.transcriptrevision"] == 2  # the original and its correction
    models_by_label = {m._meta.label_lower: m for m in apps.get_models(include_auto_created=True)}
    with (
        psycopg.connect(server_url(target)) as copy,
        copy.cursor() as theirs,
        connection.cursor() as ours_cursor,
    ):
        for table in manifest["tables"]:
            model = models_by_label[table["model"]]
            key = model._meta.pk.column
            mine = rows(ours_cursor, table["table"], table["columns"], key,
                        natural_names(ours_cursor, model))  # fmt: skip
            copied = rows(theirs, table["table"], table["columns"], key,
                          natural_names(theirs, model))  # fmt: skip
            assert copied == mine, table["model"]
            assert len(mine) == table["rows"]


def test_imported_database_keeps_working_its_ids_and_triggers(archive, target, tmp_path):
    folder = tmp_path / "export"
    call_command("export_archive", str(folder), stdout=StringIO())
    assert manage(target, "import_archive", str(folder)).returncode == 0

    with psycopg.connect(server_url(target)) as copy:
        largest = copy.execute("SELECT max(id) FROM briefings_question").fetchone()[0]
        copy.execute(
            "INSERT INTO briefings_question (briefing_id, number, position, asker_label, text) "
            "SELECT id, 999, 999, 'Q', 'A new question' FROM briefings_briefing "
            "WHERE language = 'en' RETURNING id"
        )
        new_id, copied_date = copy.execute(
            "SELECT id, briefing_date::text FROM briefings_question WHERE number = 999"
        ).fetchone()
        found = copy.execute(
            "SELECT count(*) FROM briefings_question "
            "WHERE search_vector @@ websearch_to_tsquery('english_unaccent', %s)",
            ["question added by the correction"],
        ).fetchone()[0]

    assert new_id > largest  # the sequence was set past the imported ids
    assert copied_date == "2020-03-04"  # the trigger that copies the briefing's date runs
    assert found == 1  # the search index came along


def test_import_refuses_a_database_that_is_not_empty_and_changes_nothing(archive, target, tmp_path):
    folder = tmp_path / "export"
    call_command("export_archive", str(folder), stdout=StringIO())
    with psycopg.connect(server_url(target)) as copy:
        copy.execute("INSERT INTO briefings_topic (name, slug, description, keywords) "
                     "VALUES ('Kept', 'kept', '', '')")  # fmt: skip

    done = manage(target, "import_archive", str(folder))

    assert done.returncode == 1
    assert "The database is not empty (briefings.topic)" in done.stderr
    assert "Nothing was imported" in done.stderr
    with psycopg.connect(server_url(target)) as copy:
        assert copy.execute("SELECT count(*) FROM briefings_topic").fetchone()[0] == 1
        assert copy.execute("SELECT count(*) FROM briefings_briefing").fetchone()[0] == 0


def test_import_of_a_truncated_export_changes_nothing(archive, target, tmp_path):
    folder = tmp_path / "export"
    call_command("export_archive", str(folder), stdout=StringIO())
    answers = folder / "briefings.answer.jsonl"
    answers.write_text("".join(answers.read_text().splitlines(keepends=True)[:-1]))

    done = manage(target, "import_archive", str(folder))

    assert done.returncode == 1
    assert "briefings.answer.jsonl holds" in done.stderr
    with psycopg.connect(server_url(target)) as copy:
        assert copy.execute("SELECT count(*) FROM briefings_briefing").fetchone()[0] == 0
        seeded = copy.execute("SELECT count(*) FROM briefings_entity").fetchone()[0]
    assert seeded > 0  # the new database's starting entities are still there


def test_import_from_a_folder_without_a_manifest_says_so(tmp_path):
    with pytest.raises(CommandError, match="holds no manifest.json"):
        call_command("import_archive", str(tmp_path), stdout=StringIO())


def test_export_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("export_archive", str(tmp_path), stdout=StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_topic_renamed_before_export_still_redirects_after_import(archive, target, tmp_path):
    folder = tmp_path / "export"
    call_command("export_archive", str(folder), stdout=StringIO())
    assert manage(target, "import_archive", str(folder)).returncode == 0

    with psycopg.connect(server_url(target)) as copy:
        moved = copy.execute(
            "SELECT t.slug FROM briefings_topicslugredirect r "
            "JOIN briefings_topic t ON t.id = r.topic_id WHERE r.old_slug = 'trade'"
        ).fetchone()
    assert moved == ("trade-talks",)
    assert Topic.objects.get(slug="trade-talks")
