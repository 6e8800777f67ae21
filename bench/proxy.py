"""The committed nginx configuration (deploy/nginx/), run on this machine in front of local
app servers, for the benchmarks and the deployment tests.

The files are used as committed; only what names the containers' world is rewritten:
the app servers' addresses, the listening ports (loopback only), the certificate (a
throw-away self-signed one) and the folders nginx writes to. The site's server also
listens on a plain port, as if TLS ended in front of it, so that wrk and slow clients
can reach it without TLS.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class LocalProxy:
    """Where a local copy of the proxy lives and listens."""

    folder: Path
    http_port: int
    https_port: int
    plain_port: int

    @property
    def config(self) -> Path:
        return self.folder / "nginx.conf"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.plain_port}"


def self_signed_certificate(folder: Path) -> None:
    """A certificate for 127.0.0.1 made for this run only."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1",
            "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip


def write_local_config(
    folder: Path, app_ports: list[int], http_port: int, https_port: int, plain_port: int
) -> LocalProxy:
    """Copy deploy/nginx/ into `folder`, pointed at app servers on 127.0.0.1:`app_ports`."""
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("cache", "logs", "tmp"):
        (folder / sub).mkdir(exist_ok=True)
    self_signed_certificate(folder / "tls")

    main = (DEPLOY / "nginx.conf").read_text()
    if os.geteuid() == 0:
        # Run as root, nginx's workers would drop to a user that cannot write in `folder`.
        main = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" + main
    main = main.replace("pid /var/run/nginx.pid;", f"pid {folder}/nginx.pid;")
    main = main.replace("/var/log/nginx/", f"{folder}/logs/")
    main = main.replace("/var/cache/nginx/archive", f"{folder}/cache")
    main = main.replace("/etc/nginx/archive/", f"{folder}/")
    cache = (DEPLOY / "cache.conf").read_text()
    (folder / "cache.conf").write_text(cache.replace("/var/cache/nginx/archive", f"{folder}/cache"))
    (folder / "cache-location.conf").write_text((DEPLOY / "cache-location.conf").read_text())
    # This machine's nginx allows fewer open files than a container's.
    main = main.replace("worker_connections 8192;", "worker_connections 1024;")
    temp_paths = "".join(
        f"    {kind}_temp_path {folder}/tmp/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = main.replace("http {\n", "http {\n" + temp_paths, 1)

    site = (DEPLOY / "archive.conf").read_text()
    servers = "".join(
        f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n" for port in app_ports
    )
    site = re.sub(r"(upstream archive_app \{\n)(?:    server .*\n)+", r"\g<1>" + servers, site)
    site = site.replace("listen 80 default_server;", f"listen 127.0.0.1:{http_port};")
    site = site.replace(
        "listen 443 ssl http2 default_server;",
        f"listen 127.0.0.1:{https_port} ssl http2;\n    listen 127.0.0.1:{plain_port};",
    )
    site = site.replace("/etc/nginx/tls/", f"{folder}/tls/")
    site = site.replace("/etc/nginx/archive/", f"{folder}/")
    (folder / "archive.conf").write_text(site)
    (folder / "nginx.conf").write_text(main)
    return LocalProxy(folder, http_port, https_port, plain_port)


def check_config(proxy: LocalProxy) -> subprocess.CompletedProcess:
    """`nginx -t` on the local copy."""
    return subprocess.run(
        [NGINX, "-t", "-c", str(proxy.config), "-p", str(proxy.folder)],
        capture_output=True,
        text=True,
    )


def start(proxy: LocalProxy) -> subprocess.Popen:
    """Run nginx in the foreground on the local copy; return once it answers."""
    process = subprocess.Popen(
        [NGINX, "-c", str(proxy.config), "-p", str(proxy.folder), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{proxy.http_port}/healthz", timeout=1)
            return process
        except OSError:
            if process.poll() is not None:
                message = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(message) from None
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("nginx did not start")
