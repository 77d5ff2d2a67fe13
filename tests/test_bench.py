"""`make bench` never touches a database but its own, and reports what it measured."""

from __future__ import annotations

import pytest

from bench import run

OTHER_PAGES = [name for _, name in run.SCENARIOS if name != "/healthz"]


@pytest.mark.parametrize(
    "url",
    [
        "postgres://postgres@127.0.0.1:5432/mindfulpath",
        "postgres://postgres@127.0.0.1:5432/mindfulpath_ci",
        "postgres://postgres@127.0.0.1:5432/postgres",
        "postgres://postgres@127.0.0.1:5432/",
    ],
)
def test_it_refuses_a_database_that_is_not_its_own(monkeypatch, capsys, url):
    monkeypatch.setenv("BENCH_DATABASE_URL", url)

    with pytest.raises(SystemExit) as exit_:
        run.bench_database_url()

    assert exit_.value.code == 2
    message = capsys.readouterr().err
    assert "never runs against another database" in message
    assert "mindfulpath_bench" in message


def test_it_refuses_a_database_other_than_postgresql(monkeypatch, capsys):
    monkeypatch.setenv("BENCH_DATABASE_URL", "sqlite:///mindfulpath_bench")

    with pytest.raises(SystemExit):
        run.bench_database_url()

    assert "needs PostgreSQL" in capsys.readouterr().err


def test_it_accepts_its_own_database_on_another_server(monkeypatch):
    url = "postgres://bench@db.internal:5433/mindfulpath_bench"
    monkeypatch.setenv("BENCH_DATABASE_URL", url)

    assert run.bench_database_url() == url


def test_it_uses_its_own_database_on_this_machine_by_default(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)

    assert run.bench_database_url().endswith("/mindfulpath_bench")


def _window(rps: float, times: dict[str, int] | None = None, errors: int = 0) -> dict:
    histogram = times or {"10": int(rps)}
    return {"histogram": histogram, "elapsed": 1.0, "requests": int(rps), "errors": errors}


def _rounds(healthz: list[float], page: list[float]) -> dict[str, list[dict]]:
    windows = {"/healthz": [_window(rate) for rate in healthz]}
    for name in OTHER_PAGES:
        windows[name] = [_window(rate) for rate in page]
    return windows


def test_it_compares_each_page_with_the_healthz_of_its_own_round():
    # The machine slows down by half between rounds; the page keeps pace with /healthz.
    rows = run.summarise(_rounds(healthz=[1000, 500, 1000], page=[600, 300, 600]))

    assert rows["/"]["share"] == pytest.approx(0.6)
    assert rows["/healthz"]["share"] == pytest.approx(1.0)


def test_it_takes_the_median_round_so_one_odd_window_does_not_decide():
    rows = run.summarise(_rounds(healthz=[1000, 1000, 1000], page=[600, 100, 550]))

    assert rows["/"]["share"] == pytest.approx(0.55)


def test_it_reports_throughput_over_all_rounds():
    rows = run.summarise(_rounds(healthz=[1000, 1000, 1000], page=[300, 600, 900]))

    assert rows["/"]["rps"] == pytest.approx(600)


def test_it_reads_percentiles_from_every_round_together():
    windows = _rounds(healthz=[100, 100], page=[100, 100])
    windows["/"] = [_window(100, {"10": 90, "200": 10}), _window(100, {"10": 100})]

    row = run.summarise(windows)["/"]

    # 10 slow answers in 200: past the 95th percentile, though not in the first window alone.
    assert row["p50"] == 10
    assert row["p95"] == 10
    assert row["p99"] == 200


def test_it_adds_up_errors_from_every_round():
    windows = _rounds(healthz=[100, 100], page=[100, 100])
    windows["/"] = [_window(100, errors=2), _window(100, errors=1)]

    assert run.summarise(windows)["/"]["errors"] == 3


def _results(**overrides: dict) -> dict[int, dict[str, dict]]:
    healthy = {"rps": 100.0, "p50": 5, "p95": 20, "p99": 30, "errors": 0, "share": 0.9}
    rows = {name: dict(healthy) for _, name in run.SCENARIOS}
    for name, changes in overrides.items():
        rows[name].update(changes)
    return {8: rows}


def test_it_passes_a_run_within_every_budget(capsys):
    assert run.report(_results(), [8]) == []


@pytest.mark.parametrize(
    ("page", "changes", "problem"),
    [
        ("/", {"share": 0.49}, "0.49 of /healthz's throughput < 0.5"),
        ("GET /intake/", {"share": 0.3}, "0.30 of /healthz's throughput < 0.5"),
        ("POST /intake/", {"share": 0.19}, "0.19 of /healthz's throughput < 0.2"),
        ("/programs/mbsr/", {"p95": 101}, "p95 101 ms > 100 ms at 8 clients"),
        ("admin intake list", {"p95": 251}, "p95 251 ms > 250 ms"),
        ("/recommendation/<token>/", {"errors": 1}, "1 errors"),
    ],
)
def test_it_names_a_missed_budget(capsys, page, changes, problem):
    problems = run.report(_results(**{page: changes}), [8])

    assert len(problems) == 1
    assert page in problems[0] and problem in problems[0]


def test_it_judges_the_budgets_at_8_clients_only(capsys):
    results = {**_results(), 1: _results(**{"/recommendation/<token>/": {"share": 0.4}})[8]}

    assert run.report(results, [1, 8]) == []
    assert "8 concurrent client(s) (budgets judged here)" in capsys.readouterr().out

    results[8]["/recommendation/<token>/"]["share"] = 0.4
    assert len(run.report(results, [1, 8])) == 1


@pytest.mark.parametrize(
    ("page", "changes"),
    [
        ("POST /intake/", {"share": 0.2}),
        ("admin intake list", {"p95": 250, "share": 0.05}),
        ("/", {"share": 0.5, "p95": 100}),
    ],
)
def test_it_passes_a_page_exactly_on_its_budget(capsys, page, changes):
    assert run.report(_results(**{page: changes}), [8]) == []
