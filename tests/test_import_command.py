"""`manage.py import_transcripts`: files, folders and patterns, a summary, honest exit codes."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from briefings.importer.files import READ_AHEAD_FROM
from briefings.models import Briefing, ExchangePermalink, Question, TranscriptRevision
from tests.corpus import CORPUS_FOLDERS

from .test_importer import TITLE, transcript

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, int]:
    """Run the command; its output and exit code."""
    out = StringIO()
    try:
        call_command("import_transcripts", *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        return out.getvalue() + str(error), error.returncode
    return out.getvalue(), 0


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(transcript(), encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "b.txt").write_text(
        transcript(title=TITLE.replace("March 4", "March 5")), encoding="utf-8"
    )
    (tmp_path / "nested" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "README.md").write_text("# About these files\n", encoding="utf-8")
    return tmp_path


def test_a_folder_is_imported_recursively_with_a_summary(folder):
    output, code = run(str(folder))
    assert code == 0
    assert "imported: 2, revised: 0, unchanged: 0, failed: 0" in output
    assert "photo.jpg: not a text, HTML or Markdown file" in output
    assert "README.md: documentation" in output
    assert Briefing.objects.count() == 2


def test_importing_the_same_files_twice_reports_them_unchanged(folder):
    run(str(folder))
    counts = (Briefing.objects.count(), Question.objects.count())
    output, code = run(str(folder))
    assert code == 0
    assert "imported: 0, revised: 0, unchanged: 2, failed: 0" in output
    assert (Briefing.objects.count(), Question.objects.count()) == counts


def test_a_failed_file_is_named_with_its_reason_and_does_not_stop_the_others(folder):
    (folder / "broken.txt").write_bytes(b"Title\n\nline two\x00\x00 binary")
    (folder / "undated.txt").write_text(transcript(title="Regular Press Conference"), "utf-8")
    output, code = run(str(folder))
    assert code == 1
    assert "imported: 2, revised: 0, unchanged: 0, failed: 2" in output
    assert "broken.txt: line 3: not a text file" in output
    assert "undated.txt: no date in the file; give one" in output
    assert Briefing.objects.count() == 2


def test_many_files_are_read_by_a_second_process_with_the_same_results(tmp_path):
    # From READ_AHEAD_FROM files on, a worker process parses while the command imports.
    for day in range(1, READ_AHEAD_FROM + 3):
        title = TITLE.replace("March 4", f"March {day}")
        (tmp_path / f"march-{day:02}.txt").write_text(transcript(title=title), "utf-8")
    (tmp_path / "broken.txt").write_bytes(b"Title\n\nline two\x00\x00 binary")
    (tmp_path / "undated.txt").write_text(transcript(title="Regular Press Conference"), "utf-8")
    output, code = run(str(tmp_path))
    assert code == 1
    count = READ_AHEAD_FROM + 2
    assert f"imported: {count}, revised: 0, unchanged: 0, failed: 2" in output
    assert "broken.txt: line 3: not a text file" in output
    assert "undated.txt: no date in the file; give one" in output
    stored = TranscriptRevision.objects.values_list("filename", "briefing__date")
    assert sorted(stored) == [
        (f"march-{day:02}.txt", datetime.date(2020, 3, day)) for day in range(1, count + 1)
    ]


def test_hints_fill_in_what_a_file_lacks(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text(transcript(title="Regular Press Conference"), "utf-8")
    output, code = run(str(path), "--date", "2021-06-01", "--source", "mfa")
    assert code == 0, output
    assert Briefing.objects.get().date.isoformat() == "2021-06-01"


def test_a_bad_date_option_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("import_transcripts", str(tmp_path), "--date", "June 1")


def test_a_missing_path_and_an_empty_pattern_are_failures(tmp_path):
    output, code = run(str(tmp_path / "nowhere.txt"), str(tmp_path / "*.html"))
    assert code == 1
    assert "nowhere.txt: no such file or folder" in output
    assert "*.html: no file matches this pattern" in output


def test_patterns_the_shell_did_not_expand_are_expanded(folder):
    output, code = run(str(folder / "**" / "*.txt"))
    assert code == 0
    assert "imported: 2" in output


def test_a_page_and_its_text_copy_are_imported_once_as_the_page(tmp_path, corpus_dir):
    page = corpus_dir / "mfa-en" / "2018-05-11_geng-shuang-presscon.html"
    shutil.copy(page, tmp_path)
    shutil.copy(page.with_suffix(".txt"), tmp_path)
    output, code = run(str(tmp_path))
    assert code == 0
    assert "imported: 1, revised: 0, unchanged: 0, failed: 0" in output
    assert "Left out 1" in output
    assert TranscriptRevision.objects.get().format == "html"


def test_a_dry_run_stores_nothing(folder):
    output, code = run(str(folder), "--dry-run")
    assert code == 0
    assert "Would have imported: 2" in output
    assert "nothing was stored" in output
    assert Briefing.objects.count() == 0


def test_the_whole_corpus_imports_then_is_unchanged_and_a_corrected_copy_is_a_revision(
    corpus_dir, tmp_path, client
):
    folders = [str(folder) for folder in CORPUS_FOLDERS]
    output, code = run(*folders)
    assert code == 0, output
    assert ", failed: 0" in output
    imported = Briefing.objects.count()
    assert f"imported: {imported}, revised: 0, unchanged: 0" in output
    assert imported >= 60

    again, code = run(*folders)
    assert code == 0
    assert f"imported: 0, revised: 0, unchanged: {imported}, failed: 0" in again

    original = corpus_dir / "mfa-en" / "2020-03-04_zhao-lijian-presscon.txt"
    briefing = Briefing.objects.get(date="2020-03-04", language="en")
    urls = [q.get_absolute_url() for q in briefing.questions.all()]
    text = original.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    # insert a question and its answer after the fourth paragraph
    paragraphs.insert(4, "Kyodo: A question added by the correction?\n\nZhao Lijian: An answer.")
    corrected = tmp_path / "2020-03-04_zhao-lijian-presscon.txt"
    corrected.write_text("\n\n".join(paragraphs), encoding="utf-8")
    output, code = run(str(corrected))
    assert code == 0, output
    assert "revised: 1" in output
    assert briefing.revisions.count() == 2
    for url in urls:
        assert client.get(url).status_code in (200, 301), url
    assert ExchangePermalink.objects.filter(briefing=briefing, question=None).count() == 0


def test_the_command_exits_1_from_the_shell_when_a_file_fails(tmp_path):
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_transcripts", str(tmp_path), "--dry-run"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 1
    assert "broken.txt" in done.stdout
