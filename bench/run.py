"""`make bench`: seed a PostgreSQL database of its own, serve it with gunicorn, load it with wrk.

It only ever touches a database named mindfulpath_bench, which it creates and
drops itself: it must never seed or wipe a real clinic's data. See bench/README.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import multiprocessing
import os
import re
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
from django_otp.oath import TOTP

from advisor import questionnaire
from advisor.questionnaire import LIKERT
from bench.balancer import start_haproxy

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = ROOT / "bench" / "wrk.lua"
BENCH_DB = "mindfulpath_bench"
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
# The production cache (README, "Production"): a database number of its own on the local
# Redis, emptied before and after.
REDIS_DB = 9
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"

# Budgets (DESIGN.md): at 8 connections each public page keeps at least half of
# /healthz's throughput, the recommendation page (each person's own, rendered for every
# request) 0.35 and the intake POST a fifth; the admin intake list answers with p95
# under 250 ms at 2 clients; no errors at any level.
BUDGET_CLIENTS = 8
PUBLIC_SHARE = 0.5
RECOMMENDATION_SHARE = 0.35
POST_SHARE = 0.2
ADMIN_CLIENTS = 2
ADMIN_P95_MS = 250.0


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    mode: str  # how bench/wrk.lua sends it
    share_floor: float | None = None  # judged at BUDGET_CLIENTS
    p95_ceiling_ms: float | None = None  # judged at ADMIN_CLIENTS


HEALTHZ = "/healthz"
ADMIN_LIST = "admin intake list"
PAGES = (
    Page(HEALTHZ, "/healthz", "get"),
    Page("/", "/", "get", share_floor=PUBLIC_SHARE),
    Page("/programs/mbsr/", "/programs/mbsr/", "get", share_floor=PUBLIC_SHARE),
    Page(
        "/providers/?program=MSC&format=online",
        "/providers/?program=MSC&format=online",
        "get",
        share_floor=PUBLIC_SHARE,
    ),
    Page(
        "/courses/?program=MSC&tz=Europe/London",
        "/courses/?program=MSC&tz=Europe/London",
        "get",
        share_floor=PUBLIC_SHARE,
    ),
    Page("GET /intake/", "/intake/", "get", share_floor=PUBLIC_SHARE),
    Page("POST /intake/", "/intake/", "post", share_floor=POST_SHARE),
    Page(
        "/recommendation/<token>/",
        "/recommendation/",
        "recommendation",
        share_floor=RECOMMENDATION_SHARE,
    ),
    Page(ADMIN_LIST, "/admin/advisor/intake/", "admin", p95_ceiling_ms=ADMIN_P95_MS),
)

# A complete valid intake (the middle of each scale, the last option of each choice);
# wrk appends a fresh form token to every post.
VALID_INTAKE = {
    **{
        q.code: (str(q.values[len(q.values) // 2]) if q.kind == LIKERT else str(q.values[-1]))
        for q in questionnaire.QUESTIONS
        if q.code in questionnaire.ANSWER_CODES
    },
    "first_name": "Bench",
    "email": "bench@example.org",
    "consent": "on",
}


def refuse(message: str) -> None:
    print(f"make bench: {message}", file=sys.stderr)
    raise SystemExit(2)


def bench_database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = urlsplit(url).path.lstrip("/")
    if name != BENCH_DB:
        refuse(
            f"the benchmark creates, fills and drops its own database, named {BENCH_DB}; "
            f"BENCH_DATABASE_URL names {name!r}. It never runs against another database."
        )
    if not url.startswith(("postgres://", "postgresql://")):
        refuse("the benchmark measures the production stack, so it needs PostgreSQL.")
    return url


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


def drop_database(url: str) -> None:
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def flush_redis() -> None:
    """Empty the bench's own Redis database, REDIS_DB, and no other."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()
    except redis.RedisError as exc:
        refuse(f"the bench needs Redis on 127.0.0.1:6379, or --database-cache ({exc})")


