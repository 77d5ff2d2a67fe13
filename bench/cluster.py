"""`make cluster-test`: two app nodes behind haproxy and nginx, PostgreSQL, Redis, workers.

It checks, with requests landing on different nodes, that every guarantee holds for
the cluster as a whole: one intake per form, the rate limit, the admin lockout, staff
sessions, fresh public pages after an edit, and no accepted intake lost when a node
dies mid-burst; that the worker sends every notice; and that the check-in e-mails,
swept on both nodes at once and sent by two workers, go out once each, even when a
worker is killed mid-send, while a refused one is retried, then failed and listed in
the admin. In front stands nginx with the site settings the project ships
(deploy/nginx, as in production), checked for what it is there for: half-sent requests
never hold a worker, huge and overlong ones are refused with the security headers.
Everything runs on 127.0.0.1, in a database of its own (mindfulpath_cluster) and Redis
database 8, and everything it starts is stopped and dropped at the end, pass or fail.
See bench/README.md.
"""

from __future__ import annotations

import asyncio
import http.client
import http.cookiejar
import itertools
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
from email import message_from_bytes, policy
from email.message import EmailMessage
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
MANAGE = [sys.executable, "manage.py"]
WORKER_OPTIONS = ("--no-reload", "--no-startup-delay", "--interval", "0.2")
CHECKINS = 6  # check-ins falling due at once, swept on both nodes
CHECKIN_SUBJECT = "How did your course go?"  # templates/advisor/email/checkin_subject.txt
CHECKIN_TASK = "advisor.tasks.send_checkin_email"
ATTEMPTS = 3  # NOTIFICATION_ATTEMPTS: a refused e-mail's tries in all
HANG = 30  # seconds the mail server keeps a hung send waiting (the worker's timeout is 10)
SWEPT = re.compile(r"Queued (\d+) check-in")
REQUEUED = re.compile(r"Queued (\d+) e-mail")

USERS = """
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
for name, group in (("clara", "Clinicians"), ("edda", "Directory editors"),
                    ("lena", "Clinicians"), ("sam", None)):
    if group:
        user = User.objects.create_user(name, password={password!r}, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    else:
        user = User.objects.create_superuser(name, password={password!r})
    device = TOTPDevice.objects.create(user=user, name="cluster", confirmed=True)
    print(name, device.key)
"""
STAFF = ("clara", "edda", "lena", "sam")


class Failed(Exception):
    """A guarantee that did not hold."""


class Inbox:
    """The mail server: keeps each message as it came (the headers as sent).

    For the check-ins it also refuses every message to the addresses in `refuse` (550, a
    permanent refusal), and keeps the first message to an address in `hang_once` waiting
    for its answer, as a hung server would, until the worker sending it is killed.
    """

    def __init__(self) -> None:
        self.recipients: list[str] = []
        self.messages: list[bytes] = []
        self.refuse: set[str] = set()
        self.refused = 0
        self.hang_once: set[str] = set()
        self.hung = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        to = set(envelope.rcpt_tos)
        if to & self.refuse:
            self.refused += 1
            return "550 5.7.1 Refused by the cluster test"
        if to & self.hang_once:
            self.hang_once -= to
            self.hung.set()
            await asyncio.sleep(HANG)  # the sender is killed meanwhile; never delivered
            return "451 4.3.0 Answered too late"
        self.recipients.extend(envelope.rcpt_tos)
        self.messages.append(envelope.original_content or envelope.content)
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


def sql(query: str, params: list | tuple = ()) -> list[tuple]:
    with psycopg.connect(URL) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise Failed(f"{what} within {seconds} s")
        time.sleep(0.2)


