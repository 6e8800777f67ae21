"""`manage.py parse_transcript FILE` prints the parser's JSON and writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.corpus import SEED_FILE as SEED

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_SEED = ROOT / "tests" / "golden" / "seed" / "000_1dc20e5776c9bc75.txt.json"

QA_DAY = (
    "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018\n\n"
    "Q: What is your comment?\n\nA: We have noted the reports.\n\n（记者点头，笑。）\n"
)


def run(*args: str) -> str:
    out = StringIO()
    call_command("parse_transcript", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_transcript_as_json(tmp_path: Path) -> None:
    path = tmp_path / "briefing.txt"
    path.write_text(QA_DAY, encoding="utf-8")
    data = json.loads(run(str(path)))
    assert list(data)[:6] == ["title", "date", "language", "spokespersons", "turns", "warnings"]
    assert data["date"] == "2018-05-11"
    assert data["spokespersons"] == ["Geng Shuang"]
    assert data["turns"] == [
        {"kind": "question", "speaker": "Q", "text": "What is your comment?"},
        {"kind": "answer", "speaker": "Geng Shuang", "text": "We have noted the reports."},
        {"kind": "note", "speaker": None, "text": "（记者点头，笑。）"},
    ]


def test_command_keeps_non_ascii_characters_unescaped(tmp_path: Path) -> None:
    path = tmp_path / "briefing.txt"
    path.write_text(QA_DAY, encoding="utf-8")
    assert "（记者点头，笑。）" in run(str(path))


def test_command_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "briefing.txt"
    path.write_text(QA_DAY, encoding="utf-8")
    run(str(path))
    assert [entry.name for entry in tmp_path.iterdir()] == ["briefing.txt"]


def test_command_passes_format_source_and_hints(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("<p>Q: One?</p><p>A: Yes.</p>", encoding="utf-8")
    hints = ["--source", "mfa", "--date", "2020-04-29", "--spokesperson", "Geng Shuang"]
    data = json.loads(run(str(path), "--format", "html", *hints))
    assert (data["format"], data["source"], data["date"]) == ("html", "mfa", "2020-04-29")
    assert data["turns"][1]["speaker"] == "Geng Shuang"


def test_command_rejects_a_format_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "briefing.txt"
    path.write_text(QA_DAY, encoding="utf-8")
    # argparse's own message, which names the option and the value it refused.
    with pytest.raises(CommandError, match=r"argument --format: invalid choice: 'pdf'"):
        run(str(path), "--format", "pdf")


def test_command_fails_clearly_on_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"cannot read .*missing\.txt"):
        run(str(tmp_path / "missing.txt"))


def test_command_fails_clearly_on_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    with pytest.raises(CommandError, match=r"cannot read .*photo\.jpg: line 1: not a text file"):
        run(str(path))


def test_command_fails_clearly_on_a_folder(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path))


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed transcript not found at {SEED}")
def test_command_output_for_the_seed_matches_its_golden_file() -> None:
    assert json.loads(run(str(SEED))) == json.loads(GOLDEN_SEED.read_text(encoding="utf-8"))


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "parse_transcript", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )


def test_manage_py_prints_json_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "briefing.txt"
    path.write_text(QA_DAY, encoding="utf-8")
    result = manage(str(path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["turns"][0]["speaker"] == "Q"


def test_manage_py_exits_1_with_a_message_for_an_unreadable_file(tmp_path: Path) -> None:
    result = manage(str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "cannot read" in result.stderr and "missing.txt" in result.stderr
    assert result.stdout == ""
