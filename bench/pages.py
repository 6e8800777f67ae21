"""How many readers the reading pages serve at once: the app alone, cold and warm, and
through the caching front proxy, each beside what nginx serves the same page at as a file.

It starts the app as production does (gunicorn with gunicorn.conf.py, DEBUG off) twice:
"cold" with the page cache off (every answer rendered: the cost of rendering), and
"warm" with the page cache on in Redis (each page asked for once first). Then nginx,
once, serving both the permalink's HTML as a static file (the ceiling) and, on another
port, the warm app through deploy/nginx/'s page cache ("proxy"). wrk drives each page at
each concurrency for a few seconds and the script prints requests per second, the
p50/p95/p99 latency in milliseconds, the errors (connection errors, answers of 400 or
more, and requests unanswered after 30 seconds) and each rate as a share of the static
ceiling at the same concurrency (measured again just before the proxy's rows).

Pages: home, a month archive, a briefing (the largest), an exchange permalink, a topic,
a search and the API's exchange list. The machine's load average is printed before and
after: measure when it is low, and keep the run short (the defaults take about 10 minutes).

Run it against a database holding a generated archive of at least 100,000 exchanges:

    createdb -h 127.0.0.1 -U postgres briefings_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench
    .venv/bin/python bench/pages.py --generate        # generate_corpus --briefings 4000 first
    .venv/bin/python bench/pages.py [--seconds 5] [--concurrency 1 8 64 256]
        [--modes cold warm proxy] [--pages permalink home] [--redis-url redis://…]

Needs wrk and nginx (Debian: apt-get install wrk nginx-light) and a Redis server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIN_EXCHANGES = 100_000
# wrk prints its summary through this script: the percentiles it does not print itself.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration":%d,"errors":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def load() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_archive(generate: bool) -> None:
    """Check the database holds a large enough archive; generate one when asked."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    from django.core.management import call_command

    from briefings.models import Question

    call_command("migrate", verbosity=0)
    if generate and Question.objects.count() < MIN_EXCHANGES:
        call_command("generate_corpus", briefings=MIN_EXCHANGES // 25)
    count = Question.objects.count()
    if count < MIN_EXCHANGES:
        raise SystemExit(f"{count:,} exchanges: this needs {MIN_EXCHANGES:,} (use --generate)")
    print(f"archive: {count:,} exchanges")


def choose_pages() -> dict[str, str]:
    """One address of each kind, from the archive at hand."""
    from django.db.models import Count

    from briefings.models import Briefing, Topic

    briefing = (
        Briefing.objects.published()
        .annotate(n=Count("questions"))
        .order_by("-n", "-date")
        .select_related("source")
        .first()
    )
    if briefing is None:
        raise SystemExit("No published briefing.")
    middle = briefing.questions.order_by("position")[briefing.n // 2]  # type: ignore[attr-defined]
    topic = Topic.objects.annotate(n=Count("exchange_links")).order_by("-n").first()
    return {
        "home": "/",
        "month": f"/briefings/{briefing.date:%Y/%m}/",
        "briefing": briefing.get_absolute_url(),
        "permalink": middle.get_absolute_url(),
        "topic": topic.get_absolute_url() if topic else "/topics/",
        "search": "/search/?q=minister",
        "api": "/api/v1/exchanges/",
    }


def server_env(page_cache: bool, redis_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "ERROR",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "PAGE_CACHE": "1" if page_cache else "0",
        # The API's per-client limit would turn the benchmark's requests into 429s.
        "API_RATE": "100000000/minute",
    }
    if page_cache:
        env["REDIS_URL"] = redis_url
    return env


def start_app(port: int, page_cache: bool, redis_url: str) -> subprocess.Popen:
    """gunicorn with gunicorn.conf.py and production settings; waits until it answers."""
    env = server_env(page_cache, redis_url)
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "archive_site.wsgi", "-c", "gunicorn.conf.py"], cwd=ROOT, env=env
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port}")


def start_nginx(folder: Path, static_port: int, proxy_port: int, app_port: int) -> Path:
    """nginx serving `folder/static/` and, through deploy/nginx/'s cache, the app."""
    for name in ("static", "cache", "temp"):
        (folder / name).mkdir(exist_ok=True)
    cache = (ROOT / "deploy/nginx/cache.conf").read_text()
    cache = cache.replace("/var/cache/nginx/archive", str(folder / "cache"))
    (folder / "cache.conf").write_text(cache)
    temp = folder / "temp"
    config = folder / "nginx.conf"
    config.write_text(
        f"""
user root;
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    default_type text/html;
    sendfile on;
    keepalive_requests 1000000;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/cache.conf;
    upstream archive {{ server 127.0.0.1:{app_port}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{static_port} backlog=4096;
        root {folder}/static;
    }}
    server {{
        listen 127.0.0.1:{proxy_port} backlog=4096;
        location / {{
            include {ROOT}/deploy/nginx/cache-location.conf;
            proxy_pass http://archive;
        }}
    }}
}}
"""
    )
    subprocess.run(["nginx", "-c", str(config), "-e", str(folder / "error.log")], check=True)
    return folder / "nginx.pid"