def start_worker(env: dict, log: Path, name: str) -> subprocess.Popen:
    """`manage.py db_worker` as a node runs it; `name` is its worker id in the queue."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [*MANAGE, "db_worker", *WORKER_OPTIONS, "--worker-id", name],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def run_on_nodes(
    env: dict, command: list[str], pattern: re.Pattern, nodes: int = 1, gate: str = ""
) -> list[int]:
    """A management command started on `nodes` nodes at the same moment: the number each
    printed (what `pattern` finds in its output).

    With a `gate` (a table), the commands meet there: the table is locked until every one
    of them waits on it, then let go, so that they run at the very same time whatever
    each took to start.
    """
    holder = psycopg.connect(URL) if gate else None
    commands: list[subprocess.Popen] = []
    try:
        if holder is not None:
            holder.execute(f"LOCK TABLE {gate} IN ACCESS EXCLUSIVE MODE")
            # A command held here waits within a statement: give it more than the default.
            env = {**env, "DATABASE_STATEMENT_TIMEOUT": "30"}
        for _ in range(nodes):
            commands.append(
                subprocess.Popen(
                    [*MANAGE, *command],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            )
        if holder is not None:
            blocked = "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))"
            pid = holder.info.backend_pid
            wait_until(
                lambda: sql(blocked, [pid])[0][0] >= nodes,
                20,
                f"{nodes} of {' '.join(command)} did not all reach {gate}",
            )
            holder.commit()
        counts = []
        for process in commands:
            try:
                output, _ = process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                raise Failed(f"{' '.join(command)} did not finish within 60 s") from None
            found = pattern.search(output)
            if process.returncode or found is None:
                raise Failed(f"{' '.join(command)} failed:\n{output[-1500:]}")
            counts.append(int(found.group(1)))
    finally:
        if holder is not None:
            holder.close()
        for process in commands:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    return counts


def make_due(addresses: list[str]) -> None:
    """Move these people's intakes back past any clinic's check-in delay (at most 52 weeks)."""
    sql(
        "UPDATE advisor_intake SET created_at = created_at - interval '53 weeks'"
        " WHERE email = ANY(%s)",
        [addresses],
    )


def checkin_emails(addresses: list[str]) -> dict[str, tuple]:
    """Each address's check-in e-mail row: (status, attempts, last error, id)."""
    rows = sql(
        "SELECT recipient, status, attempts, last_error, id FROM advisor_checkinemail"
        " WHERE recipient = ANY(%s)",
        [addresses],
    )
    return {recipient: rest for recipient, *rest in rows}


def task_statuses(email_id: int) -> list[str]:
    """The queue's tasks that send check-in e-mail `email_id`, by status."""
    rows = sql(
        "SELECT status FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = %s AND args_kwargs->'args'->>0 = %s ORDER BY enqueued_at",
        [CHECKIN_TASK, str(email_id)],
    )
    return [status for (status,) in rows]


def settled(addresses: list[str]) -> bool:
    """Each address has its check-in e-mail, sent or failed: none can go out again, since a
    worker sends only a pending row, under its lock (advisor/tasks.py)."""
    rows = checkin_emails(addresses)
    return len(rows) == len(addresses) and all(row[0] != "pending" for row in rows.values())


def received(inbox: Inbox, address: str) -> list[tuple[EmailMessage, bytes]]:
    """The check-in e-mails `address` got: each read as a mail program would, and as sent."""
    got = []
    for raw in inbox.messages:
        message = message_from_bytes(raw, policy=policy.default)
        if message["To"] == address and message["Subject"] == CHECKIN_SUBJECT:
            got.append((message, raw))
    return got


