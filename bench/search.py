"""How fast /search/ answers on a large archive, against a naive query and grep.

It starts gunicorn itself (127.0.0.1, 2 workers, DEBUG off), asks /search/ a fixed set
of queries over HTTP, each answer with its facet counts, chart and first page, and prints
the p50 and p95 latency of each. In the same run it measures two baselines on the same
data: the naive ORM query (`icontains` on question and answer text, in-process) and
`grep -c` (and `rg -c` when installed) over the exchanges written out as text files.

Run it against a dedicated database filled with the synthetic archive:

    createdb -h 127.0.0.1 -U postgres briefings_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_corpus --briefings 40000   # 1,000,000 exchanges
    .venv/bin/python bench/search.py [--runs 40] [--naive-runs 3]
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--naive-runs", type=int, default=1)
    parser.add_argument("--text-dir", default="/tmp/briefing-archive-bench-text")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the database to measure (see the docstring).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.db.models import Q

    from briefings.management.commands.generate_corpus import fictional_word
    from briefings.models import Question

    exchanges = Question.objects.count()
    rare = fictional_word(3599)  # the rarest word of the vocabulary's long tail
    queries = [
        ("common word", {"q": "cooperation"}, "cooperation"),
        ("rare word", {"q": rare}, rare),
        ("phrase", {"q": '"unfounded and irresponsible"'}, "unfounded and irresponsible"),
        (
            "word + dates + spokesperson",
            {
                "q": "security",
                "from": "2010-01-01",
                "to": "2012-12-31",
                "spokesperson": "synthetic-mira-tallis",
            },
            "security",
        ),
        ("Chinese word", {"q": "合作"}, "合作"),
        ("no hits", {"q": "zyxwvut"}, "zyxwvut"),
    ]
    print(f"Archive: {exchanges:,} exchanges. Runs per query: {args.runs}.")

    port = free_port()
    server = start_server(port)
    search_p50: dict[str, float] = {}
    try:
        print("\n/search/ over HTTP (gunicorn, 2 workers, DEBUG off), with facets and chart:")
        print(f"  {'query':30} {'matches':>10} {'p50 ms':>8} {'p95 ms':>8}")
        for name, params, _ in queries:
            url = f"http://127.0.0.1:{port}/search/?" + urllib.parse.urlencode(params)
            for _ in range(3):  # warm both workers (jieba, caches)
                body = fetch(url)
            times = timed(lambda url=url: fetch(url), args.runs)
            text = body.decode()
            matches = "0"
            if 'class="search-count">' in text:
                heading = text.split('class="search-count">')[1].split("<")[0]
                if " of " in heading:
                    matches = heading.split(" of ")[-1].removeprefix("about ").split(" ")[0]
                    matches = ("~" if "about" in heading else "") + matches
            search_p50[name] = statistics.median(times)
            print(
                f"  {name:30} {matches:>10} {statistics.median(times):8.1f} "
                f"{percentile(times, 95):8.1f}"
            )
    finally:
        server.terminate()
        server.wait()

    print("\nNaive ORM query (icontains on question or answer text; count + first 20), in-process:")
    print(f"  {'query':30} {'matches':>10} {'p50 ms':>8} {'speed-up':>9}")
    for name, _, needle in queries:
        if name not in {"common word", "rare word", "phrase", "no hits"}:
            continue
        naive = (
            Question.objects.filter(Q(text__icontains=needle) | Q(answers__text__icontains=needle))
            .distinct()
            .order_by("-briefing__date")
        )

        def run(naive=naive) -> int:
            list(naive.values_list("id", flat=True)[:20])
            return naive.count()

        found = run()
        times = timed(run, args.naive_runs)
        p50 = statistics.median(times)
        print(f"  {name:30} {found:>10,} {p50:8.0f} {p50 / search_p50[name]:8.0f}×")

    files = write_text_files(Path(args.text_dir))
    tools = [("grep -c -i -F", ["grep", "-c", "-i", "-F"])]
    if shutil.which("rg"):
        tools.append(("rg -c -i -F", ["rg", "-c", "-i", "-F"]))
    for label, command in tools:
        print(f"\n{label} over {len(files)} text files (one exchange per line):")
        for name, _, needle in queries:
            if name not in {"common word", "rare word", "phrase", "no hits"}:
                continue
            full = [*command, needle, *map(str, files)]

            def run(full=full) -> int:
                result = subprocess.run(full, capture_output=True, text=True)
                return sum(int(line.rsplit(":", 1)[1]) for line in result.stdout.splitlines())

            found = run()
            times = timed(run, args.naive_runs)
            p50 = statistics.median(times)
            print(f"  {name:30} {found:>10,} {p50:8.0f} ms {p50 / search_p50[name]:6.0f}×")


if __name__ == "__main__":
    main()
