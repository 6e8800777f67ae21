"""What the archive does when things break: it prints what happened, with figures.

Everything runs privately on this machine, on ports 18160-18169 (loopback only):
a PostgreSQL cluster of its own (Debian's initdb/pg_ctl, never the shared server), the
app under gunicorn as production runs it (DEBUG off), the committed nginx configuration
in front (bench/proxy.py) and a redis-server of its own. Four faults, in turn:

1. PostgreSQL restarted during a load run: errors only while it is down, then recovery
   with no restart of the app.
2. An import killed with SIGKILL half-way: no partial briefing; the re-run completes.
3. Slow clients (slowloris: headers sent a byte at a time, bounded in number and time)
   holding connections to nginx: other readers are still served.
4. Redis down: pages still served, no 500; /readyz says so.
5. A backup restored: pg_dump, pg_restore into a new database, every table's rows counted.

    .venv/bin/python bench/faults.py [--keep]

Needs nginx (nginx-light), openssl, redis-server and PostgreSQL 15's programs.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.proxy import start as start_proxy  # noqa: E402
from bench.proxy import write_local_config  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
WORK = Path("/tmp/briefing-archive-faults")
PG_PORT, APP_PORT, REDIS_PORT = 18160, 18161, 18165
PROXY_PORTS = (18162, 18163, 18164)
PYTHON = sys.executable
CORPUS = [str(ROOT / "corpus" / name) for name in ("mfa-en", "mfa-zh", "whitehouse")]


def say(text: str = "") -> None:
    """Print at once (the run is long)."""
    print(text, flush=True)


def run(*command: str, **options: object) -> subprocess.CompletedProcess:
    """Run a command, failing loudly with its output."""
    result = subprocess.run(command, capture_output=True, text=True, **options)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def as_postgres(*command: str) -> list[str]:
    """PostgreSQL's server programs refuse to run as root: run them as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class Cluster:
    """A private PostgreSQL 15 cluster under WORK/pg, on its own port."""

    def __init__(self) -> None:
        self.data = WORK / "pg"

    def init(self) -> None:
        """initdb a new cluster, owned by the user that runs it."""
        WORK.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(WORK, "postgres")
        run(*as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                         "--auth=trust", "--no-sync"))  # fmt: skip

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {PG_PORT} -k {WORK} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(*as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                         "-l", str(WORK / "pg.log"), "-w", "start"))  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (fast: disconnects every client, as a restart does)."""
        run(*as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"))

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/{database}"

    def sql(self, database: str, query: str) -> str:
        """One query's result through psql, as plain text."""
        return run("psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d",
                   database, "-tAc", query).stdout.strip()  # fmt: skip


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The production settings for the app in this run."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return {
        **env,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "faults-run-" + os.urandom(8).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        # TLS ends in front of the app in production; here the load comes in plain HTTP.
        "SECURE_SSL_REDIRECT": "0",
        "NUM_PROXIES": "1",
        # The readers here are one address asking hundreds of times a second: the API's
        # per-client limit would answer 429, which is not what is measured.
        "API_RATE": "1000000/minute",
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return run(PYTHON, "manage.py", *args, cwd=ROOT, env=env)


def start_app(env: dict[str, str]) -> subprocess.Popen:
    """gunicorn with the committed gunicorn.conf.py and 2 workers (this machine has 2 cores)."""
    app = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", "2", "--bind",
         f"127.0.0.1:{APP_PORT}", "--access-logfile", str(WORK / "access.log"),
         "archive_site.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(WORK / "app.log").open("a"),
    )  # fmt: skip
    wait_for(lambda: get(APP_PORT, "/healthz")[0] == 200, "the app")
    return app


