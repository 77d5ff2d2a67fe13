"""`make cluster-test`: two app nodes behind haproxy, one PostgreSQL, one Redis, one worker.

It checks, with requests landing on different nodes, that every guarantee holds for
the cluster as a whole: one intake per form, the rate limit, the admin lockout, staff
sessions, fresh public pages after an edit, and no accepted intake lost when a node
dies mid-burst; and that the worker sends every notice. Everything runs on 127.0.0.1,
in a database of its own (mindfulpath_cluster) and Redis database 8, and everything it
starts is stopped and dropped at the end, pass or fail. See bench/README.md.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
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


def start_node(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**env, "PORT": str(port), "WEB_CONCURRENCY": "2"}
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
    wait_for_workers(node.pid, 2)
    return node, host


def main() -> None:
    if shutil.which("haproxy") is None:
        print("make cluster-test needs haproxy: apt-get install haproxy", file=sys.stderr)
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
            DJANGO_PROXY_COUNT="1",  # haproxy in front adds X-Forwarded-For
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
        statuses = []
        for host in (host_b, host_a, host_b):
            statuses.append(visitor.post(f"{host}/intake/", intake_form(visitor, host))[0])
        check(
            statuses == [302, 302, 429],
            f"the rate limit counts across nodes ({SMALL_LIMIT} an hour: {statuses})",
        )
        for node in (a, b):
            stop(node)
        running.clear()

        print("Two nodes again, behind haproxy, with a worker", flush=True)
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
        front = f"http://127.0.0.1:{balancer_port}"
        wait_for(f"{front}/healthz")

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

        print(f"{BURST} intakes through haproxy; node B killed a third of the way", flush=True)
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
