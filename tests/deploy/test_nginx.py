"""The nginx site settings the project ships (deploy/nginx), run as shipped in front of an upstream.

The upstream is a small recording server standing in for gunicorn, so each check sees
exactly what nginx passed on: a half-sent body never, a huge one never, Django's own
pages unchanged. make cluster-test runs the same files in front of real gunicorn nodes.
"""

from __future__ import annotations

import http.client
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench import nginx
from bench.run import free_port

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not nginx.available(), reason="nginx is not installed"),
]

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
)
DJANGO_CSP = "default-src 'self'"
KEPT = b"Nothing is lost: your answers are below."


class Upstream(BaseHTTPRequestHandler):
    """gunicorn's stand-in: records each request it is handed whole, and answers by path."""

    protocol_version = "HTTP/1.1"
    seen: list[dict] = []

    def log_message(self, *args) -> None:
        pass

    def _answer(self) -> None:
        # Recorded on arrival, before the body is read: a request passed on half-sent counts.
        request = {"path": self.path, "body": None, "headers": dict(self.headers.items())}
        self.seen.append(request)
        request["body"] = len(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        if self.path == "/hang":
            time.sleep(3)
            self._send(200, b"too late", {})
        elif self.path == "/django-page":
            self._send(
                200,
                b"<p>page</p>",
                {"Content-Security-Policy": DJANGO_CSP, "X-Frame-Options": "DENY"},
            )
        elif self.path == "/database-down":
            self._send(503, KEPT, {"Content-Security-Policy": DJANGO_CSP})
        elif self.path == "/gunicorn-refusal":
            self._send(431, b"Request Header Fields Too Large", {})
        else:
            self._send(200, b"ok", {"Content-Security-Policy": DJANGO_CSP})

    do_GET = do_HEAD = do_POST = _answer

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def upstream() -> Iterator[tuple[int, list[dict]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], Upstream.seen
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def front(upstream, tmp_path_factory) -> Iterator[int]:
    """The shipped site settings on plain HTTP, in front of the stand-in."""
    port = free_port()
    process = nginx.start_nginx(
        tmp_path_factory.mktemp("nginx"), port=port, upstream_port=upstream[0]
    )
    yield port
    process.terminate()
    process.wait(timeout=10)


def _request(port: int, method: str, path: str, body: bytes | None = None, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _raw(port: int, data: bytes) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Send bytes no well-behaved client would, and read nginx's answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.headers, response.read()


def _assert_security_headers(headers) -> None:
    for name in SECURITY_HEADERS:
        assert len(headers.get_all(name) or []) == 1, name
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def _seen_paths(upstream) -> list[str]:
    return [request["path"] for request in upstream[1]]


def test_it_refuses_a_huge_body_before_any_of_it_reaches_gunicorn(front, upstream):
    """A 50 MB file part: refused from its Content-Length, with the security headers."""
    head = (
        "POST /intake/?huge HTTP/1.1\r\nHost: intake.example.org\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {50 * 1024 * 1024}\r\n\r\n"
    )
    status, headers, body = _raw(front, head.encode() + b"--x\r\n")

    assert status == 413
    _assert_security_headers(headers)
    assert b"We could not read what was sent" in body
    assert "/intake/?huge" not in _seen_paths(upstream)


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 5000 + b"\r\n\r\n", 431),
        (b"NOT HTTP AT ALL\r\n\r\n", 400),
    ],
    ids=["overlong URL", "overlong header", "garbage"],
)
def test_its_own_refusals_carry_the_security_headers(front, request_bytes, status):
    got, headers, body = _raw(front, request_bytes)

    assert got == status
    _assert_security_headers(headers)
    assert b"<h1>" in body


def test_it_answers_for_a_gunicorn_that_is_down_with_the_security_headers(tmp_path):
    port = free_port()
    process = nginx.start_nginx(tmp_path, port=port, upstream_port=free_port())
    try:
        status, headers, body = _request(port, "GET", "/")
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert status == 502
    _assert_security_headers(headers)
    assert b"The site is not answering just now" in body


def test_it_adds_the_headers_to_gunicorns_own_refusals(front):
    status, headers, body = _request(front, "GET", "/gunicorn-refusal")

    assert (status, body) == (431, b"Request Header Fields Too Large")
    _assert_security_headers(headers)


def test_it_passes_djangos_pages_and_headers_through_unchanged(front):
    status, headers, body = _request(front, "GET", "/django-page")

    assert (status, body) == (200, b"<p>page</p>")
    assert headers.get_all("Content-Security-Policy") == [DJANGO_CSP]
    assert headers.get_all("X-Frame-Options") == ["DENY"]


def test_it_passes_the_honest_503_with_the_kept_answers_through(front):
    """Django's database-outage page keeps the person's answers; nginx must not replace it."""
    status, headers, body = _request(front, "POST", "/database-down", b"first_name=Robin")

    assert (status, body) == (503, KEPT)
    assert headers.get_all("Content-Security-Policy") == [DJANGO_CSP]


