"""bench/results.json (every measurement kept, newest per page, scale and database)
and bench/RESULTS.md, regenerated from it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_JSON = BENCH_DIR / "results.json"
RESULTS_MD = BENCH_DIR / "RESULTS.md"

Entry = dict[str, Any]


@dataclass(frozen=True)
class Target:
    """What a page must reach where the targets apply (its scale, SQLite); a job (`job:…`): its time."""

    p95_ms: float | None = 50.0
    min_ratio_to_bare_db: float | None = None
    scale: str = "district"
    ratio_to: str = "bare_db"  # the page of the same run the ratio compares with
    max_seconds: float | None = None
    db: str = "sqlite"  # where it applies
    min_rps: float | None = None
    also: tuple[tuple[str, str], ...] = ()  # other (scale, db) where it applies too

    def applies_to(self, scale: str, db: str) -> bool:
        return (scale, db) == (self.scale, self.db) or (scale, db) in self.also

    def describe(self) -> str:
        where = self.scale if self.db == "sqlite" else f"{self.scale}, {self.db}"
        where += "".join(f"; {scale}, {db}" for scale, db in self.also)
        if self.max_seconds is not None:
            return f"< {self.max_seconds:g} s ({where})"
        text = "" if self.p95_ms is None else f"p95 < {self.p95_ms:g} ms"
        if self.min_ratio_to_bare_db is not None:
            text += f"{', ' if text else ''}≥ {self.min_ratio_to_bare_db:g}× {self.ratio_to} rps"
        if self.min_rps is not None:
            text += f"{', ' if text else ''}≥ {self.min_rps:g} rps"
        return text if self.scale == TARGET_SCALE else f"{text} ({where})"


TARGET_SCALE = "district"
TARGET_DB = "sqlite"
TARGET_CONCURRENCY = 16
PETITIONS_XL = ("petitions-xl", "postgresql")
TARGETS: dict[str, Target] = {
    "home": Target(),
    "community": Target(min_ratio_to_bare_db=0.5),
    "login": Target(),
    # The petitions pages and the scorecard freeze: 200,000 cases on SQLite, 1,000,000 on PostgreSQL.
    "department_list": Target(scale="petitions", also=(PETITIONS_XL,)),
    "supervision_board": Target(scale="petitions", also=(PETITIONS_XL,)),
    "case_page": Target(scale="petitions", also=(PETITIONS_XL,)),
    "file_case": Target(p95_ms=None, min_ratio_to_bare_db=0.4, ratio_to="bare_insert",
                        scale="petitions"),
    "coverage_board": Target(p95_ms=100.0, scale="volunteers"),
    "job:freeze_week": Target(max_seconds=1.0, scale="petitions", also=(PETITIONS_XL,)),
    "job:daily_digest": Target(max_seconds=10.0, scale="volunteers"),
    "open311_requests": Target(p95_ms=300.0, scale="open311", db="postgresql"),
    "open311_post": Target(p95_ms=None, min_ratio_to_bare_db=0.5, ratio_to="file_case", scale="open311",
                           db="postgresql"),
    "ideas_list": Target(scale="events"),
    "event_signup": Target(p95_ms=None, min_rps=100.0, scale="events"),
    "job:overbooking_check": Target(max_seconds=10.0, scale="events"),
    "hotspot_board": Target(p95_ms=100.0, scale="hotspots", db="postgresql"),
    "job:hotspot_refresh_full": Target(max_seconds=60.0, scale="hotspots", db="postgresql"),
    "job:hotspot_refresh": Target(max_seconds=60.0, scale="hotspots", db="postgresql"),
}
PAGE_ORDER = ("bare", "bare_db", "home", "community", "login", "community_member", "department_list",
              "supervision_board", "case_page", "bare_insert", "signed_insert", "file_case",
              "coverage_board", "open311_requests", "open311_post", "ideas_list", "event_signup",
              "hotspot_board")
SCALE_ORDER = ("community", "district", "petitions", "petitions-xl", "volunteers", "open311", "events",
               "hotspots")
KEY_FIELDS = ("name", "scale", "db")


def key(entry: Entry) -> tuple[str, ...]:
    return tuple(str(entry[field]) for field in KEY_FIELDS)


def load() -> list[Entry]:
    if not RESULTS_JSON.exists():
        return []
    return list(json.loads(RESULTS_JSON.read_text()))


def merge(new: Iterable[Entry]) -> list[Entry]:
    """Replace the entries of the same page, scale and database; keep the others."""
    entries = {key(entry): entry for entry in load()}
    for entry in new:
        entries[key(entry)] = entry
    merged = sorted(entries.values(), key=sort_key)
    RESULTS_JSON.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    return merged


def sort_key(entry: Entry) -> tuple[int, str, int, str]:
    def rank(order: tuple[str, ...], value: str) -> int:
        return order.index(value) if value in order else len(order)

    return (rank(SCALE_ORDER, entry["scale"]), entry["db"],
            rank(PAGE_ORDER, entry["name"]), entry["name"])


def verdict(entry: Entry, group: list[Entry] | None = None) -> str:
    """"pass", "fail (...)" or "" where no target applies; `group`: the entries of the same scale and db."""
    target = TARGETS.get(entry["name"])
    if target is None or not target.applies_to(entry["scale"], entry["db"]):
        return ""
    if target.max_seconds is not None:
        seconds = entry.get("seconds")
        return "pass" if seconds is not None and seconds < target.max_seconds else f"fail: {seconds} s"
    misses = []
    if entry.get("concurrency", TARGET_CONCURRENCY) != TARGET_CONCURRENCY:
        misses.append(f"measured at {entry['concurrency']} clients, not {TARGET_CONCURRENCY}")
    if target.p95_ms is not None and entry["p95_ms"] >= target.p95_ms:
        misses.append(f"p95 {entry['p95_ms']:.0f} ms")
    if target.min_rps is not None and entry["rps"] < target.min_rps:
        misses.append(f"{entry['rps']:.0f} rps")
    ratio = entry.get("ratio_to_bare_db")
    if target.ratio_to != "bare_db":
        base = next((e for e in group or [] if e["name"] == target.ratio_to), None)
        ratio = round(entry["rps"] / base["rps"], 3) if base and base.get("rps") else None
    if target.min_ratio_to_bare_db is not None and (ratio is None or ratio < target.min_ratio_to_bare_db):
        misses.append(f"{ratio:.2f}× {target.ratio_to}" if ratio is not None
                      else f"no {target.ratio_to} measured")
    elif target.ratio_to != "bare_db" and ratio is not None:
        return f"pass ({ratio:.2f}× {target.ratio_to})" if not misses else "fail: " + ", ".join(misses)
    if entry["errors"]:
        misses.append(f"{entry['errors']} errors")
    return "fail: " + ", ".join(misses) if misses else "pass"


def render(entries: list[Entry]) -> str:
    targets = "; ".join(f"`{name}` {target.describe()}" for name, target in TARGETS.items()
                        if not name.startswith("job:"))
    jobs = "; ".join(f"`{name}` {target.describe()}" for name, target in TARGETS.items()
                     if name.startswith("job:"))
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m bench.run` (`make bench`) from bench/results.json; see bench/README.md.",
        "",
        f"Targets at the `{TARGET_SCALE}` scale on `{TARGET_DB}` with {TARGET_CONCURRENCY} concurrent "
        f"clients: {targets}. Requests with an unexpected status or a socket error also fail a row. "
        f"Jobs (`python -m bench.jobs`, seconds in one process against the generated database): {jobs}.",
        "",
        "*other CPU*: the share of all cores that programs other than the server and wrk used while "
        "the page was measured; above a few percent the row understates the app. Even on a quiet "
        "machine, repeated runs on a small VM differ by 20–30 % in rps: compare the ratios, measured "
        "in the same run, before comparing rows of different runs.",
    ]
    groups: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        groups.setdefault((entry["scale"], entry["db"]), []).append(entry)
    for (scale, db), group in groups.items():
        pages = [entry for entry in group if not entry["name"].startswith("job:")]
        jobs_run = [entry for entry in group if entry["name"].startswith("job:")]
        lines += ["", f"## {scale} · {db}"]
        if pages:
            lines += ["", run_line(pages), "",
                      "| page | rps | p50 ms | p95 ms | p99 ms | errors | × bare_db | × bare | other CPU "
                      "| target |",
                      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
            lines += [row(entry, group) for entry in pages]
        if jobs_run:
            lines += ["", "| job | seconds | detail | measured | target |",
                      "| --- | ---: | --- | --- | --- |"]
            lines += [f"| {e['name']} | {e['seconds']:.3f} | {e.get('detail', '')} "
                      f"| {e.get('measured_at', '')} | {verdict(e, group)} |" for e in jobs_run]
    return "\n".join(lines) + "\n"


def row(entry: Entry, group: list[Entry]) -> str:
    def ratio(field: str) -> str:
        value = entry.get(field)
        return "" if value is None else f"{value:.2f}"

    return (f"| {entry['name']} | {entry['rps']:.1f} | {entry['p50_ms']:.1f} | {entry['p95_ms']:.1f} "
            f"| {entry['p99_ms']:.1f} | {entry['errors']} | {ratio('ratio_to_bare_db')} "
            f"| {ratio('ratio_to_bare')} | {other_cpu(entry)} | {verdict(entry, group)} |")


def other_cpu(entry: Entry) -> str:
    value = entry.get("other_cpu_pct")
    return "" if value is None else f"{value:.0f} %"


DEFAULTS = {"kept_pages": "per process"}  # rows measured before the field was recorded


def run_line(group: list[Entry]) -> str:
    """How the group was measured; values that differ between its rows are all listed."""
    def values(field: str) -> str:
        seen = sorted({str(entry.get(field, DEFAULTS.get(field, "?"))) for entry in group})
        return " / ".join(seen)

    return (f"Measured {values('measured_at')} on {values('cores')} cores ({values('cpu')}), "
            f"gunicorn {values('workers')} sync workers (kept pages {values('kept_pages')}), "
            f"wrk with {values('concurrency')} connections, "
            f"{values('duration_s')} s per page after a {values('warmup_s')} s warm-up; "
            f"app source digest {values('code')}.")


def write(entries: list[Entry]) -> None:
    RESULTS_MD.write_text(render(entries))
