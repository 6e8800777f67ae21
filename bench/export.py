"""How fast the exports stream, and in how much memory, for 10k, 100k and 1M exchanges.

For each size and format it starts gunicorn afresh (127.0.0.1, one sync worker, DEBUG
off), asks /search/export.csv or /search/export.jsonl over HTTP for that many exchanges
(a `from` date that selects them; the whole archive for the largest size), reads the
stream to the end, checks the rows (the CSV is parsed with the csv module), and prints
rows per second, megabytes sent, and the worker's resident memory before the export and
at its peak (VmHWM from /proc). A fresh worker per run, so each peak is that export's.
Flat memory means the peak is the same for a million rows as for ten thousand.

Run it against a dedicated database filled with the synthetic archive (as bench/search.py):

    createdb -h 127.0.0.1 -U postgres briefings_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_corpus --briefings 40000   # 1,000,000 exchanges
    .venv/bin/python bench/export.py [--sizes 10000 100000 1000000] [--formats csv jsonl]

The machine's load average is printed before and after: measure when it is low.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Run:
    """One export measured."""

    format: str
    asked: int
    rows: int
    seconds: float
    megabytes: float
    rss_before: float
    rss_peak: float


def load() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> tuple[subprocess.Popen, int]:
    """gunicorn with production settings and one worker; returns it and its worker's pid."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "EXPORT_RATE": "1000/minute",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # A sync worker holds a request for as long as it streams: a million rows take
    # longer than gunicorn's default 30-second timeout.
    command = [str(gunicorn), "archive_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"]
    process = subprocess.Popen([*command, "--timeout", "900"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            # An export that selects nothing loads everything an export needs.
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/search/export.csv?from=2999-01-01", timeout=5
            ).read()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.terminate()
        raise SystemExit(f"gunicorn did not answer on port {port}")
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return process, int(children[0])


def memory(pid: int, field: str) -> float:
    """A memory figure of a process from /proc, in megabytes (VmRSS now, VmHWM its peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no {field} for process {pid}")


def from_date_for(rows: int) -> str | None:
    """The earliest date whose exchanges, with all later ones, number about `rows`."""
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM briefings_question WHERE briefing_published")
        total = cursor.fetchone()[0]
        if rows >= total:
            return None
        cursor.execute(
            "SELECT briefing_date FROM briefings_question WHERE briefing_published"
            " ORDER BY briefing_date DESC, id DESC OFFSET %s LIMIT 1",
            [rows - 1],
        )
        return cursor.fetchone()[0].isoformat()


def count_rows(stream: io.BufferedIOBase, format: str) -> tuple[int, int]:
    """Rows and bytes read from an export's stream; a CSV is parsed as a spreadsheet would."""
    counted = CountingReader(stream)
    # Buffered: a raw stream read line by line is read a byte at a time.
    buffered = io.BufferedReader(counted, 1 << 16)
    if format == "csv":
        text = io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")
        rows = sum(1 for _ in csv.reader(text)) - 1  # less the header
    else:
        rows = sum(1 for _ in buffered)
    return rows, counted.bytes


class CountingReader(io.RawIOBase):
    """A stream that counts the bytes read through it."""

    def __init__(self, stream: io.BufferedIOBase) -> None:
        self.stream, self.bytes = stream, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.bytes += len(data)
        return len(data)


def measure(format: str, asked: int) -> Run:
    """One export of about `asked` rows from a fresh server."""
    since = from_date_for(asked)
    query = urllib.parse.urlencode({"from": since, "sort": "oldest"} if since else {})
    port = free_port()
    process, worker = start_server(port)
    try:
        before = memory(worker, "VmRSS")
        started = time.perf_counter()
        url = f"http://127.0.0.1:{port}/search/export.{format}?{query}"
        with urllib.request.urlopen(url, timeout=900) as response:
            rows, size = count_rows(response, format)
        seconds = time.perf_counter() - started
        peak = memory(worker, "VmHWM")
    finally:
        process.terminate()
        process.wait()
    return Run(format, asked, rows, seconds, size / 1e6, before, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "jsonl"])
    args = parser.parse_args()
    print(f"load average before: {load()}")
    print(
        f"{'format':<7}{'rows':>11}{'seconds':>9}{'rows/s':>9}{'MB':>8}"
        f"{'RSS before':>12}{'RSS peak':>10}"
    )
    for asked in args.sizes:
        for format in args.formats:
            run = measure(format, asked)
            print(
                f"{run.format:<7}{run.rows:>11,}{run.seconds:>9.1f}"
                f"{run.rows / run.seconds:>9,.0f}{run.megabytes:>8.0f}"
                f"{run.rss_before:>10.0f}MB{run.rss_peak:>8.0f}MB",
                flush=True,
            )
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