def test_it_tells_django_the_clients_address_and_scheme_and_nothing_forged(front, upstream):
    _request(front, "GET", "/whoami", **{"X-Forwarded-For": "203.0.113.9", "Forwarded": "for=x"})

    [seen] = [request for request in upstream[1] if request["path"] == "/whoami"]
    assert seen["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert seen["headers"]["X-Forwarded-Proto"] == "http"
    assert "Forwarded" not in seen["headers"]


def test_it_holds_half_sent_bodies_itself(front, upstream):
    """Six clients that send part of a body and stall reach no gunicorn worker, and a
    page asked for meanwhile answers at once."""
    stalled = []
    for n in range(6):
        sock = socket.create_connection(("127.0.0.1", front), timeout=5)
        sock.sendall(
            f"POST /intake/?stalled={n} HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 4000\r\n\r\nfirst_name=Ro".encode()
        )
        stalled.append(sock)
    try:
        started = time.monotonic()
        status, _, _ = _request(front, "GET", "/healthz")
        elapsed = time.monotonic() - started

        assert status == 200
        assert elapsed < 1
        assert not [path for path in _seen_paths(upstream) if "stalled" in path]
    finally:
        for sock in stalled:
            sock.close()


def test_it_passes_a_whole_form_on(front, upstream):
    body = b"first_name=Robin&" + b"x=" + b"y" * 10_000

    status, _, _ = _request(
        front,
        "POST",
        "/intake/?whole",
        body,
        **{"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert status == 200
    [seen] = [request for request in upstream[1] if request["path"] == "/intake/?whole"]
    assert seen["body"] == len(body)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_production_file_serves_tls_with_hsts_and_sends_plain_http_there(upstream, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=intake.example.org", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    http_port, https_port = free_port(), free_port()
    site = nginx.render_site(tmp_path, upstream[0])
    production = nginx.render_production(
        site, http_port=http_port, https_port=https_port, cert=cert, key=key
    )
    process = nginx.start_nginx(
        tmp_path, port=https_port, upstream_port=upstream[0], sites=production
    )
    try:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        tls = http.client.HTTPSConnection("127.0.0.1", https_port, timeout=5, context=context)
        tls.request("POST", "/intake/", body=b"x" * (300 * 1024))
        refused = tls.getresponse()
        refused.read()
        tls.close()
        plain = _request(http_port, "GET", "/intake/?next=1", Host="intake.example.org")
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert refused.status == 413
    _assert_security_headers(refused.headers)
    assert refused.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert plain[0] == 301
    assert plain[1]["Location"] == "https://intake.example.org/intake/?next=1"


def test_the_shipped_files_are_the_ones_run():
    """One source of truth: the site settings are read from deploy/nginx, not a copy here."""
    assert (nginx.DEPLOY / "mindfulpath-common.conf").is_file()
    text = (nginx.DEPLOY / "mindfulpath.conf").read_text()
    assert "include /etc/nginx/mindfulpath/mindfulpath-common.conf;" in text
    assert nginx.UPSTREAM in (nginx.DEPLOY / "mindfulpath-http.conf").read_text()
    assert Path(nginx.DEPLOY / "errors" / "4xx.html").is_file()


@pytest.fixture(scope="module")
def strict_gunicorn(tmp_path_factory) -> Iterator[int]:
    """Real gunicorn with limits below nginx's and a one-second worker timeout (a sync
    worker: gthread's never end a running request), behind the shipped settings: its own
    refusals and its timeout are what reach nginx."""
    upstream_port, port = free_port(), free_port()
    folder = tmp_path_factory.mktemp("gunicorn")
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "tests.deploy.stub_app:app"),
            *("--bind", f"127.0.0.1:{upstream_port}", "--workers", "1", "--timeout", "1"),
            *("--limit-request-line", "1000", "--limit-request-fields", "20"),
            *("--config", "/dev/null"),
        ],
        cwd=ROOT,
        stdout=(folder / "gunicorn.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    process = None
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", upstream_port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.1)
        process = nginx.start_nginx(folder, port=port, upstream_port=upstream_port)
        yield port
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        server.terminate()
        server.wait(timeout=10)


def test_gunicorns_own_414_reaches_the_client_with_the_security_headers(strict_gunicorn):
    status, headers, body = _request(strict_gunicorn, "GET", "/" + "a" * 2000)

    assert status == 414
    assert b"Request Line is too large" in body  # gunicorn's words, not nginx's page
    _assert_security_headers(headers)


def test_gunicorns_own_431_reaches_the_client_with_the_security_headers(strict_gunicorn):
    many = {f"X-Header-{n}": "x" for n in range(30)}

    status, headers, _ = _request(strict_gunicorn, "GET", "/", **many)

    assert status == 431
    _assert_security_headers(headers)


def test_gunicorns_own_timeout_answer_reaches_the_client_with_the_security_headers(
    strict_gunicorn,
):
    started = time.monotonic()
    status, headers, body = _request(strict_gunicorn, "GET", "/sleep")

    assert status == 500
    assert b"Internal Server Error" in body  # gunicorn's, after it ended the worker
    _assert_security_headers(headers)
    assert time.monotonic() - started < 5


def test_a_request_past_nginxs_read_timeout_gets_its_504_page_with_the_headers(upstream, tmp_path):
    """The outer bound on any one request; the shipped 30 s is shortened to 1 s here."""
    port = free_port()
    process = nginx.start_nginx(
        tmp_path,
        port=port,
        upstream_port=upstream[0],
        changes={"proxy_read_timeout 30s;": "proxy_read_timeout 1s;"},
    )
    try:
        started = time.monotonic()
        status, headers, body = _request(port, "GET", "/hang")
        elapsed = time.monotonic() - started
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert status == 504
    assert b"The site is not answering just now" in body
    _assert_security_headers(headers)
    assert 1 <= elapsed < 4
