"""Another process holding a database file, as a running dashboard does (shared by the lock and backup tests)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard.config import PROJECT_ROOT

# What the dashboard does at start (dashboard.ui.cache.get_database): open the file read-write and keep it.
_HOLDER = (
    "import sys, time\n"
    "from dashboard.db import Database\n"
    "db = Database(sys.argv[1])\n"
    "print('ok', flush=True)\n"
    "time.sleep(120)\n"  # bounded: killed by the test long before
)


@contextmanager
def database_held_elsewhere(path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A second Python process with `path` open read-write, alive for the block; its Popen is yielded."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdout=subprocess.PIPE, cwd=PROJECT_ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ok"
        yield holder
    finally:
        holder.kill()
        holder.wait()
