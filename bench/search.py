"""How fast /search/ answers on a large archive, against a naive query and grep.

It starts gunicorn itself (127.0.0.1, 2 workers, DEBUG off), asks /search/ a fixed set
of queries over HTTP, each answer with its facet counts, chart and first page, and prints
the p50 and p95 latency of each. In the same run it measures two baselines on the same
data and prints them beside it with the speed-up: the naive ORM query (`icontains` on
question and answer text, with the same filters, counting the matches and reading the
newest 20, in-process) and `grep -c` (and `rg -c` when installed) over the exchanges
written out as text files, one exchange a line (the query with filters has no text-file
equivalent). A speed-up is the baseline's median divided by the search's p95.

Target: p95 under 100 ms for every query, and at least 20 times faster than the naive
query. The machine's load average is printed before and after: measure when it is low.

Run it against a dedicated database filled with the synthetic archive:

    createdb -h 127.0.0.1 -U postgres briefings_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_corpus --briefings 40000   # 1,000,000 exchanges
    apt-get install ripgrep    # optional: adds the rg baseline
    .venv/bin/python bench/search.py [--runs 40] [--naive-runs 1]

The text files (about 1 GB) are kept in --text-dir between runs; delete them after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Query:
    """One query of the set: what /search/ is asked, and what the baselines look for."""

    name: str
    params: dict[str, str]
    needle: str
    filters: dict[str, object] = field(default_factory=dict)
    text_files: bool = True


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def load() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
    }


def start_server(port: int) -> subprocess.Popen:
    """gunicorn serving the archive with production settings; waits until it answers."""
    env = server_env()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "archive_site.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/search/", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port}")


def timed(call: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds per call, over runs calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        return response.read()


def shown_count(html: str) -> str:
    """The number of matches the page states ("~" before an estimate)."""
    if 'class="search-count">' not in html:
        return "?"
    heading = html.split('class="search-count">')[1].split("<")[0]
    if " of " not in heading:
        return "0"
    count = heading.split(" of ")[-1].removeprefix("about ").split(" ")[0]
    return ("~" if "about" in heading else "") + count


def write_text_files(folder: Path) -> list[Path]:
    """Every published exchange as one line of text, in files of 50,000 lines."""
    from django.db import connection

    marker = folder / ".complete"
    if marker.exists():
        return sorted(folder.glob("*.txt"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sql = (
        "COPY (SELECT replace(q.text || ' ' || coalesce(string_agg(a.text, ' '), ''), "
        "E'\\n', ' ') FROM briefings_question q LEFT JOIN briefings_answer a "
        "ON a.question_id = q.id GROUP BY q.id ORDER BY q.id) TO STDOUT"
    )
    files, lines, out = [], 0, None
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in copy.rows():
            if lines % 50_000 == 0:
                if out:
                    out.close()
                files.append(folder / f"exchanges-{len(files):03d}.txt")
                out = files[-1].open("w", encoding="utf-8")
            out.write(row[0] + "\n")
            lines += 1
    if out:
        out.close()
    marker.touch()
    return files


def measure_search(queries: list[Query], runs: int) -> dict[str, tuple[str, list[float]]]:
    """Each query over HTTP: what the page says it found, and the times of `runs` answers."""
    port = free_port()
    server = start_server(port)
    found = {}
    try:
        for query in queries:
            url = f"http://127.0.0.1:{port}/search/?" + urllib.parse.urlencode(query.params)
            for _ in range(3):  # warm both workers (jieba, caches)
                body = fetch(url)
            html = body.decode()
            count = shown_count(html)
            if count != "0" and not ("<svg" in html and 'class="search-facet"' in html):
                raise SystemExit(f"{query.name}: the page lacks its chart or facets")
            found[query.name] = (count, timed(lambda url=url: fetch(url), runs))
    finally:
        server.terminate()
        server.wait()
    return found


def measure_naive(query: Query, runs: int) -> tuple[int, float]:
    """The ORM's icontains over question and answer text, with the query's filters."""
    from django.db.models import Q

    from briefings.models import Question

    naive = (
        Question.objects.filter(briefing__is_published=True, **query.filters)
        .filter(Q(text__icontains=query.needle) | Q(answers__text__icontains=query.needle))
        .distinct()
        .order_by("-briefing__date")
    )

    def run() -> int:
        list(naive.values_list("id", flat=True)[:20])
        return naive.count()

    return run(), statistics.median(timed(run, runs))


def measure_tool(
    command: list[str], query: Query, files: list[Path], runs: int
) -> tuple[int, float]:
    """A line-counting tool over the text files: lines found and median milliseconds."""
    full = [*command, query.needle, *map(str, files)]

    def run() -> int:
        result = subprocess.run(full, capture_output=True, text=True)
        return sum(int(line.rsplit(":", 1)[1]) for line in result.stdout.splitlines())

    return run(), statistics.median(timed(run, runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--naive-runs", type=int, default=1)
    parser.add_argument("--text-dir", default="/tmp/briefing-archive-bench-text")
    parser.add_argument(
        "--search-only", action="store_true", help="Skip the baselines (minutes each run)."
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the database to measure (see the docstring).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ["DEBUG"] = "0"  # no log of every query in this process either
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(16).hex())
    import django

    django.setup()
    import datetime

    from briefings.management.commands.generate_corpus import fictional_word
    from briefings.models import Entity, Question

    exchanges = Question.objects.count()
    rare = fictional_word(3599)  # the rarest word of the vocabulary's long tail
    spokesperson = "synthetic-mira-tallis"
    queries = [
        Query("common word", {"q": "cooperation"}, "cooperation"),
        Query("rare word", {"q": rare}, rare),
        Query("phrase", {"q": '"unfounded and irresponsible"'}, "unfounded and irresponsible"),
        Query(
            "word + dates + spokesperson",
            {
                "q": "security",
                "from": "2010-01-01",
                "to": "2012-12-31",
                "spokesperson": spokesperson,
            },
            "security",
            filters={
                "briefing__date__gte": datetime.date(2010, 1, 1),
                "briefing__date__lte": datetime.date(2012, 12, 31),
                "briefing__spokespersons": Entity.objects.filter(slug=spokesperson).first(),
            },
            text_files=False,
        ),
        Query("Chinese word", {"q": "合作"}, "合作"),
        Query("no hits", {"q": "zyxwvut"}, "zyxwvut"),
    ]
    print(f"Archive: {exchanges:,} exchanges. {os.cpu_count()} cores. Load average: {load()}.")
    print(f"/search/ over HTTP (gunicorn, 2 workers, DEBUG off), {args.runs} answers per query…")
    search = measure_search(queries, args.runs)
    print(f"Load average after: {load()}.")
    if args.search_only:
        for query in queries:
            count, times = search[query.name]
            print(
                f"  {query.name:28} {count:>10} p50 {statistics.median(times):6.1f} ms"
                f"  p95 {percentile(times, 95):6.1f} ms"
            )
        return

    print(f"Baselines, median of {args.naive_runs} run(s) each…")
    naive = {q.name: measure_naive(q, args.naive_runs) for q in queries}
    files = write_text_files(Path(args.text_dir))
    tools = [("grep", ["grep", "-c", "-i", "-F"])]
    if shutil.which("rg"):
        tools.append(("rg", ["rg", "-c", "-i", "-F"]))
    baselines = {
        label: {
            q.name: measure_tool(command, q, files, args.naive_runs)
            for q in queries
            if q.text_files
        }
        for label, command in tools
    }
    print(f"Load average after the baselines: {load()}.\n")

    header = f"{'query':28} {'matches':>10} {'p50 ms':>7} {'p95 ms':>7} │ {'naive ms':>9} {'×':>5}"
    for label, _ in tools:
        header += f" │ {label + ' -c ms':>10} {'×':>4}"
    print(header)
    print("─" * len(header))
    for query in queries:
        count, times = search[query.name]
        p95 = percentile(times, 95)
        naive_found, naive_ms = naive[query.name]
        line = (
            f"{query.name:28} {count:>10} {statistics.median(times):7.1f} {p95:7.1f} │ "
            f"{naive_ms:9.0f} {naive_ms / p95:5.0f}"
        )
        for label, _ in tools:
            if query.name in baselines[label]:
                _, tool_ms = baselines[label][query.name]
                line += f" │ {tool_ms:10.0f} {tool_ms / p95:4.0f}"
            else:
                line += f" │ {'n/a':>10} {'':>4}"
        print(line)
    print(
        "\nmatches: as the page states them (~ estimated from a sample). The baselines find "
        "other counts: icontains and grep match substrings, not words."
    )
    for query in queries:
        found = [f"naive {naive[query.name][0]:,}"]
        found += [
            f"{label} {baselines[label][query.name][0]:,}"
            for label, _ in tools
            if query.name in baselines[label]
        ]
        print(f"  {query.name:28} {', '.join(found)}")
    slow = [q.name for q in queries if percentile(search[q.name][1], 95) >= 100]
    behind = [q.name for q in queries if naive[q.name][1] / percentile(search[q.name][1], 95) < 20]
    print(
        "\nTarget p95 < 100 ms: "
        + ("met by every query." if not slow else f"missed by {', '.join(slow)}.")
    )
    print(
        "Target ≥ 20× the naive query: "
        + ("met by every query." if not behind else f"missed by {', '.join(behind)}.")
    )


if __name__ == "__main__":
    main()
