"""`make cluster-test`: two app nodes behind haproxy and nginx, PostgreSQL, Redis, a worker.

It checks, with requests landing on different nodes, that every guarantee holds for
the cluster as a whole: one intake per form, the rate limit, the admin lockout, staff
sessions, fresh public pages after an edit, and no accepted intake lost when a node
dies mid-burst; and that the worker sends every notice. In front stands nginx with the
site settings the project ships (deploy/nginx, as in production), checked for what it
is there for: half-sent requests never hold a worker, huge and overlong ones are refused
with the security headers. Everything runs on 127.0.0.1,
in a database of its own (mindfulpath_cluster) and Redis database 8, and everything it
starts is stopped and dropped at the end, pass or fail. See bench/README.md.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import redis
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from django_otp.oath import TOTP

from bench.balancer import start_haproxy
from bench.nginx import start_nginx
from bench.run import VALID_INTAKE, free_port, server_env, stop, wait_for, wait_for_workers

ROOT = Path(__file__).resolve().parent.parent
DB = "mindfulpath_cluster"
URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
REDIS_URL = "redis://127.0.0.1:6379/8"
PASSWORD = "cluster-passphrase-not-secret"
CLINIC = "intake@clinic.example.org"
SMALL_LIMIT = 4  # the rate limit while it is being checked
BURST = 60  # intakes posted through the balancer while a node is killed
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROVIDER = "brown-university-mindfulness-center"
NODE_WORKERS = 2
# What one node serves at once (gunicorn.conf.py: gthread, GUNICORN_THREADS each worker).
NODE_CAPACITY = NODE_WORKERS * int(os.environ.get("GUNICORN_THREADS", "4"))
STALLED = 2 * NODE_CAPACITY + 4  # half-sent posts at once: more than both nodes serve
SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options")

USERS = """
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
for name, group in (("clara", "Clinicians"), ("edda", "Directory editors"),
                    ("lena", "Clinicians")):
    user = User.objects.create_user(name, password={password!r}, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    device = TOTPDevice.objects.create(user=user, name="cluster", confirmed=True)
    print(name, device.key)
"""


class Failed(Exception):
    """A guarantee that did not hold."""


class Inbox:
    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


class Browser:
    """A cookie jar and the requests a browser would send, to one node or another."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirects()
        )

    def get(self, url: str) -> tuple[int, str]:
        return self._send(urllib.request.Request(url))

    def post(self, url: str, data: dict) -> tuple[int, str]:
        return self._send(urllib.request.Request(url, urlencode(data, doseq=True).encode()))

    def _send(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)
    print(f"  ok: {message}", flush=True)


