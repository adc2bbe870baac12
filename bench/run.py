"""`python -m bench.run`: generate (or reuse) a scale, serve it, load each page, write the results.

    python -m bench.run --scale district --db sqlite --duration 15 --concurrency 16 \\
        --pages home,community,login

The reference pages bare and bare_db are always measured too, first, so that every
page's ratio compares with figures from the same server and the same minute.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench import results
from bench.client import ClientSession, anonymous_session, signed_in_session
from bench.databases import bench_database, report
from bench.datagen import BENCH_PASSWORD, SCALES, Scale, table_counts
from bench.load import Load, LoadResult, run_wrk, write_requests, wrk_path
from bench.machine import CpuMeter, cpu_model, source_changed_since, source_digest, wait_for_quiet
from bench.pages import PAGES, PAGES_BY_NAME, REFERENCES, BenchContext, PageSpec
from bench.server import ROOT, Server, gunicorn_server

# Above this share of the CPUs used by other programs during a page, its figures are flagged;
# --wait-quiet waits for less than QUIET_PCT before a page.
BUSY_PCT = 10
QUIET_PCT = 5


@dataclass(frozen=True)
class Measurement:
    result: LoadResult
    other_cpu_share: float | None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="community")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pages", default="all",
                        help=f"comma-separated, from: {', '.join(PAGES_BY_NAME)} (default: all)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured per page")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load first")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the data even if cached")
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                        help="on a shared machine: before each page, wait up to this long for other "
                             f"programs to leave the CPUs (below {QUIET_PCT}%%)")
    parser.add_argument("--retries", type=int, default=0,
                        help="measure a page again (up to this many times) when other programs took "
                             f"more than {BUSY_PCT}%% of the CPUs; the quietest measurement is kept")
    args = parser.parse_args(argv)
    if args.duration <= 0 or args.concurrency < 1 or args.workers < 1:
        parser.error("duration, concurrency and workers must be positive")
    if args.warmup < 0 or args.wait_quiet < 0 or args.retries < 0:
        parser.error("warm-up, wait-quiet and retries cannot be negative")
    try:
        args.page_specs = select_pages(args.pages, SCALES[args.scale])
    except KeyError as exc:
        parser.error(f"unknown page {exc.args[0]}; known: {', '.join(PAGES_BY_NAME)}")
    return args


def select_pages(names: str, scale: Scale) -> list[PageSpec]:
    """The pages asked for (all: those the scale has data for), after the references, each once,
    in PAGES order; file_case brings its reference bare_insert, and signed_insert."""
    wanted = ({p.name for p in PAGES if p.fits(scale)} if names == "all"
              else {n.strip() for n in names.split(",") if n.strip()})
    for name in wanted:
        if name not in PAGES_BY_NAME:
            raise KeyError(name)
    wanted.update(REFERENCES)
    if "file_case" in wanted:
        wanted.update(("bare_insert", "signed_insert"))
    return [page for page in PAGES if page.name in wanted]


def open_sessions(base_url: str, page: PageSpec, scale: Scale) -> list[ClientSession]:
    if page.login_as is not None:
        names = scale.role_login_names(page.login_as)
        return [signed_in_session(base_url, name, BENCH_PASSWORD) for name in names]
    if page.needs_login:
        return [signed_in_session(base_url, name, BENCH_PASSWORD) for name in scale.login_names]
    if page.needs_session:
        return [anonymous_session(base_url, name) for name in scale.login_names]
    return []


def measure_page(server: Server, page: PageSpec, context: BenchContext, load: Load,
                 args: argparse.Namespace) -> Measurement:
    """Warm up (workers compile templates, fill caches; result dropped), then measure."""
    sessions = open_sessions(server.base_url, page, context.scale)
    requests_file = write_requests(page.name, page.requests(context, sessions))
    # PostgreSQL's processes serve the app: their CPU time is the server's, not another program's.
    database_processes = frozenset({"postgres"}) if context.db == "postgresql" else frozenset()
    meter = CpuMeter(server.process_group, database_processes)
    kept: Measurement | None = None
    for attempt in range(args.retries + 1):
        if page.fresh_each_run and attempt:
            requests_file = write_requests(page.name, page.requests(context, sessions))
        if args.wait_quiet > 0 and not wait_for_quiet(meter, QUIET_PCT / 100, args.wait_quiet):
            report(f"  the CPUs are still busy with other programs after {args.wait_quiet:g} s")
        if args.warmup > 0:
            run_wrk(server.base_url, requests_file, page.expect_status,
                    Load(args.warmup, load.concurrency, load.threads))
            server.drain()
        if page.fresh_each_run:
            requests_file = write_requests(page.name, page.requests(context, sessions))
        before = meter.snapshot()
        result = run_wrk(server.base_url, requests_file, page.expect_status, load)
        after = meter.snapshot()
        server.drain()
        found = Measurement(result, CpuMeter.other_share(before, after))
        if kept is None or (found.other_cpu_share or 0) < (kept.other_cpu_share or 0):
            kept = found
        if (found.other_cpu_share or 0) <= BUSY_PCT / 100:
            break
        if attempt < args.retries:
            report(f"  {page.name}: other programs took {percent(found.other_cpu_share)} of the CPUs; "
                   "measuring again")
    assert kept is not None
    return kept


def run(args: argparse.Namespace) -> dict[str, Measurement]:
    scale = SCALES[args.scale]
    load = Load(args.duration, args.concurrency, args.threads)
    measured: dict[str, Measurement] = {}
    with bench_database(args.db, scale, args.regenerate) as url:
        counts = table_counts(url, ("communities", "users", "role_grants", "teams", "team_memberships"))
        report("data: " + ", ".join(f"{count} {table}" for table, count in counts.items()))
        with gunicorn_server(url, workers=args.workers) as server:
            report(f"gunicorn ({args.workers} sync workers) at {server.base_url}, "
                   f"kept pages {server.kept_pages}")
            args.kept_pages = server.kept_pages
            context = BenchContext(scale, args.db, BENCH_PASSWORD, url)
            for page in args.page_specs:
                measured[page.name] = found = measure_page(server, page, context, load, args)
                result = found.result
                report(f"{page.name:<18} {result.rps:8.1f} rps  p50 {result.p50_ms:6.1f} ms  "
                       f"p95 {result.p95_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms  "
                       f"errors {result.errors}  other CPU use {percent(found.other_cpu_share)}")
                if (found.other_cpu_share or 0) > BUSY_PCT / 100:
                    report("  other programs took CPU time during this page: its figures are low")
    return measured


def percent(share: float | None) -> str:
    return "?" if share is None else f"{share:.0%}"


def entries(args: argparse.Namespace, measured: dict[str, Measurement], code: str) -> list[dict[str, Any]]:
    def ratio(result: LoadResult, reference: str) -> float | None:
        base = measured.get(reference)
        return round(result.rps / base.result.rps, 3) if base and base.result.rps else None

    machine = {
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cpu": cpu_model(),
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "kept_pages": getattr(args, "kept_pages", "per process"),
        "code": code,
    }
    found = []
    for name, measurement in measured.items():
        result, other = measurement.result, measurement.other_cpu_share
        found.append({
            "name": name, "scale": args.scale, "db": args.db,
            "rps": round(result.rps, 1), "p50_ms": round(result.p50_ms, 2),
            "p95_ms": round(result.p95_ms, 2), "p99_ms": round(result.p99_ms, 2),
            "errors": result.errors, "ratio_to_bare_db": ratio(result, "bare_db"),
            "ratio_to_bare": ratio(result, "bare"), "requests": result.requests,
            "unexpected_status": result.unexpected_status, "socket_errors": result.socket_errors,
            "other_cpu_pct": None if other is None else round(other * 100, 1),
            **machine,
        })
    return found


def stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds the context managers: gunicorn is stopped


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk_path()
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    started, code = time.time(), source_digest(ROOT)  # what gunicorn is about to load
    measured = run(args)
    if source_changed_since(ROOT, started):
        report("the app's source changed during the run: its rows may mix old and new code")
        code += " (changed during the run)"
    merged = results.merge(entries(args, measured, code))
    results.write(merged)
    this_run = [e for e in merged if (e["scale"], e["db"]) == (args.scale, args.db)]
    print(results.render(this_run))
    report(f"wrote {results.RESULTS_JSON} and {results.RESULTS_MD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
