"""Where the tests find the real transcripts kept in the repository's `corpus/`."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"
SEED_FILE = CORPUS_DIR / "seed" / "000_1dc20e5776c9bc75.txt"
# The folders of published transcripts; the seed, which has no header, is imported apart
# with the date and spokesperson it lacks.
CORPUS_FOLDERS = [CORPUS_DIR / "mfa-en", CORPUS_DIR / "mfa-zh", CORPUS_DIR / "whitehouse"]
