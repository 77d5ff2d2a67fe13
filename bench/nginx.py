"""nginx with the project's own site settings (deploy/nginx), for the tests and make cluster-test.

The files are run as shipped: only where they live (/etc/nginx/mindfulpath in
production), the upstream's address and, for mindfulpath.conf, its ports and certificate
are changed to this machine's. Everything nginx writes stays in the given folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
INSTALLED_AT = "/etc/nginx/mindfulpath"
UPSTREAM = "server 127.0.0.1:8000;"

MAIN = """
{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{sites}
}}
"""

PLAIN_SITE = """
    include {site}/mindfulpath-http.conf;
    server {{
        listen 127.0.0.1:{port};
        include {site}/mindfulpath-common.conf;
    }}
"""


def available() -> bool:
    return shutil.which("nginx") is not None


def render_site(folder: Path, upstream_port: int, changes: dict[str, str] | None = None) -> Path:
    """deploy/nginx copied into `folder`, pointing at itself and at gunicorn on `upstream_port`
    (and with `changes`, old text to new, where a test needs a shorter timeout)."""
    site = folder / "mindfulpath"
    shutil.copytree(DEPLOY, site, dirs_exist_ok=True)
    changes = {INSTALLED_AT: str(site), UPSTREAM: f"server 127.0.0.1:{upstream_port};"} | (
        changes or {}
    )
    unused = set(changes)
    for conf in site.glob("*.conf"):
        text = conf.read_text()
        for old, new in changes.items():
            if old in text:
                unused.discard(old)
                text = text.replace(old, new)
        conf.write_text(text)
    if unused:
        raise ValueError(f"deploy/nginx no longer has {sorted(unused)}")
    return site


def render_production(site: Path, *, http_port: int, https_port: int, cert: Path, key: Path) -> str:
    """mindfulpath.conf itself, on local ports and a test certificate."""
    text = (site / "mindfulpath.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/etc/letsencrypt/live/intake.example.org/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/intake.example.org/privkey.pem": str(key),
    }
    for old, new in replacements.items():
        if old not in text:
            raise ValueError(f"deploy/nginx/mindfulpath.conf no longer has {old!r}")
        text = text.replace(old, new)
    return text


def start_nginx(
    folder: Path,
    *,
    port: int,
    upstream_port: int,
    sites: str | None = None,
    changes: dict[str, str] | None = None,
) -> subprocess.Popen:
    """nginx in the foreground: the shipped settings on plain HTTP at 127.0.0.1:`port`
    (or `sites`, an http-context text such as render_production's), ready to answer."""
    folder.mkdir(parents=True, exist_ok=True)
    site = render_site(folder, upstream_port, changes)
    main = folder / "nginx.conf"
    main.write_text(
        MAIN.format(
            # Run as root, nginx's workers would otherwise be nobody, who cannot read here.
            user="user root;" if os.geteuid() == 0 else "",
            folder=folder,
            sites=sites if sites is not None else PLAIN_SITE.format(site=site, port=port),
        )
    )
    checked = subprocess.run(
        ["nginx", "-t", "-q", "-c", str(main), "-p", str(folder)],
        capture_output=True,
        text=True,
        timeout=10,
    )
    if checked.returncode != 0:
        raise RuntimeError(f"nginx refused its configuration: {checked.stderr.strip()}")
    process = subprocess.Popen(
        ["nginx", "-c", str(main), "-p", str(folder)],
        stdout=(folder / "nginx.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    _wait_until_listening(port, process)
    return process


def _wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped at start (exit {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            time.sleep(0.05)
        else:
            return
    raise RuntimeError(f"nginx did not listen on {port} within {seconds} s")
