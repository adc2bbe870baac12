"""Serve bench.wsgi:app with gunicorn on a free loopback port, and always stop it."""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
HOST = "127.0.0.1"


class ServerError(RuntimeError):
    pass


@dataclass(frozen=True)
class Server:
    base_url: str
    port: int
    process_group: int  # gunicorn's master and its workers
    kept_pages: str = "per process"  # or "shared in Redis" (community.kept_store)

    def drain(self, timeout: float = 60.0) -> None:
        """Wait for the requests still queued after a load run (wrk stops without waiting).

        Each worker answers its queue in order: once a fresh request per worker is
        answered, what was queued before it is done.
        """
        deadline = time.monotonic() + timeout
        for _ in range(2):
            while not answers(self.port, timeout=max(1.0, deadline - time.monotonic())):
                if time.monotonic() > deadline:
                    raise ServerError(f"the server did not drain within {timeout:.0f} s")
                time.sleep(0.2)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def shared_store_url(database_url: str) -> str | None:
    """Where a PostgreSQL deployment shares its kept pages: BENCH_REDIS_URL ("" for none), else the
    local Redis if it answers. SQLite deployments, embedded, share none."""
    if not database_url.startswith("postgresql"):
        return None
    if "BENCH_REDIS_URL" in os.environ:
        return os.environ["BENCH_REDIS_URL"] or None
    try:
        with socket.create_connection((HOST, 6379), timeout=0.5):
            return f"redis://{HOST}:6379/0"
    except OSError:
        return None


def server_environment(database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"LINLI_ENV", "KEPT_PAGES_REDIS_URL", "KEPT_PAGES_PREFIX"}}
    env.update({
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_hex(32),
        "SCHEDULER_MODE": "off",
        # The login benchmark posts hundreds of logins a minute from one address.
        "LOGIN_RATE_LIMIT": "1000000 per minute",
        "OPEN311_RATE_LIMIT": "1000000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
        "PYTHONUNBUFFERED": "1",
    })
    store = shared_store_url(database_url)
    if store:
        # A prefix of this run's own: no page stored by an earlier run is served (they expire).
        env.update(KEPT_PAGES_REDIS_URL=store, KEPT_PAGES_PREFIX=f"linli-bench:{secrets.token_hex(6)}:")
    return env


@contextlib.contextmanager
def gunicorn_server(database_url: str, workers: int = 2, startup_timeout: float = 60.0) -> Iterator[Server]:
    """Start gunicorn with `workers` sync workers; yield it; stop it on the way out."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn",
        "--workers", str(workers), "--worker-class", "sync",
        "--bind", f"{HOST}:{port}", "--log-level", "warning",
        "bench.wsgi:app",
    ]
    log_path = OUT_DIR / "gunicorn.log"
    with open(log_path, "w") as log:
        # A session of its own: a Ctrl-C in the terminal reaches the harness, which stops it.
        env = server_environment(database_url)
        process = subprocess.Popen(command, cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_until_ready(process, port, startup_timeout, log_path)
            kept = "shared in Redis" if env.get("KEPT_PAGES_REDIS_URL") else "per process"
            yield Server(f"http://{HOST}:{port}", port, process.pid, kept)
        finally:
            stop(process)


def wait_until_ready(process: subprocess.Popen[bytes], port: int, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn exited with {process.returncode}; see {log_path}:\n"
                              + log_path.read_text()[-2000:])
        if answers(port, timeout=5):
            return
        time.sleep(0.2)
    raise ServerError(f"gunicorn did not answer within {timeout:.0f} s; see {log_path}")


def answers(port: int, timeout: float) -> bool:
    """Whether GET /_bench/bare answers 200 within `timeout` seconds."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", "/_bench/bare")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """SIGTERM the master (it stops its workers); SIGKILL its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
    # Workers left behind by a master that died: they share its process group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
