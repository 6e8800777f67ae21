"""The production shape: docker-compose.yml and the committed nginx and PostgreSQL files.

Docker itself does not run here; what can be checked without it is: the compose file is
valid and names files that exist, and nginx accepts and serves with the committed
configuration in front of the real app.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from bench.proxy import check_config, start, write_local_config

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def need(program: str) -> str:
    """The program's path, or a skip naming it (a failure where CI installs it)."""
    path = shutil.which(program) or (f"/usr/sbin/{program}" if program == "nginx" else None)
    if path and Path(path).exists():
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{program} is not installed; .ci/run installs it")
    pytest.skip(f"{program} is not installed")


@pytest.fixture(scope="module")
def compose() -> dict:
    """docker-compose.yml as docker-compose reads it, with the two required variables."""
    program = need("docker-compose")
    result = subprocess.run(
        [program, "config"],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "ci", "POSTGRES_PASSWORD": "ci"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_has_proxy_app_servers_primary_replica_and_cache(compose):
    services = compose["services"]
    assert {"proxy", "migrate", "web1", "web2", "web3", "db", "db-replica", "redis"} <= set(
        services
    )
    web = services["web1"]["environment"]
    assert web["DATABASE_URL"].endswith("@db:5432/briefings")
    assert web["DATABASE_REPLICA_URLS"].endswith("@db-replica:5432/briefings")
    assert web["REDIS_URL"] == "redis://redis:6379/0"
    assert web["DEBUG"] == "0"
    assert "/readyz" in " ".join(services["web1"]["healthcheck"]["test"])
    assert "config_file=/etc/postgresql/postgresql.conf" in " ".join(services["db"]["command"])


def test_every_file_compose_mounts_is_in_the_repository(compose):
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
            if source.startswith(("/", ".")) and "deploy/tls" not in source:
                assert Path(source).exists(), f"{name} mounts {source}, which is missing"


def test_the_replica_entrypoint_and_primary_init_are_valid_shell():
    for script in ("replica-entrypoint.sh", "init-primary.sh"):
        path = ROOT / "deploy" / "postgres" / script
        assert os.access(path, os.X_OK), f"{script} is not executable"
        assert subprocess.run(["sh", "-n", str(path)]).returncode == 0


@pytest.mark.django_db(transaction=True)
def test_nginx_serves_the_app_with_the_committed_configuration(tmp_path):
    need("nginx")
    app_port = free_port()
    proxy = write_local_config(
        tmp_path / "nginx", [app_port], free_port(), free_port(), free_port()
    )
    checked = check_config(proxy)
    assert checked.returncode == 0, checked.stderr

    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "deploy-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "NUM_PROXIES": "1",
    }
    if db.get("PASSWORD"):
        env["DATABASE_URL"] = database_url.replace("@", f":{db['PASSWORD']}@", 1)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # With DEBUG off, pages name static files by their collected, hashed names.
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert collected.returncode == 0, collected.stderr
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", "1",
         "--bind", f"127.0.0.1:{app_port}", "archive_site.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(tmp_path / "app.log").open("w"),
    )  # fmt: skip
    nginx = start(proxy)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                ready = urllib.request.urlopen(f"{proxy.url}/readyz", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        assert ready.status == 200
        home = urllib.request.urlopen(f"{proxy.url}/", timeout=10)
        assert home.status == 200
        assert home.headers["X-Cache-Status"] in {"MISS", "BYPASS", "EXPIRED"}
        assert "Content-Security-Policy" in home.headers
        stylesheet = urllib.request.urlopen(f"{proxy.url}/static/css/site.css", timeout=10)
        assert stylesheet.status == 200
        plain = urllib.request.urlopen(f"http://127.0.0.1:{proxy.http_port}/healthz", timeout=5)
        assert plain.read() == b"ok\n"
    finally:
        nginx.terminate()
        app.terminate()
        nginx.wait(timeout=10)
        app.wait(timeout=30)
    logged = (proxy.folder / "logs" / "access.log").read_text()
    assert '"GET / HTTP/1.1" 200' in logged
    assert "/readyz" not in logged and "/healthz" not in logged
