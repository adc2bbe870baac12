"""The machine under the benchmark: its CPU, and how busy other programs kept it.

A run on a machine where something else (a test suite, a browser) takes CPU time
measures less than the app can do; `CpuMeter` says how much of the CPU went to
processes other than the server and wrk while a page was measured.
"""

from __future__ import annotations

import hashlib
import os
import platform
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def cpu_model() -> str:
    try:
        for line in (PROC / "cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@dataclass(frozen=True)
class CpuSnapshot:
    total_ticks: int  # every CPU's time, busy or idle
    busy_ticks: int  # every CPU's time spent running something
    ours_ticks: int  # of which: the server, the database server, wrk (a finished child), this process


def _machine_ticks() -> tuple[int, int]:
    fields = [int(value) for value in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    total = user + nice + system + idle + iowait + irq + softirq + steal
    return total, total - idle - iowait


def _processes_ticks(process_group: int, names: frozenset[str]) -> int:
    """CPU time of the processes in `process_group` or named one of `names`."""
    ticks = 0
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        name = stat[stat.find("(") + 1:stat.rfind(")")]
        rest = stat[stat.rfind(")") + 1:].split()
        if int(rest[2]) == process_group or name in names:
            ticks += int(rest[11]) + int(rest[12])
    return ticks


class CpuMeter:
    """Snapshots of the machine's CPU time and of ours: gunicorn's process group
    (`server_group`) and processes named in `server_names` (the database server's)."""

    def __init__(self, server_group: int, server_names: frozenset[str] = frozenset()) -> None:
        self.server_group = server_group
        self.server_names = server_names
        self.ticks_per_second = os.sysconf("SC_CLK_TCK")

    def snapshot(self) -> CpuSnapshot | None:
        try:
            total, busy = _machine_ticks()
            server = _processes_ticks(self.server_group, self.server_names)
        except (OSError, ValueError):
            return None  # no /proc: not Linux
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = resource.getrusage(resource.RUSAGE_SELF)
        seconds = children.ru_utime + children.ru_stime + own.ru_utime + own.ru_stime
        return CpuSnapshot(total, busy, server + round(seconds * self.ticks_per_second))

    @staticmethod
    def other_share(before: CpuSnapshot | None, after: CpuSnapshot | None) -> float | None:
        """The share (0 to 1) of all CPUs' time that other processes used between the snapshots."""
        if before is None or after is None or after.total_ticks <= before.total_ticks:
            return None
        others = (after.busy_ticks - before.busy_ticks) - (after.ours_ticks - before.ours_ticks)
        return max(0.0, others / (after.total_ticks - before.total_ticks))


def wait_for_quiet(meter: CpuMeter, max_share: float, timeout_s: float, window_s: float = 3.0) -> bool:
    """Wait until other programs use less than `max_share` of the CPUs over a window.

    False when `timeout_s` passes first (or the machine cannot tell).
    """
    deadline = time.monotonic() + timeout_s
    while True:
        before = meter.snapshot()
        time.sleep(window_s)
        share = CpuMeter.other_share(before, meter.snapshot())
        if share is None:
            return False
        if share < max_share:
            return True
        if time.monotonic() + window_s > deadline:
            return False


SOURCE_DIRS_SKIPPED = {"bench", "tests", "node_modules", "instance"}  # and hidden folders
SOURCE_SUFFIXES = {".py", ".html", ".po", ".css", ".js"}


def source_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        top = relative.parts[0]
        if top in SOURCE_DIRS_SKIPPED or top.startswith(".") or "__pycache__" in relative.parts:
            continue
        if path.suffix in SOURCE_SUFFIXES and path.is_file():
            yield path


def source_digest(root: Path) -> str:
    """A short digest of the app's source (not the bench's, not the tests'): rows measured
    on the same code share it, whatever is committed or not."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def source_changed_since(root: Path, moment: float) -> bool:
    """Whether a source file was written after `moment` (a time.time()), even if put back since."""
    return any(path.stat().st_mtime > moment for path in source_files(root))
