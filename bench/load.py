"""Closed-loop load with wrk: N connections, each sending its next request as soon as
the previous one is answered, for a fixed time."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.pages import Request

BENCH_DIR = Path(__file__).resolve().parent
LUA_SCRIPT = BENCH_DIR / "wrk.lua"
OUT_DIR = BENCH_DIR / "out"
REQUEST_TIMEOUT_S = 10


class LoadError(RuntimeError):
    pass


@dataclass(frozen=True)
class Load:
    duration_s: float
    concurrency: int
    threads: int = 1


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    socket_errors: int
    unexpected_status: int

    @property
    def errors(self) -> int:
        """Failed requests: socket errors and answers other than the expected status."""
        return self.socket_errors + self.unexpected_status


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise LoadError("wrk is not installed: apt-get install -y wrk")
    return path


def write_requests(name: str, requests: Sequence[Request]) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.requests"
    lines = []
    for request in requests:
        fields = (request.method, request.path, request.cookie, request.body)
        if any(ch in field for field in fields for ch in "\t\r\n"):
            raise LoadError(f"a request of {name} holds a tab or a line break")
        lines.append("\t".join(fields))
    path.write_text("\n".join(lines) + "\n")
    return path


def run_wrk(base_url: str, requests_file: Path, expect_status: int, load: Load) -> LoadResult:
    threads = max(1, min(load.threads, load.concurrency))
    command = [
        wrk_path(), "--threads", str(threads), "--connections", str(load.concurrency),
        "--duration", f"{load.duration_s:g}s", "--timeout", f"{REQUEST_TIMEOUT_S}s",
        "--script", str(LUA_SCRIPT), base_url, "--", str(requests_file), str(expect_status),
    ]
    try:
        finished = subprocess.run(command, capture_output=True, text=True,
                                  timeout=load.duration_s + REQUEST_TIMEOUT_S + 30)
    except subprocess.TimeoutExpired as exc:
        raise LoadError(f"wrk ran past its time: {' '.join(command)}") from exc
    for line in finished.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return parse(json.loads(line.removeprefix("BENCH_JSON ")))
    raise LoadError(f"wrk gave no result (exit {finished.returncode}):\n"
                    f"{finished.stdout[-2000:]}\n{finished.stderr[-2000:]}")


def parse(raw: dict[str, float]) -> LoadResult:
    socket_errors = sum(int(raw[key]) for key in ("connect", "read", "write", "timeout"))
    return LoadResult(
        requests=int(raw["requests"]), seconds=raw["seconds"], rps=raw["rps"],
        p50_ms=raw["p50_ms"], p95_ms=raw["p95_ms"], p99_ms=raw["p99_ms"],
        socket_errors=socket_errors, unexpected_status=int(raw["unexpected_status"]),
    )