def wait_for(ready: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up")


def get(port: int, path: str, timeout: float = 10, source: str = "127.0.0.1") -> tuple[int, bytes]:
    """One GET; the status, or 0 when the connection failed."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        connection.close()


class Load:
    """Readers asking for pages in a loop from threads; each answer is kept with its time."""

    def __init__(self, port: int, paths: list[str], readers: int = 4) -> None:
        self.port, self.paths, self.readers = port, paths, readers
        self.results: list[tuple[float, int, float]] = []  # (start, status, seconds)
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.read, args=(n,)) for n in range(readers)]

    def read(self, number: int) -> None:
        turn = number
        while not self.stopping.is_set():
            path = self.paths[turn % len(self.paths)]
            turn += 1
            began = time.monotonic()
            status, _ = get(self.port, path)
            with self.lock:
                self.results.append((began, status, time.monotonic() - began))

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def between(self, start: float, end: float) -> list[tuple[float, int, float]]:
        """The requests that ended in [start, end): a request cut off by a fault ends in it."""
        return [r for r in self.results if start <= r[0] + r[2] < end]


def describe(results: list[tuple[float, int, float]]) -> str:
    """Requests, statuses and latency of some results, in one line."""
    if not results:
        return "no requests"
    statuses = collections.Counter("failed" if s == 0 else str(s) for _, s, _ in results)
    times = sorted(seconds for _, _, seconds in results)
    p95 = times[int(0.95 * (len(times) - 1))]
    shown = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    return (
        f"{len(results)} requests ({shown}); p50 {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms"
    )


def pages(cluster: Cluster) -> list[str]:
    """A briefing page, an exchange page, a search and an API list of the imported corpus."""
    date, slug = cluster.sql(
        "briefings", "SELECT date, slug FROM briefings_briefing ORDER BY date LIMIT 1"
    ).split("|")
    day = date.replace("-", "/")
    return [f"/briefings/{day}/{slug}/", f"/briefings/{day}/{slug}/1/", "/search/?q=Taiwan",
            "/api/v1/briefings/"]  # fmt: skip


def postgres_restart(cluster: Cluster, paths: list[str]) -> None:
    say("1. PostgreSQL restarted during a load run (4 readers straight at the app)")
    with Load(APP_PORT, paths) as load:
        time.sleep(5)
        down = time.monotonic()
        cluster.stop()
        time.sleep(4)
        cluster.start()
        up = time.monotonic()
        time.sleep(8)
        end = time.monotonic()
    first_ok = min(
        (r[0] + r[2] for r in load.results if r[0] + r[2] >= up and r[1] == 200), default=None
    )
    after = load.between(up, end)
    errors_after = [r for r in after if r[1] != 200 and first_ok is not None and r[0] > first_ok]
    say(f"   before (5 s):        {describe(load.between(0, down))}")
    say(f"   down ({up - down:.1f} s):        {describe(load.between(down, up))}")
    say(f"   after restart (8 s): {describe(after)}")
    recovery = f"{(first_ok - up) * 1000:.0f} ms" if first_ok else "never"
    say(f"   first page served {recovery} after PostgreSQL accepted connections again; "
        f"{len(errors_after)} errors after that; the app was not restarted")  # fmt: skip


def killed_import(cluster: Cluster) -> None:
    say("2. An import killed with SIGKILL half-way (corpus/: every file its own transaction)")
    run("createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "import_kill")
    env = app_env(cluster.url("import_kill"))
    manage(env, "migrate", "--no-input", "-v0")
    command = [PYTHON, "manage.py", "import_transcripts", *CORPUS]
    importer = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
    started = time.monotonic()
    # Kill it once a few files are in and the next one's transaction is open, so the kill
    # lands inside an import rather than between two.
    open_transactions = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'import_kill' "
        "AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"
    )
    in_transaction = False
    while importer.poll() is None:
        stored = int(cluster.sql("import_kill", "SELECT count(*) FROM briefings_briefing"))
        if stored >= 3 and int(cluster.sql("import_kill", open_transactions)) > 0:
            importer.send_signal(signal.SIGKILL)
            in_transaction = True
            break
        time.sleep(0.01)
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    killed_after = time.monotonic() - started
    check = (
        "SELECT count(*) FROM briefings_briefing b WHERE NOT EXISTS (SELECT 1 FROM "
        "briefings_transcriptrevision r WHERE r.briefing_id = b.id) OR NOT EXISTS (SELECT 1 "
        "FROM briefings_question q WHERE q.briefing_id = b.id)"
    )
    held = cluster.sql("import_kill", "SELECT count(*) FROM briefings_briefing")
    partial = cluster.sql("import_kill", check)
    say(f"   killed after {killed_after:.1f} s, inside an open transaction: {in_transaction}; "
        f"{held} briefings stored")  # fmt: skip
    say(f"   briefings without their revision or without exchanges: {partial}")
    # Each stored briefing holds every exchange its stored transcript has.
    mismatched = exchange_mismatches(env)
    say(f"   briefings whose exchanges differ from their transcript: {mismatched}")
    began = time.monotonic()
    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    summary = [line for line in rerun.stdout.splitlines() if "imported:" in line][-1:]
    total = cluster.sql("import_kill", "SELECT count(*) FROM briefings_briefing")
    say(f"   re-run: exit {rerun.returncode} in {time.monotonic() - began:.1f} s, "
        f"{total} briefings; {summary[0] if summary else ''}")  # fmt: skip
    say(f"   after the re-run, mismatches: {exchange_mismatches(env)}")


def exchange_mismatches(env: dict[str, str]) -> int:
    """Briefings whose stored exchanges are not those of their latest transcript, re-parsed."""
    script = (
        "import django; django.setup()\n"
        "from briefings.models import Briefing\n"
        "from briefings.importer import read_transcript\n"
        "bad = 0\n"
        "for b in Briefing.objects.prefetch_related('revisions'):\n"
        "    revision = max(b.revisions.all(), key=lambda r: r.number)\n"
        "    _, parsed = read_transcript(revision.raw_text, filename=revision.filename or 'x')\n"
        "    asked = sum(1 for turn in parsed.turns if turn.kind == 'question')\n"
        "    bad += asked != b.questions.count()\n"
        "print(bad)\n"
    )
    result = run(PYTHON, "-c", script, cwd=ROOT,
                 env={**env, "DJANGO_SETTINGS_MODULE": "archive_site.settings"})  # fmt: skip
    return int(result.stdout.strip().splitlines()[-1])


def slowloris(port: int, count: int, seconds: float, source: str) -> list[float]:
    """Open `count` connections from `source` that send a header line a byte at a time;
    return how long each stayed open (bounded by `seconds`)."""
    lasted: list[float] = []
    lock = threading.Lock()

    def one() -> None:
        began = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=seconds,
                                          source_address=(source, 0)) as sock:  # fmt: skip
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                while time.monotonic() - began < seconds:
                    sock.sendall(b"X")
                    time.sleep(1)
                    sock.setblocking(False)
                    try:
                        if sock.recv(1) == b"":
                            break  # the server closed it
                    except BlockingIOError:
                        pass
                    finally:
                        sock.setblocking(True)
        except OSError:
            pass
        with lock:
            lasted.append(time.monotonic() - began)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return lasted


def slow_clients(paths: list[str], proxy_port: int) -> None:
    say("3. Slow clients (slowloris from 127.0.0.2, 200 connections, at most 25 s)")
    for name, port, count in (("through nginx", proxy_port, 200), ("gunicorn alone", APP_PORT, 8)):
        held: list[float] = []
        holder = threading.Thread(
            target=lambda p=port, c=count, into=held: into.extend(slowloris(p, c, 25, "127.0.0.2"))
        )
        with Load(port, paths, readers=2) as baseline:
            time.sleep(3)
        holder.start()
        time.sleep(2)
        with Load(port, paths, readers=2) as during:
            time.sleep(8)
        holder.join()
        closed = sorted(held)
        say(f"   {name}: without slow clients {describe(baseline.results)}")
        say(f"   {name}: with {count} slow clients  {describe(during.results)}")
        say(f"   {name}: slow connections lasted p50 {statistics.median(closed):.1f} s, "
            f"max {closed[-1]:.1f} s")  # fmt: skip


def redis_down(cluster: Cluster, paths: list[str]) -> None:
    say("4. Redis down (a private redis-server the app uses as its cache, stopped)")
    redis = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    env = app_env(cluster.url("briefings"), REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0")
    app = start_app(env)
    try:
        say(f"   Redis up:   /readyz {get(APP_PORT, '/readyz')[1].decode().strip()}")
        with Load(APP_PORT, paths) as up:
            time.sleep(4)
        redis.terminate()
        redis.wait()
        with Load(APP_PORT, paths) as down:
            time.sleep(6)
        status, body = get(APP_PORT, "/readyz")
        say(f"   Redis up:   {describe(up.results)}")
        say(f"   Redis down: {describe(down.results)}")
        say(f"   Redis down: /readyz {status} {body.decode().strip()}")
    finally:
        app.terminate()
        app.wait()
        if redis.poll() is None:
            redis.terminate()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help=f"leave {WORK} for inspection")
    args = parser.parse_args()
    for program in ("nginx", "redis-server", "openssl"):
        if not (shutil.which(program) or Path(f"/usr/sbin/{program}").exists()):
            raise SystemExit(f"{program} is needed: apt-get install nginx-light redis-server")
    if WORK.exists():
        shutil.rmtree(WORK)
    with open("/proc/loadavg") as loadavg:
        say(f"load average at the start: {loadavg.read().split()[:3]}")
    cluster = Cluster()
    cluster.init()
    cluster.start()
    app = nginx = None
    try:
        run("createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "briefings")
        env = app_env(cluster.url("briefings"))
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        manage(env, "import_transcripts", *CORPUS)
        say(f"archive: {cluster.sql('briefings', 'SELECT count(*) FROM briefings_question')} "
            f"exchanges in {cluster.sql('briefings', 'SELECT count(*) FROM briefings_briefing')} "
            "briefings (corpus/)")  # fmt: skip
        paths = pages(cluster)
        say(f"pages read: {', '.join(paths)}")
        say()
        app = start_app(env)
        postgres_restart(cluster, paths)
        say()
        killed_import(cluster)
        say()
        proxy = write_local_config(WORK / "nginx", [APP_PORT], *PROXY_PORTS)
        nginx = start_proxy(proxy)
        slow_clients(paths, proxy.plain_port)
        nginx.terminate()
        nginx.wait()
        nginx = None
        app.terminate()
        app.wait()
        app = None
        say()
        redis_down(cluster, paths)
        say()
        say("5. Backup and restore (scripts/backup_restore_check.sh: pg_dump, pg_restore "
            "into a new database, row counts compared)")  # fmt: skip
        checked = run("scripts/backup_restore_check.sh", cluster.url("briefings"), cwd=ROOT)
        for line in checked.stdout.splitlines():
            say(f"   {line}")
    finally:
        for process in (nginx, app):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait()
        cluster.stop()
        if not args.keep:
            shutil.rmtree(WORK, ignore_errors=True)
    with open("/proc/loadavg") as loadavg:
        say(f"\nload average at the end: {loadavg.read().split()[:3]}")


if __name__ == "__main__":
    main()