def parse_workers(text: str) -> list[int | None]:
    """`3,default` -> [3, None]; None is gunicorn.conf.py's own choice (2 x cores + 1)."""
    counts: list[int | None] = []
    for item in text.split(","):
        item = item.strip()
        if item == "default":
            counts.append(None)
        elif item.isdigit() and int(item) > 0:
            counts.append(int(item))
        else:
            refuse(f"--workers takes worker counts and 'default', not {item!r}")
    return counts


def default_workers() -> int:
    # gunicorn.conf.py's default, when WEB_CONCURRENCY is not set (the bench unsets it).
    return multiprocessing.cpu_count() * 2 + 1


def workers_label(workers: int | None) -> str:
    if workers is None:
        return f"{default_workers()} workers (default, 2 x cores + 1)"
    return f"{workers} workers"


def parse_levels(text: str) -> list[int]:
    """The connection counts to measure, always with the two the budgets are judged at."""
    try:
        levels = {int(level) for level in text.split(",")}
    except ValueError:
        refuse(f"--levels takes numbers of connections, not {text!r}")
    if min(levels) < 1:
        refuse("--levels: every level needs at least one connection")
    return sorted(levels | {ADMIN_CLIENTS, BUDGET_CLIENTS})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    refuse(f"gunicorn did not answer {url} within {seconds} s")


def children_of(pid: int) -> int:
    """How many processes have `pid` as their parent (gunicorn's workers, for its master)."""
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        count += int(fields[1]) == pid
    return count


