"""How fast transcripts are imported: briefings and exchanges per second, through the real path.

Two sets of files, each imported as `import_transcripts` does it: a worker process reads
and parses them (`read_files`) while this one stores them with `import_transcript` (one
transaction per briefing, a bulk `ImportRun`):

- the real transcripts of the repository's `corpus/` (or CORPUS_DIR): every folder but
  `seed/` (its one file has no header), the pages preferred to their text copies as
  `import_transcripts` does;
- 2,000 generated briefings of the fictional demo briefing room, 20 to 30 exchanges each
  (MFA-style plain text from `briefings/demo.py`, written to a temporary folder).

It prints, for each set, the parse time (a separate pass, in one process), the time spent
in `import_transcript`, the rates end to end (the wall-clock time of the import, parsing
included), the queries per briefing, the CPU time of the importer, of the parsing worker
and of the PostgreSQL backend (when the server runs on this machine), and the time 6,000
briefings would take, with the machine's load average (other work on the machine slows
every figure; the CPU times much less). The target: the MFA's whole
record (about 6,000 briefings of 20-30 exchanges) in under two minutes, i.e. 50
briefings a second or more.

It writes to the database, so run it against a scratch one (it migrates it, and refuses one
that already holds briefings unless given --flush, which rebuilds the archive's tables
first, with the entities the migrations start them with):

    createdb -h 127.0.0.1 -U postgres briefings_bench_import
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench_import
    .venv/bin/python bench/import.py [--generated 2000] [--flush]
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefings.parsing import Hints

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a scratch database (see this script's docstring).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    # Production settings: DEBUG off, so Django keeps no log of every query.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(16).hex())
    import django

    django.setup()


def measure(label: str, files: list[tuple[Path, Hints]]) -> None:
    """Parse, then import end to end as import_transcripts does, (path, hints) files."""
    from django.db import connection

    from briefings.importer import ImportRun, import_transcript, read_files
    from briefings.parsing import read_file

    queries = 0

    def count_query(
        execute: Callable, sql: str, params: object, many: bool, context: dict
    ) -> object:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    for path, hints in files:
        read_file(path, hints)
    parse_seconds = time.perf_counter() - started

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    backend_before, process_before = backend_cpu(backend), os.times()
    started = time.perf_counter()
    import_seconds = 0.0
    exchanges = 0
    statuses: dict[str, int] = {}
    run = ImportRun(bulk=True)  # one run for the set, as import_transcripts has
    with connection.execute_wrapper(count_query):
        # As import_transcripts reads: a worker process parses while this one imports.
        for (_, hints), read in zip(files, read_files(files), strict=True):
            if read.parsed is None:
                sys.exit(f"{read.path}: {read.error}")
            begun = time.perf_counter()
            done = import_transcript(
                read.parsed,
                raw_text=read.text,
                filename=read.path.name,
                hints=hints,
                run=run,
            )
            import_seconds += time.perf_counter() - begun
            exchanges += done.exchanges
            statuses[done.status] = statuses.get(done.status, 0) + 1
    total = time.perf_counter() - started
    after = os.times()
    importing = after.user + after.system - process_before.user - process_before.system
    parsing = (
        after.children_user
        + after.children_system
        - process_before.children_user
        - process_before.children_system
    )
    backend_seconds = backend_cpu(backend) - backend_before

    count = len(files)
    print(f"{label}: {count} briefings, {exchanges} exchanges ({statuses})")
    print(
        f"  parse   {parse_seconds:7.2f} s   {count / parse_seconds:8.1f} briefings/s"
        "   (alone, in one process)"
    )
    print(
        f"  import  {import_seconds:7.2f} s   {count / import_seconds:8.1f} briefings/s   "
        f"{exchanges / import_seconds:8.0f} exchanges/s   (import_transcript alone)"
    )
    print(
        f"  total   {total:7.2f} s   {count / total:8.1f} briefings/s   "
        f"{exchanges / total:8.0f} exchanges/s   (end to end, parsing in a second process)"
    )
    print(f"  queries {queries / count:7.1f} per briefing (and its commit)")
    backend_text = f"{backend_seconds:.2f} s" if backend_before >= 0 else "(not on this machine)"
    print(
        f"  CPU     {importing:7.2f} s importing, {parsing:.2f} s parsing in the worker, "
        f"{backend_text} in PostgreSQL's backend"
    )
    print(
        f"  6,000 briefings at this rate: {6000 / (count / total):.0f} s   "
        f"(load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after)"
    )


def backend_cpu(pid: int) -> float:
    """CPU seconds a PostgreSQL backend used so far, when it runs on this machine; else -1."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=2000, help="generated briefings")
    parser.add_argument("--flush", action="store_true", help="rebuild the archive's tables first")
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args()
    setup_django()

    from django.core.management import call_command

    from briefings import demo
    from briefings.importer import select_files
    from briefings.models import Briefing
    from briefings.parsing import NO_HINTS, Hints
    from briefings.search import tokenizer

    call_command("migrate", verbosity=0)
    if Briefing.objects.exists():
        if not args.flush:
            sys.exit("The database already holds briefings: use a scratch one, or --flush.")
        # Not `flush`: it would also empty what the migrations put in (starting entities).
        call_command("migrate", "briefings", "zero", verbosity=0)
        call_command("migrate", verbosity=0)
    tokenizer()  # jieba loads once per process; not an import cost

    corpus = Path(os.environ.get("CORPUS_DIR") or ROOT / "corpus")
    folders = [p for p in sorted(corpus.glob("*")) if p.is_dir() and p.name != "seed"]
    if folders and not args.no_corpus:
        measure(f"Corpus ({corpus})", [(path, NO_HINTS) for path in select_files(folders).files])
    elif not args.no_corpus:
        print(f"Corpus: no transcripts at {corpus}; skipped.")

    if args.generated:
        demo.ensure_demo_records()
        transcripts = demo.generate_transcripts(
            args.generated, start=datetime.date(2001, 1, 2), exchanges=(20, 30), seed=2000
        )
        # Written to files, as the ministry's record would be read.
        with tempfile.TemporaryDirectory() as folder:
            files = []
            for t in transcripts:
                path = Path(folder) / t.filename
                path.write_text(t.text, encoding="utf-8")
                hints = Hints(source="demo", date=t.date, spokesperson=t.spokesperson)
                files.append((path, hints))
            measure("Generated (fictional, MFA-style plain text)", files)


if __name__ == "__main__":
    main()