def check_the_checkins(
    env: dict,
    front: str,
    admin_host: str,
    sam_key: str,
    tmp: Path,
    running: list[subprocess.Popen],
    inbox: Inbox,
    worker: subprocess.Popen,
) -> None:
    """Check-in e-mails (issue 27), swept on both nodes at once and sent by two workers.

    Each goes out once; one whose worker is killed mid-send (the mail server hangs on it)
    is queued again by `requeue_notices` and goes out once, from the other worker; one the
    mail server refuses is tried NOTIFICATION_ATTEMPTS times, waiting longer each time,
    then failed and listed in the admin. `worker` is node A's, running; the processes
    started here are added to `running`, for the cleanup.
    """
    workers = {"node-a": worker, "node-b": start_worker(env, tmp / "worker-b.log", "node-b")}
    running.append(workers["node-b"])
    people = []
    for _ in range(CHECKINS + 2):
        browser = Browser()
        form = {**intake_form(browser, front), "checkin_opt_in": "on"}
        status, _ = browser.post(f"{front}/intake/", form)
        if status != 302:
            raise Failed(f"an intake with the check-in box ticked was answered {status}")
        people.append(form["email"])
    asked = sql(
        "SELECT count(*) FROM advisor_checkin c JOIN advisor_intake i ON i.id = c.intake_id"
        " WHERE i.email = ANY(%s)",
        [people],
    )[0][0]
    check(asked == len(people), f"each intake with the box ticked has its check-in ({asked})")
    # Their notices sent first: then every e-mail still waiting below is a check-in's.
    wait_until(
        lambda: not sql("SELECT 1 FROM advisor_notification WHERE status = 'pending'"),
        30,
        "the clinic's notices of these intakes were not sent",
    )
    batch, killed, refused = people[:CHECKINS], people[CHECKINS], people[CHECKINS + 1]
    inbox.hang_once.add(killed)
    inbox.refuse.add(refused)

    make_due(people)
    # Both sweeps meet at the e-mails' table, each holding a check-in of its own.
    queued = run_on_nodes(env, ["send_checkins"], SWEPT, nodes=2, gate="advisor_checkinemail")
    check(
        sum(queued) == len(people) == len(checkin_emails(people)),
        f"send_checkins on both nodes at once makes each e-mail once "
        f"({' + '.join(map(str, queued))} of {len(people)})",
    )

    # Killed as soon as the mail server holds it, long before the worker's own timeout.
    wait_until(inbox.hung.is_set, 30, "no worker reached the hung mail server")
    [(_, _, _, pk)] = checkin_emails([killed]).values()
    holders = sql(
        "SELECT worker_ids->>-1 FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = %s AND args_kwargs->'args'->>0 = %s AND status = 'RUNNING'",
        [CHECKIN_TASK, str(pk)],
    )
    if len(holders) != 1 or holders[0][0] not in workers:
        raise Failed(f"the hung send's task is not one worker's: {holders}")
    holder = holders[0][0]
    workers[holder].kill()  # SIGKILL: the worker dies mid-send, as in a crash
    workers[holder].wait(timeout=10)
    # PostgreSQL ends the dead worker's transaction, and its lock on the row with it.
    lock = "SELECT id FROM advisor_checkinemail WHERE id = %s FOR UPDATE SKIP LOCKED"
    wait_until(lambda: sql(lock, [pk]), 10, "the killed worker's lock on its e-mail stayed")
    survivor = next(name for name in workers if name != holder)

    def first_tries_made() -> bool:
        return settled(batch) and checkin_emails([refused])[refused][1] == 1

    wait_until(first_tries_made, 30, "the check-in e-mails were not all tried")
    got = {address: received(inbox, address) for address in batch}
    check(
        all(len(messages) == 1 for messages in got.values()),
        f"each check-in e-mail went out once ({sum(map(len, got.values()))} for {CHECKINS})",
    )
    sent = [message for messages in got.values() for message in messages]
    check(
        all(
            re.fullmatch(r"<https?://\S+/stop/>", str(m["List-Unsubscribe"]))
            and m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            for m, _ in sent
        ),
        "each has its one-click List-Unsubscribe",
    )
    literal = re.compile(rb"^List-Unsubscribe: <https?://", re.MULTILINE)
    if not all(literal.search(raw) for _, raw in sent):
        # Not a guarantee of the cluster, but worth knowing: RFC 2369 wants the address
        # itself, and a mail program that does not decode RFC 2047 words finds none.
        print("  (note: List-Unsubscribe went as RFC 2047 encoded words, not a plain <URL>)")
    rows = checkin_emails(batch).values()
    check(
        all(status == "sent" and attempts == 1 for status, attempts, _, _ in rows),
        "each row is marked sent, after one attempt",
    )
    senders = sql(
        "SELECT worker_ids->>-1, count(*) FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = %s AND args_kwargs->'args'->>0 = ANY(%s) GROUP BY 1 ORDER BY 1",
        [CHECKIN_TASK, [str(row[3]) for row in rows]],
    )
    print("  (sent by " + ", ".join(f"{name}: {count}" for name, count in senders) + ")")

    [(status, attempts, _, _)] = checkin_emails([killed]).values()
    tasks = task_statuses(pk)
    check(
        (status, attempts, tasks) == ("pending", 0, ["RUNNING"]),
        f"{holder}'s worker, killed mid-send, leaves the e-mail {status} "
        f"({attempts} attempts) and its task {'/'.join(tasks)}",
    )
    [requeued] = run_on_nodes(env, ["requeue_notices", "--older-than", "0"], REQUEUED)
    wait_until(lambda: settled([killed]), 30, "the re-queued check-in e-mail was not sent")
    [(status, attempts, _, _)] = checkin_emails([killed]).values()
    check(
        requeued == 1 and len(received(inbox, killed)) == 1 and (status, attempts) == ("sent", 1),
        f"requeue_notices queues it again ({requeued}) and {survivor}'s worker sends it, once",
    )

    # The refused one waits for its retry (1 minute, then 2...): each brought forward here,
    # as though that time had passed, until the last attempt.
    [(_, _, _, pk)] = checkin_emails([refused]).values()
    waits: list[float] = []

    def failed() -> bool:
        later = sql(
            "UPDATE django_tasks_database_dbtaskresult t SET run_after = now()"
            " FROM (SELECT id, run_after FROM django_tasks_database_dbtaskresult"
            "  WHERE task_path = %s AND args_kwargs->'args'->>0 = %s AND status = 'READY'"
            "  AND run_after > now() AND run_after < now() + interval '1 day'"
            "  FOR UPDATE) was WHERE t.id = was.id"
            " RETURNING extract(epoch FROM was.run_after - t.enqueued_at)",
            [CHECKIN_TASK, str(pk)],
        )
        waits.extend(float(wait) for (wait,) in later)
        return settled([refused])

    wait_until(failed, 30, f"the refused check-in e-mail was not failed after {ATTEMPTS} tries")
    [(status, attempts, error, _)] = checkin_emails([refused]).values()
    check(
        (status, attempts, inbox.refused) == ("failed", ATTEMPTS, ATTEMPTS) and "550" in error,
        f"a refused e-mail is tried {inbox.refused} times, then marked {status} ({error!r})",
    )
    check(
        len(waits) == ATTEMPTS - 1 and all(b > a > 0 for a, b in itertools.pairwise(waits)),
        "each retry waits longer than the one before ("
        + ", ".join(f"{wait:.0f} s" for wait in waits)
        + ")",
    )
    sam = Browser()
    sign_in(sam, admin_host, "sam", sam_key)
    status, page = sam.get(f"{admin_host}/admin/advisor/checkinemail/?status__exact=failed")
    check(
        status == 200
        and refused in page
        and "550" in page
        and not any(address in page for address in (*batch, killed)),
        f"the admin's failed check-in e-mails list it, with the refusal, for a superuser "
        f"to send again ({status})",
    )


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
            # Few tries for an e-mail the mail server refuses (the check-ins' stage).
            NOTIFICATION_ATTEMPTS=str(ATTEMPTS),
        )
        subprocess.run([*MANAGE, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [*MANAGE, "collectstatic", "--no-input", "-v0"], env=env, cwd=ROOT, check=True
        )
        made = subprocess.run(
            [*MANAGE, "shell", "-c", USERS.format(password=PASSWORD)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        keys = {
            name: key
            for name, _, key in (line.partition(" ") for line in made.stdout.splitlines())
            if name in STAFF
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
        worker = start_worker(env, tmp / "worker-a.log", "node-a")
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
            except (Failed, OSError, AttributeError, http.client.HTTPException):
                # Refused, or cut off mid-answer by the kill (IncompleteRead): not accepted.
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

        print("Check-ins: two sweeps and two workers; a worker killed; a refusal", flush=True)
        check_the_checkins(env, front, host_a, keys["sam"], tmp, running, smtp.handler, worker)
        # Last: lena's five failures from 127.0.0.1 pause every sign-in from that address.
        print("A password tried too often", flush=True)
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