def database(action: str) -> None:
    admin = urlunsplit(urlsplit(URL)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {DB}")


def saved(form_tokens: list[str]) -> int:
    with psycopg.connect(URL) as conn:
        row = conn.execute(
            "SELECT count(*) FROM advisor_intake WHERE form_token::text = ANY(%s)", [form_tokens]
        ).fetchone()
    return row[0]


def intake_form(browser: Browser, host: str) -> dict:
    """A filled-in questionnaire as the intake page served it (CSRF cookie and token)."""
    status, page = browser.get(f"{host}/intake/")
    if status != 200:
        raise Failed(f"{host}/intake/ answered {status}")
    form_token = str(uuid.uuid4())
    return {
        **VALID_INTAKE,
        # Another person each time: the same answers again from one browser would lead
        # to the intake it already sent (advisor/views.py), not count as a new one.
        "email": f"visitor-{form_token[:8]}@example.org",
        "csrfmiddlewaretoken": CSRF.search(page).group(1),
        "form_token": form_token,
    }


def sign_in(
    browser: Browser, host: str, user: str, key: str, password: str = PASSWORD
) -> tuple[int, str]:
    _, page = browser.get(f"{host}/admin/login/")
    form = {
        "csrfmiddlewaretoken": CSRF.search(page).group(1),
        "username": user,
        "password": password,
        "otp_token": f"{TOTP(bytes.fromhex(key)).token():06d}",
        "next": "/admin/",
    }
    return browser.post(f"{host}/admin/login/?next=/admin/", form)


def change_form(page: str) -> dict:
    """What an admin change page sends back unchanged: every field as the page holds it."""
    soup = BeautifulSoup(page, "html.parser")
    form = soup.find("form", id=re.compile("_form$"))
    data: dict[str, list[str]] = {}
    for box in form.find_all("input"):
        kind, name = box.get("type", "text"), box.get("name")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio") and not box.has_attr("checked"):
            continue
        default = "on" if kind in ("checkbox", "radio") else ""
        data.setdefault(name, []).append(box.get("value", default))
    for menu in form.find_all("select"):
        chosen = [o.get("value", o.text) for o in menu.find_all("option") if o.has_attr("selected")]
        data[menu["name"]] = chosen
    for text in form.find_all("textarea"):
        data[text["name"]] = [text.text.lstrip("\n")]
    return data


def raw(port: int, data: bytes, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """Send `data` as it is and read the answer (status, lower-cased headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock, method=data.split(b" ", 1)[0].decode())
        response.begin()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()


def half_sent_posts(port: int, count: int) -> list[socket.socket]:
    """`count` questionnaire posts that send their headers and part of the body, then stall."""
    stalled = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(
            b"POST /intake/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 4000\r\n\r\nfirst_name=Ro"
        )
        stalled.append(sock)
    return stalled


def answers_within(url: str, seconds: float) -> float | None:
    """How long `url` took to answer 200, or None if it did not within `seconds`."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=seconds) as response:
            ok = response.status == 200
    except OSError:
        return None
    elapsed = time.monotonic() - started
    return elapsed if ok and elapsed < seconds else None


def check_the_proxy(front_port: int, node: str) -> None:
    """What nginx in front is for: slow and huge requests stop there, answered properly."""
    front = f"http://127.0.0.1:{front_port}"
    # For comparison, not a guarantee: what such a stall does to a node reached directly.
    stalled = half_sent_posts(urlsplit(node).port, NODE_CAPACITY)
    try:
        took = answers_within(f"{node}/healthz", 2)
    finally:
        for sock in stalled:
            sock.close()
    direct = "no answer within 2 s" if took is None else f"answered in {took * 1000:.0f} ms"
    print(f"  (a node reached directly, {NODE_CAPACITY} half-sent posts on it: /healthz {direct})")

    stalled = half_sent_posts(front_port, STALLED)
    try:
        took = answers_within(f"{front}/healthz", 2)
    finally:
        for sock in stalled:
            sock.close()
    check(
        took is not None,
        f"{STALLED} half-sent posts through nginx hold no worker (/healthz in "
        f"{(took or 0) * 1000:.0f} ms)",
    )

    # A client sends the headers of a 50 MB file part and its first 64 kB; nginx answers
    # from the headers alone (the rest would only be thrown away).
    huge = 50 * 1024 * 1024
    status, headers, _ = raw(
        front_port,
        b"POST /intake/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: multipart/form-data; boundary=x\r\n"
        + f"Content-Length: {huge}\r\n\r\n".encode()
        + b'--x\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n'
        + b"x" * (64 * 1024),
    )
    check(
        status == 413 and all(name in headers for name in SECURITY_HEADERS),
        f"a 50 MB body is refused by nginx: {status}, with the security headers",
    )
    status, headers, _ = raw(front_port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    check(
        status == 414 and all(name in headers for name in SECURITY_HEADERS),
        f"an overlong URL is refused by nginx: {status}, with the security headers",
    )
    part = (
        b'--x\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\n'
        b"my answers\r\n--x--\r\n"
    )
    status, _, body = raw(
        front_port,
        b"POST /intake/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: multipart/form-data; boundary=x\r\n"
        + f"Content-Length: {len(part)}\r\n\r\n".encode()
        + part,
    )
    check(
        status == 400 and b"We could not read what was sent" in body,
        f"a small file part that nginx lets by is refused by the intake: {status}",
    )
    status, headers, body = raw(
        front_port, b"HEAD /intake/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    check(status == 200 and body == b"", f"HEAD /intake/ answers {status} with no body")


def start_node(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**env, "PORT": str(port), "WEB_CONCURRENCY": str(NODE_WORKERS)}
    with log.open("ab") as out:
        node = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--max-requests", "0"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=out,
        )
    host = f"http://127.0.0.1:{port}"
    wait_for(f"{host}/healthz")
    wait_for_workers(node.pid, NODE_WORKERS)
    return node, host


def main() -> None:
    for program in ("haproxy", "nginx"):
        if shutil.which(program) is None:
            print(f"make cluster-test needs {program}: apt-get install {program}", file=sys.stderr)
            raise SystemExit(2)
    started = time.monotonic()
    running: list[subprocess.Popen] = []
    smtp = Controller(Inbox(), hostname="127.0.0.1", port=free_port())
    cache = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    tmp = Path(tempfile.mkdtemp(prefix="cluster-"))
    try:
        database("create")
        cache.flushdb()
        smtp.start()
        env = server_env(
            URL,
            CACHE_URL=REDIS_URL,
            TASK_QUEUE="database",
            # nginx sets X-Forwarded-For to the client's address, haproxy adds nginx's.
            DJANGO_PROXY_COUNT="2",
            INTAKE_NOTIFY_EMAILS=CLINIC,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            EMAIL_USE_TLS="0",
            INTAKE_RATE_LIMIT=str(SMALL_LIMIT),
        )
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [*manage, "collectstatic", "--no-input", "-v0"], env=env, cwd=ROOT, check=True
        )
        made = subprocess.run(
            [*manage, "shell", "-c", USERS.format(password=PASSWORD)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        keys = {
            name: key
            for name, _, key in (line.partition(" ") for line in made.stdout.splitlines())
            if name in ("clara", "edda", "lena")
        }

        print("Two nodes, the rate limit at 4 an hour", flush=True)
        (a, host_a), (b, host_b) = (start_node(env, tmp / f"{n}.log") for n in "ab")
        running += [a, b]
        visitor = Browser()
        form = intake_form(visitor, host_a)
        answers = [visitor.post(f"{host}/intake/", form)[0] for host in (host_a, host_b)]
        check(
            answers == [302, 302] and saved([form["form_token"]]) == 1,
            "a form posted to each node saves one intake",
        )
        # The form sent to both nodes counted once (sending it again is not another
        # intake), so three more fit in the hour, alternating nodes, and the next does not.
        statuses = []
        for host in (host_b, host_a, host_b, host_a):
            statuses.append(visitor.post(f"{host}/intake/", intake_form(visitor, host))[0])
        check(
            statuses == [302] * (SMALL_LIMIT - 1) + [429],
            f"the rate limit counts across nodes ({SMALL_LIMIT} an hour: {statuses})",
        )
        for node in (a, b):
            stop(node)
        running.clear()

        print("Two nodes again, behind haproxy behind nginx, with a worker", flush=True)
        env["INTAKE_RATE_LIMIT"] = str(10**9)
        (a, host_a), (b, host_b) = (start_node(env, tmp / f"{n}.log") for n in "ab")
        worker = subprocess.Popen(
            [*manage, "db_worker", "--no-reload", "--interval", "0.2"],
            env=env,
            cwd=ROOT,
            stdout=(tmp / "worker.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        balancer_port = free_port()
        ports = [urlsplit(host).port for host in (host_a, host_b)]
        balancer = start_haproxy(balancer_port, ports, tmp)
        running += [a, b, worker, balancer]
        wait_for(f"http://127.0.0.1:{balancer_port}/healthz")
        # nginx as production runs it (deploy/nginx), with haproxy as its one upstream:
        # haproxy stays the balancer, since its health checks take a killed node out
        # at once, which the burst below relies on.
        front_port = free_port()
        running.append(start_nginx(tmp / "nginx", port=front_port, upstream_port=balancer_port))
        front = f"http://127.0.0.1:{front_port}"
        wait_for(f"{front}/healthz")
        check_the_proxy(front_port, host_a)

        clara = Browser()
        sign_in(clara, host_a, "clara", keys["clara"])
        status, page = clara.get(f"{host_b}/admin/advisor/intake/")
        check(
            status == 200 and "Select intake to change" in page,
            "a staff session made on one node works on the other",
        )

        edda, reader = Browser(), Browser()
        reader.get(f"{host_a}/providers/{PROVIDER}/")  # node A keeps a copy of the page
        sign_in(edda, host_b, "edda", keys["edda"])
        pk = re.search(
            r"/admin/providers/provider/(\d+)/change/",
            edda.get(f"{host_b}/admin/providers/provider/?q=Brown")[1],
        ).group(1)
        url = f"{host_b}/admin/providers/provider/{pk}/change/"
        data = change_form(edda.get(url)[1])
        data["name"] = ["Brown Mindfulness Center (renamed on node B)"]
        status, answer = edda.post(url, data)
        if status != 302:
            errors = BeautifulSoup(answer, "html.parser").select(".errorlist, .errornote")
            print("  the change was refused:", [e.get_text(" ", strip=True) for e in errors])
        _, page = reader.get(f"{host_a}/providers/{PROVIDER}/")
        check(
            status == 302 and "renamed on node B" in page,
            "a provider edited through one node shows at once on the other",
        )

        print(f"{BURST} intakes through nginx; node B killed a third of the way", flush=True)
        tokens_accepted: list[str] = []
        after_kill: list[int] = []
        killed = threading.Event()
        lock = threading.Lock()

        def post_one(n: int) -> None:
            browser = Browser()
            try:
                form = intake_form(browser, front)
                status, _ = browser.post(f"{front}/intake/", form)
            except (Failed, OSError, AttributeError):
                status, form = 0, {"form_token": ""}
            with lock:
                if status == 302:
                    tokens_accepted.append(form["form_token"])
                if killed.is_set() and n >= BURST * 2 // 3:
                    after_kill.append(status)
            if n == BURST // 3:
                # The node's workers first (found through their master), then the master:
                # the whole node dies at once, as a crashed machine would.
                workers = subprocess.run(
                    ["pgrep", "-P", str(b.pid)], capture_output=True, text=True
                ).stdout.split()
                for pid in (*workers, str(b.pid)):
                    os.kill(int(pid), signal.SIGKILL)
                killed.set()

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(post_one, range(BURST)))
        check(
            saved(tokens_accepted) == len(tokens_accepted) > 0,
            f"every intake accepted during the kill is saved ({len(tokens_accepted)})",
        )
        check(
            after_kill and set(after_kill) == {302},
            f"the balancer carries on after the kill ({len(after_kill)} later posts all 302)",
        )

        with psycopg.connect(URL) as conn:
            intakes = conn.execute("SELECT count(*) FROM advisor_intake").fetchone()[0]
        deadline = time.monotonic() + 60
        while len(smtp.handler.recipients) < intakes and time.monotonic() < deadline:
            time.sleep(0.5)
        check(
            len(smtp.handler.recipients) == intakes,
            f"the worker sent one notice per intake ({len(smtp.handler.recipients)} of {intakes})",
        )

        lena = Browser()
        nodes = (host_a, front)
        for n in range(5):
            sign_in(lena, nodes[n % 2], "lena", keys["lena"], password="wrong passphrase!")
        status, page = sign_in(lena, host_a, "lena", keys["lena"])
        check(
            "Sign-in paused" in page and lena.get(f"{host_a}/admin/advisor/intake/")[0] == 302,
            "five failures spread over the nodes pause the right password on every node",
        )
    except Failed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        for log in sorted(tmp.glob("*.log")):
            print(f"--- {log.name} (last lines)\n{log.read_text()[-1500:]}", file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        for process in running:
            if process.poll() is None:
                stop(process)
        smtp.stop()
        cache.flushdb()
        database("drop")
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"Every check held ({time.monotonic() - started:.0f} s); all stopped and dropped.")


if __name__ == "__main__":
    main()
