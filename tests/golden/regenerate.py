"""Regenerate the parser's golden files from the repository's corpus and its seed transcript.

    python tests/golden/regenerate.py

Writes `tests/golden/<corpus folder>/<file name>.json` (the file name keeps its extension,
since most transcripts come as both `.txt` and `.html`) holding `to_json()` of each file,
and `tests/golden/seed/<seed file>.json`. Review the diff by eye before committing: right
date, right spokesperson, right number of questions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent
ROOT = GOLDEN.parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "seed"
SUFFIXES = (".txt", ".html")


def sources() -> list[tuple[Path, Path]]:
    """Every corpus and seed transcript, with the golden file that describes it."""
    pairs = []
    for folder in sorted(path for path in CORPUS.iterdir() if path.is_dir() and path != SEED):
        for source in sorted(folder.iterdir()):
            if source.suffix in SUFFIXES:
                pairs.append((source, GOLDEN / folder.name / f"{source.name}.json"))
    for source in sorted(SEED.glob("*.txt")):
        pairs.append((source, GOLDEN / "seed" / f"{source.name}.json"))
    return pairs


def render(source: Path) -> str:
    """The golden text for one transcript: its JSON, as the command prints it."""
    from briefings.parsing import parse_transcript

    parsed = parse_transcript(source.read_bytes(), filename=source.name)
    return json.dumps(parsed.to_json(), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    """Write every golden file; print which ones changed."""
    if not CORPUS.is_dir():
        print(f"corpus folder not found at {CORPUS}", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT))
    changed = 0
    for source, golden in sources():
        text = render(source)
        if not golden.exists() or golden.read_text(encoding="utf-8") != text:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
            print(f"wrote {golden.relative_to(ROOT)}")
            changed += 1
    print(f"{changed} golden file(s) changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
