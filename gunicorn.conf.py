"""Gunicorn's settings for Linli, read from the folder gunicorn starts in (the README's command)."""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Leave what loading the app made (modules, models, compiled routes) out of the collector's scans.

    The cyclic garbage collector's full passes walk every tracked object; with the app loaded they take
    tens of milliseconds, and every request queued behind one waits for it. Frozen objects are never
    scanned again, so those passes only walk what requests made since.
    """
    gc.freeze()