def wait_for_workers(master: int, expected: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if children_of(master) >= expected:
            return
        time.sleep(0.3)
    refuse(f"gunicorn started {children_of(master)} workers of {expected} in {seconds} s")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# On the intake list only for a signed-in clinician (the login page would show otherwise);
# bench/wrk.lua looks for the same words.
SIGNED_IN_MARK = "Select intake to change"


def sign_in(host: str, clinician: dict, password: str) -> str:
    """Sign a clinician in through the real login form; returns their session's Cookie header.

    Done before any measurement: a login hashes the password on purpose slowly (most of
    a second of CPU), which would otherwise eat into the window of whatever page is
    being measured at the time.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{host}/admin/login/", timeout=30).read().decode()
    key = bytes.fromhex(clinician["totp_key"])
    form = {
        "csrfmiddlewaretoken": CSRF.search(page).group(1),
        "username": clinician["username"],
        "password": password,
        "otp_token": f"{TOTP(key).token():06d}",
        "next": "/admin/",
    }
    opener.open(f"{host}/admin/login/?next=/admin/", urlencode(form).encode(), timeout=30)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if "session" in c.name)
    check_signed_in(host, cookie, clinician["username"])
    return cookie


def check_signed_in(host: str, cookie: str, who: str = "the first clinician") -> None:
    check = urllib.request.Request(f"{host}/admin/advisor/intake/", headers={"Cookie": cookie})
    with urllib.request.urlopen(check, timeout=30) as response:
        if SIGNED_IN_MARK not in response.read().decode():
            refuse(f"{who} is not signed in to the admin")


def sign_in_clinicians(host: str, seed: dict, count: int) -> list[str]:
    clinicians = seed["clinicians"][:count]
    if len(clinicians) < count:
        refuse(f"the seed has {len(clinicians)} clinicians; {count} connections need {count}")
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda c: sign_in(host, c, seed["password"]), clinicians))


def intake_post_body(csrf_token: str) -> str:
    """The intake POST's body, complete but for the form token's value, which comes last."""
    return urlencode({**VALID_INTAKE, "csrfmiddlewaretoken": csrf_token}) + "&form_token="


def csrf_for_posts(host: str) -> tuple[str, str]:
    """A visitor's CSRF cookie and form token, from the intake page as a browser gets them."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{host}/intake/", timeout=30).read().decode()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if "csrf" in c.name)
    match = CSRF.search(page)
    if not cookie or match is None:
        refuse("the intake page gave no CSRF cookie or token")
    return cookie, match.group(1)


def write_wrk_files(folder: Path, seed: dict, sessions: list[str], csrf: tuple[str, str]):
    """The files bench/wrk.lua reads: one per mode that needs more than its URL."""
    cookie, token = csrf
    files = {
        "post": folder / "post.txt",
        "recommendation": folder / "tokens.txt",
        "admin": folder / "sessions.txt",
    }
    files["post"].write_text(f"{cookie}\n{intake_post_body(token)}\n")
    files["recommendation"].write_text("\n".join(seed["tokens"]) + "\n")
    files["admin"].write_text("\n".join(sessions) + "\n")
    return files


WRK_RESULT = re.compile(r"^wrk-bench (\{.*\})$", re.MULTILINE)


def parse_wrk(output: str) -> dict:
    """One window from wrk's output: the line bench/wrk.lua's done() prints."""
    match = WRK_RESULT.search(output)
    if match is None:
        raise ValueError("no wrk-bench line in wrk's output")
    data = json.loads(match.group(1))
    return {
        "requests": data["requests"],
        "elapsed": max(data["duration_us"] / 1e6, 1e-9),
        "errors": {kind: count for kind, count in data["errors"].items() if count},
        "percentiles": {float(p): us / 1000 for p, us in data["percentiles_us"].items()},
        "histogram": Counter({value: count for value, count in data["histogram_us"]}),
    }


def wrk_command(host: str, page: Page, clients: int, seconds: int, files: dict) -> list[str]:
    extra: list[str] = []
    if page.mode in files:
        extra.append(str(files[page.mode]))
    if page.mode == "admin":
        extra.append(str(clients))
    return [
        "wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "5s",
        "-s", str(WRK_SCRIPT), f"{host}{page.path}", "--", page.mode, *extra,
    ]  # fmt: skip


def run_window(host: str, page: Page, clients: int, seconds: int, files: dict) -> dict:
    """One measurement window of one page: wrk's figures, and the CPU wrk itself used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        wrk_command(host, page, clients, seconds, files),
        capture_output=True, text=True, timeout=seconds + 60, check=False,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        window = parse_wrk(result.stdout)
    except (ValueError, KeyError) as exc:
        output = result.stdout[-1000:] + result.stderr[-1000:]
        refuse(f"wrk failed on {page.name} ({exc}):\n{output}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    window["wrk_cpu"] = cpu
    return window


# A PostgreSQL backend's title: "postgres: 15/main: USER DATABASE HOST(PORT) STATE".
BACKEND_TITLE = re.compile(r"^postgres: [^:]+: \S+ (\S+) (?:\S+\(\d+\)|\[local\])")


@dataclass(frozen=True)
class Process:
    ppid: int
    cpu: float  # seconds of CPU used so far, user and system
    title: str


def processes() -> dict[int, Process]:
    """Every process on the machine now, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            fields = (folder / "stat").read_text().rsplit(")", 1)[1].split()
            title = (folder / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        cpu = (int(fields[11]) + int(fields[12])) / ticks
        found[int(folder.name)] = Process(int(fields[1]), cpu, title.strip())
    return found


def is_other(pid: int, table: dict[int, Process], own: int) -> bool:
    """Whether a process is none of the bench's: not this one or one it started (gunicorn,
    its workers, wrk), not PostgreSQL's own or a backend of the bench's database, not Redis.
    """
    seen = set()
    ancestor = pid
    while ancestor in table and ancestor not in seen:
        if ancestor == own:
            return False
        seen.add(ancestor)
        ancestor = table[ancestor].ppid
    title = table[pid].title
    if title.startswith("redis-server"):
        return False
    if title.split(" ", 1)[0].endswith(("postgres", "postgres:")):
        backend = BACKEND_TITLE.match(title)
        return backend is not None and backend.group(1) != BENCH_DB
    return True


def others_cpu(before: dict[int, Process], after: dict[int, Process], own: int) -> float:
    """CPU seconds that processes other than the bench's used between two snapshots.

    A process that started and ended between them is missed, so this is a lower bound.
    """
    used = 0.0
    for pid, process in after.items():
        if not is_other(pid, after, own):
            continue
        earlier = before.get(pid)
        used += process.cpu - (earlier.cpu if earlier and earlier.title == process.title else 0)
    return used


def measure_level(
    host: str, clients: int, rounds: int, seconds: int, files: dict, log: Path
) -> tuple[dict[str, dict], dict[str, float]]:
    """Every page at this many connections, in `rounds` short windows each, pages interleaved.

    This machine's speed drifts by as much as half from one minute to the next, so a
    single /healthz window makes a poor yardstick for pages measured minutes later.
    Each round measures /healthz and then every page; a page's share of /healthz is
    the median over rounds of its throughput against that round's /healthz.

    Also returns what else happened meanwhile: the CPU other processes took from the
    two cores (it slows some windows and not others), and how many workers gunicorn
    replaced (gunicorn.conf.py recycles a worker after about 2,000 requests; a new one
    spends a fraction of a second of CPU loading the application).
    """
    windows: dict[str, list[dict]] = {page.name: [] for page in PAGES}
    before, started, boots = processes(), time.monotonic(), worker_boots(log)
    for _ in range(rounds):
        for page in PAGES:
            windows[page.name].append(run_window(host, page, clients, seconds, files))
    cores = (time.monotonic() - started) * (os.cpu_count() or 1)
    notes = {
        "others_cpu": others_cpu(before, processes(), os.getpid()) / cores,
        "worker_restarts": worker_boots(log) - boots,
    }
    return summarise(windows), notes


def worker_boots(log: Path) -> int:
    """How many workers gunicorn has started so far, from its log."""
    return log.read_text(errors="replace").count("Booting worker with pid")


def percentile(histogram: Counter, fraction: float) -> float:
    """wrk's own percentile (stats_percentile) of a histogram of microseconds, in ms."""
    total = sum(histogram.values())
    if not total:
        return 0.0
    rank = math.floor(fraction * total + 1.0)  # C's round(p * count + 0.5)
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value / 1000
    return max(histogram) / 1000


def summarise(windows: dict[str, list[dict]]) -> dict[str, dict]:
    """One row per page from its windows, round by round alongside /healthz's.

    Percentiles come from every round's histogram pooled, throughput from every
    round's requests over every round's time, the share from the median round.
    """
    healthz = [rate(window) for window in windows[HEALTHZ]]
    rows = {}
    for name, samples in windows.items():
        histogram: Counter = Counter()
        errors: Counter = Counter()
        for sample in samples:
            histogram.update(sample["histogram"])
            errors.update(sample["errors"])
        paired = zip(samples, healthz, strict=True)
        shares = [rate(sample) / base if base else 0.0 for sample, base in paired]
        elapsed = sum(s["elapsed"] for s in samples)
        rows[name] = {
            "rps": sum(s["requests"] for s in samples) / elapsed,
            "p50": percentile(histogram, 0.50),
            "p95": percentile(histogram, 0.95),
            "p99": percentile(histogram, 0.99),
            "errors": sum(errors.values()),
            "error_kinds": dict(errors),
            "share": statistics.median(shares),
            "wrk_cpu": sum(s.get("wrk_cpu", 0.0) for s in samples) / elapsed,
        }
    return rows


def rate(window: dict) -> float:
    return window["requests"] / window["elapsed"]


def judge(page: Page, row: dict, clients: int) -> tuple[str, list[str]]:
    """The budget column's text for this row, and the budgets it misses."""
    problems = []
    if row["errors"]:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(row["error_kinds"].items()))
        problems.append(f"{page.name}: {row['errors']} errors ({kinds})")
    verdict = ""
    if clients == BUDGET_CLIENTS and page.share_floor is not None:
        floor = page.share_floor
        if row["share"] >= floor:
            verdict = f"≥ {floor}: met"
        else:
            verdict = f"≥ {floor}: MISSED"
            problems.append(
                f"{page.name}: {row['share']:.3f} of /healthz's throughput < {floor} "
                f"(short by {floor - row['share']:.3f})"
            )
    elif clients == BUDGET_CLIENTS and page.name == HEALTHZ:
        verdict = "yardstick"
    elif clients == ADMIN_CLIENTS and page.p95_ceiling_ms is not None:
        ceiling = page.p95_ceiling_ms
        if row["p95"] < ceiling:
            verdict = f"p95 < {ceiling:.0f} ms: met"
        else:
            verdict = f"p95 < {ceiling:.0f} ms: MISSED"
            problems.append(
                f"{page.name}: p95 {row['p95']:.0f} ms ≥ {ceiling:.0f} ms "
                f"(over by {row['p95'] - ceiling:.0f} ms)"
            )
    elif clients == BUDGET_CLIENTS and page.p95_ceiling_ms is not None:
        verdict = "recorded"
    return verdict, problems


COLUMNS = (
    "page",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "errors",
    "÷ /healthz",
    "wrk CPU",
    "budget",
)


def table_title(label: str, clients: int) -> str:
    judged = {
        BUDGET_CLIENTS: " (shares judged here)",
        ADMIN_CLIENTS: " (admin list p95 judged here)",
    }.get(clients, "")
    return f"{label}, {clients} connection{'s' if clients != 1 else ''}{judged}"


def format_table(rows: dict[str, dict], clients: int) -> tuple[list[str], list[str]]:
    """A Markdown table of one level's rows, and the budgets missed there."""
    cells, problems = [], []
    for page in PAGES:
        row = rows[page.name]
        verdict, missed = judge(page, row, clients)
        problems += missed
        cells.append(
            (
                f"`{page.name}`" if page.name != ADMIN_LIST else page.name,
                f"{row['rps']:.0f}",
                f"{row['p50']:.1f}",
                f"{row['p95']:.1f}",
                f"{row['p99']:.1f}",
                str(row["errors"]),
                f"{row['share']:.2f}",
                f"{row['wrk_cpu']:.0%}",
                verdict,
            )
        )
    widths = [max(len(c[i]) for c in [COLUMNS, *cells]) for i in range(len(COLUMNS))]

    def line(values: Iterable[str]) -> str:
        padded = [
            v.ljust(w) if i in (0, len(widths) - 1) else v.rjust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    left = (0, len(widths) - 1)
    dashes = ["-" * (w + 2) if i in left else "-" * (w + 1) + ":" for i, w in enumerate(widths)]
    rule = "|" + "|".join(dashes) + "|"
    return [line(COLUMNS), rule, *(line(c) for c in cells)], problems


def report(
    label: str, results: dict[int, dict[str, dict]], notes: dict[int, dict] | None = None
) -> list[str]:
    """Print one table per level for one worker count; returns the budgets missed."""
    problems = []
    for clients, rows in sorted(results.items()):
        lines, missed = format_table(rows, clients)
        print(f"\n{table_title(label, clients)}\n")
        print("\n".join(lines))
        note = (notes or {}).get(clients)
        if note:
            print(
                f"\nMeanwhile gunicorn replaced {note['worker_restarts']} workers (max_requests), "
                f"and other processes used {note['others_cpu']:.0%} of the machine's CPU."
            )
        sys.stdout.flush()
        problems += [f"{label}, {clients} connections: {problem}" for problem in missed]
    return problems


def gunicorn_command(max_requests: int | None) -> list[str]:
    """gunicorn as production runs it (gunicorn.conf.py), or with its max_requests overridden."""
    command = [sys.executable, "-m", "gunicorn", "config.wsgi"]
    if max_requests is not None:
        command += ["--max-requests", str(max_requests)]
    return command


def start_gunicorn(
    env: dict, workers: int | None, log: Path, max_requests: int | None = None
) -> tuple[subprocess.Popen, str]:
    env = {**env, "PORT": str(free_port())}
    env.pop("WEB_CONCURRENCY", None)
    if workers is not None:
        env["WEB_CONCURRENCY"] = str(workers)
    with log.open("ab") as out:
        process = subprocess.Popen(
            gunicorn_command(max_requests), env=env, cwd=ROOT, stdout=out, stderr=out
        )
    host = f"http://127.0.0.1:{env['PORT']}"
    try:
        wait_for(f"{host}/healthz")
        wait_for_workers(process.pid, workers or default_workers())
    except SystemExit:
        print(log.read_text()[-2000:], file=sys.stderr)
        stop(process)
        raise
    return process, host


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def warm_up(host: str, files: dict) -> None:
    """One unrecorded second per page: the workers' first requests load code and templates."""
    for page in PAGES:
        run_window(host, page, BUDGET_CLIENTS, 1, files)


# What the two-node run compares: the yardstick, a cached public page, the course finder
# and the intake POST, which writes to the shared database and counts in the shared cache.
TWO_NODE_PAGES = ("/healthz", "/", "/courses/?program=MSC&tz=Europe/London", "POST /intake/")


def measure_two_nodes(env: dict, folder: Path, files: dict, rounds: int, seconds: int) -> list[str]:
    """One node against two behind haproxy, 3 workers each, in the same rounds.

    Both nodes run; each round measures every page on node A alone and then through the
    balancer, so drift over the minutes touches both alike. On a 2-core machine a second
    node adds workers, not cores: the figure shows what the balancer costs and whether
    anything is shared badly, not how a cluster of real machines would scale.
    """
    if shutil.which("haproxy") is None:
        print("\nTwo nodes: skipped (haproxy is not installed: apt-get install haproxy)")
        return []
    nodes = [start_gunicorn(env, 3, folder / f"node-{n}.log") for n in "ab"]
    balancer_port = free_port()
    balancer = start_haproxy(balancer_port, [urlsplit(host).port for _, host in nodes], folder)
    front = f"http://127.0.0.1:{balancer_port}"
    try:
        wait_for(f"{front}/healthz")
        pages = [page for page in PAGES if page.name in TWO_NODE_PAGES]
        windows: dict[str, dict[str, list[dict]]] = {"one": {}, "two": {}}
        hosts = {"one": nodes[0][1], "two": front}
        for page in pages:  # warm both nodes
            for host in (nodes[0][1], nodes[1][1]):
                run_window(host, page, BUDGET_CLIENTS, 1, files)
        for _ in range(rounds):
            for page in pages:
                for setup, host in hosts.items():
                    window = run_window(host, page, BUDGET_CLIENTS, seconds, files)
                    windows[setup].setdefault(page.name, []).append(window)
        one, two = summarise(windows["one"]), summarise(windows["two"])
    finally:
        balancer.terminate()
        balancer.wait(timeout=10)
        for process, _ in nodes:
            stop(process)
    print(f"\nOne node against two behind haproxy, 3 workers each, {BUDGET_CLIENTS} connections\n")
    print("| page | one node req/s | two nodes req/s | two ÷ one | errors (two) |")
    print("|---|---:|---:|---:|---:|")
    problems = []
    for page in pages:
        a, b = one[page.name], two[page.name]
        print(
            f"| `{page.name}` | {a['rps']:.0f} | {b['rps']:.0f} | "
            f"{b['rps'] / a['rps'] if a['rps'] else 0:.2f} | {b['errors']} |"
        )
        if a["errors"] or b["errors"]:
            problems.append(
                f"two nodes: {page.name}: errors (one {a['errors']}, two {b['errors']})"
            )
    sys.stdout.flush()
    return problems


def server_env(database_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a production server on loopback, on `database_url`: DEBUG off,
    sign-in codes on, plain HTTP (no TLS proxy in front: the documented trusted-network
    mode), a fresh secret key; no cache or gunicorn options left from the caller's shell."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DJANGO_STAFF_2FA": "1",
        "HOST": "127.0.0.1",
    }
    env.pop("CACHE_URL", None)
    # gunicorn.conf.py and its command-line options only, not settings left in the shell.
    env.pop("GUNICORN_CMD_ARGS", None)
    return {**env, **overrides}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--levels", default="2,8,16", help="connections, comma separated (2 and 8 always run)"
    )
    parser.add_argument(
        "--workers", default="3,default", help="gunicorn worker counts, comma separated"
    )
    parser.add_argument("--seconds", type=int, default=3, help="length of each window")
    parser.add_argument("--rounds", type=int, default=3, help="windows per page and level")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--no-two-nodes", action="store_true", help="skip the run of two nodes behind haproxy"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=None,
        help="override gunicorn.conf.py's max_requests (0: workers are never replaced)",
    )
    cache = parser.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache-url",
        default="",
        help=f"CACHE_URL for the server (default: {REDIS_URL}, emptied before and after)",
    )
    cache.add_argument(
        "--database-cache",
        action="store_true",
        help="the zero-set-up default cache (the database) instead of Redis",
    )
    args = parser.parse_args()
    levels = parse_levels(args.levels)
    worker_counts = parse_workers(args.workers)
    if args.seconds < 1 or args.rounds < 1:
        refuse("--seconds and --rounds must be at least 1")
    if shutil.which("wrk") is None:
        refuse("wrk is not installed; `make bench` installs it, or: apt-get install wrk")

    url = bench_database_url()
    started = time.monotonic()
    # Every post comes from 127.0.0.1: the limit per client network would refuse all
    # but the first 30 of the hour.
    env = server_env(url, INTAKE_RATE_LIMIT=str(10**9))
    recycling = (
        "gunicorn.conf.py's max_requests"
        if args.max_requests is None
        else f"max_requests {args.max_requests} (gunicorn.conf.py's overridden)"
    )
    use_redis = not (args.database_cache or args.cache_url)
    cache_name = "the database cache"
    if use_redis:
        env["CACHE_URL"] = REDIS_URL
        cache_name = f"Redis ({REDIS_URL})"
        flush_redis()
    elif args.cache_url:
        env["CACHE_URL"] = args.cache_url
        cache_name = args.cache_url
    gunicorn = None
    problems: list[str] = []
    recreate_database(url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            seed_file = folder / "seed.json"
            manage = [sys.executable, "manage.py"]
            subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
            subprocess.run(
                [sys.executable, "-m", "bench.seed", str(seed_file)], env=env, cwd=ROOT, check=True
            )
            subprocess.run(
                [*manage, "collectstatic", "--no-input", "-v0"], env=env, cwd=ROOT, check=True
            )
            seed = json.loads(seed_file.read_text())
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            print(
                f"{date.today()}: wrk, {args.rounds} rounds of {args.seconds} s per page and "
                f"level, {cache_name}, {os.cpu_count()} cores, {recycling}, "
                f"load average before: {load}",
                flush=True,
            )
            files: dict = {}
            sessions: list[str] = []
            for workers in worker_counts:
                label = workers_label(workers)
                log = folder / f"gunicorn-{workers or 'default'}.log"
                gunicorn, host = start_gunicorn(env, workers, log, args.max_requests)
                if not files:
                    sessions = sign_in_clinicians(host, seed, max(levels))
                    files = write_wrk_files(folder, seed, sessions, csrf_for_posts(host))
                check_signed_in(host, sessions[0])
                print(f"\ngunicorn on {host}, {label}", flush=True)
                warm_up(host, files)
                for clients in levels:
                    rows, notes = measure_level(
                        host, clients, args.rounds, args.seconds, files, log
                    )
                    problems += report(label, {clients: rows}, {clients: notes})
                stop(gunicorn)
                gunicorn = None
            if not args.no_two_nodes:
                problems += measure_two_nodes(env, folder, files, args.rounds, args.seconds)
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        if not args.keep:
            drop_database(url)
            if use_redis:
                flush_redis()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nTook {time.monotonic() - started:.0f} s; load average after: {load}.")
    if problems:
        print("Over budget:\n  " + "\n  ".join(problems))
        raise SystemExit(1)
    print("Every page is within its budget.")


if __name__ == "__main__":
    main()