def wrk(url: str, connections: int, seconds: int, script: Path) -> dict[str, float]:
    """One point: wrk at this concurrency; requests/s, latency percentiles in ms, errors."""
    threads = min(connections, 2)
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
    raw = json.loads(line)
    return {
        "rps": raw["requests"] / (raw["duration"] / 1e6),
        "p50": raw["p50"] / 1000,
        "p95": raw["p95"] / 1000,
        "p99": raw["p99"] / 1000,
        "errors": raw["errors"],
    }


def prime(base: str, pages: dict[str, str]) -> None:
    """Ask for every page once, so the caches hold them (and check each answers 200)."""
    for name, path in pages.items():
        with urllib.request.urlopen(base + path, timeout=120) as response:
            if response.status != 200:
                raise SystemExit(f"{name} {path} answered {response.status}")
            response.read()


def print_row(mode: str, page: str, c: int, point: dict[str, float], ceiling: float) -> None:
    share = 100 * point["rps"] / ceiling if ceiling else 0.0
    print(
        f"| {mode} | {page} | {c} | {point['rps']:,.0f} | {point['p50']:.1f} | "
        f"{point['p95']:.1f} | {point['p99']:.1f} | {point['errors']:.0f} | {share:.2f}% |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 64, 256])
    parser.add_argument("--modes", nargs="+", default=["cold", "warm", "proxy"])
    parser.add_argument("--pages", nargs="+", default=None)
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    parser.add_argument("--generate", action="store_true")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (apt-get install wrk nginx-light)")

    prepare_archive(args.generate)
    pages = choose_pages()
    if args.pages:
        pages = {name: pages[name] for name in args.pages}
    env = server_env(False, args.redis_url)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(f"load average before: {load()}")
    for name, path in pages.items():
        print(f"{name}: {path}")

    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    script = folder / "report.lua"
    script.write_text(WRK_REPORT)
    cold_port, warm_port, static_port, proxy_port = (free_port() for _ in range(4))
    processes: list[subprocess.Popen] = []
    nginx_pid: Path | None = None
    try:
        warm = start_app(warm_port, True, args.redis_url)
        processes.append(warm)
        # The permalink's own HTML, as the app renders it, served as a file.
        with urllib.request.urlopen(
            f"http://127.0.0.1:{warm_port}{pages.get('permalink', '/')}"
        ) as r:
            html = r.read()
        nginx_pid = start_nginx(folder, static_port, proxy_port, warm_port)
        (folder / "static" / "permalink.html").write_bytes(html)
        print(f"permalink HTML: {len(html):,} bytes")

        print("\n| mode | page | c | req/s | p50 ms | p95 ms | p99 ms | errors | of static |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        ceiling: dict[int, float] = {}
        for c in args.concurrency:
            point = wrk(f"http://127.0.0.1:{static_port}/permalink.html", c, args.seconds, script)
            ceiling[c] = point["rps"]
            print_row("static nginx", "permalink", c, point, ceiling[c])

        for mode in args.modes:
            if mode == "cold":
                cold = start_app(cold_port, False, args.redis_url)
                processes.append(cold)
                base = f"http://127.0.0.1:{cold_port}"
            else:
                base = f"http://127.0.0.1:{warm_port if mode == 'warm' else proxy_port}"
                prime(base, pages)
            if mode == "proxy":
                # The ceiling again, just before: the machine's load moves within a run.
                for c in args.concurrency:
                    point = wrk(
                        f"http://127.0.0.1:{static_port}/permalink.html", c, args.seconds, script
                    )
                    ceiling[c] = point["rps"]
                    print_row("static nginx", "permalink", c, point, ceiling[c])
            for name, path in pages.items():
                if mode == "cold":
                    # Every worker's first answers (connections, jieba's dictionary) are
                    # not what a running server costs: two seconds unmeasured first.
                    wrk(base + path, 12, 2, script)
                for c in args.concurrency:
                    point = wrk(base + path, c, args.seconds, script)
                    print_row(mode, name, c, point, ceiling[c])
            if mode == "cold":
                cold.terminate()
                cold.wait()
                processes.remove(cold)
        print(f"\nload average after: {load()}")
    finally:
        if nginx_pid is not None and nginx_pid.exists():
            subprocess.run(["kill", "-QUIT", nginx_pid.read_text().strip()], check=False)
        for process in processes:
            process.terminate()
            process.wait()
        time.sleep(0.5)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
