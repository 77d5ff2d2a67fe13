"""`make bench`: seed a PostgreSQL database of its own, serve it with gunicorn, load it, report.

It only ever touches a database named mindfulpath_bench, which it creates and
drops itself: it must never seed or wipe a real clinic's data.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
from django_otp.oath import TOTP

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "mindfulpath_bench"
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
SCENARIOS = (
    ("Healthz", "/healthz"),
    ("Home", "/"),
    ("ProgramPage", "/programs/mbsr/"),
    ("Directory", "/providers/?program=MSC&format=online"),
    ("IntakeForm", "GET /intake/"),
    ("IntakePost", "POST /intake/"),
    ("Recommendation", "/recommendation/<token>/"),
    ("AdminList", "admin intake list"),
)
# Budgets, from the issue: share of /healthz's throughput, and p95 at 8 clients.
PUBLIC_GET_SHARE = 0.5
POST_SHARE = 0.2
P95_MS = 100
ADMIN_P95_MS = 250
BUDGET_CLIENTS = 8


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


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# On the intake list only for a signed-in clinician (the login page would show otherwise).
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
    check = urllib.request.Request(f"{host}/admin/advisor/intake/", headers={"Cookie": cookie})
    with urllib.request.urlopen(check, timeout=30) as response:
        if SIGNED_IN_MARK not in response.read().decode():
            refuse(f"could not sign in {clinician['username']} to the admin")
    return cookie


def sign_in_clinicians(host: str, seed_file: Path, count: int) -> None:
    seed = json.loads(seed_file.read_text())
    clinicians = seed["clinicians"][:count]
    with ThreadPoolExecutor(max_workers=4) as pool:
        cookies = list(pool.map(lambda c: sign_in(host, c, seed["password"]), clinicians))
    seed_file.write_text(json.dumps({**seed, "sessions": cookies}))


def percentile(histogram: dict[str, int], fraction: float) -> float:
    total = sum(histogram.values())
    if not total:
        return 0.0
    seen = 0
    for value, count in sorted((float(k), v) for k, v in histogram.items()):
        seen += count
        if seen >= fraction * total:
            return value
    return 0.0


def run_scenario(env: dict, host: str, user_class: str, name: str, users: int, seconds: int):
    """One measurement window: the page's response-time histogram, requests and errors."""
    result = subprocess.run(
        [
            sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
            "--headless", "--only-summary", "--json", "--skip-log", "--reset-stats",
            "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
            "--host", host, user_class,
        ],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        stats = {entry["name"]: entry for entry in json.loads(result.stdout)}
    except json.JSONDecodeError:
        refuse(f"locust failed for {user_class}:\n{result.stderr[-2000:]}")
    entry = stats.get(name)
    if entry is None:  # not one request finished in the time given (too short a run)
        return {"histogram": {}, "elapsed": float(seconds), "requests": 0, "errors": 1}
    return {
        "histogram": entry["response_times"],
        "elapsed": max(entry["last_request_timestamp"] - entry["start_time"], 1e-9),
        "requests": entry["num_requests"],
        "errors": entry["num_failures"],
    }


def measure_level(env: dict, host: str, users: int, rounds: int, seconds: int) -> dict[str, dict]:
    """Every page at this many clients, in `rounds` short windows each, pages interleaved.

    This machine's speed drifts by as much as half from one minute to the next, so a
    single /healthz window makes a poor yardstick for pages measured minutes later.
    Each round measures /healthz and then every page; a page's share of /healthz is
    the median over rounds of its throughput against that round's /healthz.
    """
    windows: dict[str, list[dict]] = {name: [] for _, name in SCENARIOS}
    for _ in range(rounds):
        for user_class, name in SCENARIOS:
            windows[name].append(run_scenario(env, host, user_class, name, users, seconds))
    return summarise(windows)


def summarise(windows: dict[str, list[dict]]) -> dict[str, dict]:
    """One row per page from its windows, round by round alongside /healthz's."""
    healthz = [rate(window) for window in windows["/healthz"]]
    rows = {}
    for name, samples in windows.items():
        histogram: Counter[str] = Counter()
        for sample in samples:
            histogram.update(sample["histogram"])
        paired = zip(samples, healthz, strict=True)
        shares = [rate(sample) / base if base else 0.0 for sample, base in paired]
        rows[name] = {
            "rps": sum(s["requests"] for s in samples) / sum(s["elapsed"] for s in samples),
            "p50": percentile(histogram, 0.50),
            "p95": percentile(histogram, 0.95),
            "p99": percentile(histogram, 0.99),
            "errors": sum(s["errors"] for s in samples),
            "share": statistics.median(shares),
        }
    return rows


def rate(window: dict) -> float:
    return window["requests"] / window["elapsed"]


def report(results: dict[int, dict[str, dict]], levels: list[int]) -> list[str]:
    """Print a table per level, and judge the budgets at 8 clients, where the issue sets p95.

    Shares are judged there too: at 1 client a share compares latencies (one database
    round trip for /healthz, two for the recommendation page) rather than capacity,
    and 16 clients is past the point where 2 cores are saturated.
    """
    problems = []
    for users in levels:
        judged = " (budgets judged here)" if users == BUDGET_CLIENTS else ""
        print(f"\n{users} concurrent client(s){judged}")
        columns = "".join(f"{c:>9}" for c in ("req/s", "p50 ms", "p95 ms", "p99 ms"))
        print(f"{'page':<40}{columns}{'errors':>8}{'÷ healthz':>11}")
        for _, name in SCENARIOS:
            row = results[users][name]
            share = row["share"]
            print(
                f"{name:<40}{row['rps']:>9.1f}{row['p50']:>9.0f}{row['p95']:>9.0f}"
                f"{row['p99']:>9.0f}{row['errors']:>8}{share:>11.2f}"
            )
            if row["errors"]:
                problems.append(f"{name} at {users} clients: {row['errors']} errors")
            if users != BUDGET_CLIENTS:
                continue
            if name == "admin intake list":
                if row["p95"] > ADMIN_P95_MS:
                    problems.append(f"{name}: p95 {row['p95']:.0f} ms > {ADMIN_P95_MS} ms")
                continue
            if row["p95"] > P95_MS:
                problems.append(f"{name}: p95 {row['p95']:.0f} ms > {P95_MS} ms at {users} clients")
            floor = POST_SHARE if name.startswith("POST") else PUBLIC_GET_SHARE
            if name != "/healthz" and share < floor:
                problems.append(f"{name}: {share:.2f} of /healthz's throughput < {floor}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--levels", default="1,8,16", help="concurrent clients, comma separated")
    parser.add_argument("--seconds", type=int, default=3, help="length of each window")
    parser.add_argument("--rounds", type=int, default=3, help="windows per page and level")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--cache-url", default="", help="CACHE_URL for the server (default: the database cache)"
    )
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    if BUDGET_CLIENTS not in levels:
        levels.append(BUDGET_CLIENTS)

    url = bench_database_url()
    started = time.monotonic()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Loopback only, no TLS proxy in front: the documented plain-HTTP mode.
        "DJANGO_HTTPS": "0",
        "DJANGO_STAFF_2FA": "1",
        "INTAKE_RATE_LIMIT": str(10**9),
        "PORT": str(port),
        "HOST": "127.0.0.1",
    }
    env.pop("CACHE_URL", None)
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
    gunicorn = None
    recreate_database(url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            seed_file = Path(tmp) / "seed.json"
            env["BENCH_SEED_FILE"] = str(seed_file)
            manage = [sys.executable, "manage.py"]
            subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
            subprocess.run(
                [sys.executable, "-m", "bench.seed", str(seed_file)], env=env, cwd=ROOT, check=True
            )
            subprocess.run(
                [*manage, "collectstatic", "--no-input", "-v0"], env=env, cwd=ROOT, check=True
            )
            gunicorn = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi"],
                env=env, cwd=ROOT, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            host = f"http://127.0.0.1:{port}"
            wait_for(f"{host}/healthz")
            workers = os.environ.get("WEB_CONCURRENCY", "2 x cores + 1")
            print(
                f"gunicorn on {host}, workers: {workers}; "
                f"{args.rounds} rounds of {args.seconds} s per page and level"
            )
            sign_in_clinicians(host, seed_file, max(levels))
            results: dict[int, dict[str, dict]] = {}
            for users in levels:
                results[users] = measure_level(env, host, users, args.rounds, args.seconds)
            problems = report(results, levels)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        if not args.keep:
            drop_database(url)
    print(f"\nTook {time.monotonic() - started:.0f} s.")
    if problems:
        print("Over budget:\n  " + "\n  ".join(problems))
        raise SystemExit(1)
    print("Every page is within its budget.")


if __name__ == "__main__":
    main()
