"""The server's heap is frozen once, after its first script run (dashboard/ui/heap.py)."""

from __future__ import annotations

import subprocess
import sys

from dashboard.config import PROJECT_ROOT

# In a process of its own: a freeze is for the life of the process, and the test process must not keep one.
SCRIPT = """
import gc
import weakref
import duckdb
from dashboard.ui.heap import freeze_after_first_run
class Node: pass
connection = duckdb.connect()  # nanobind objects, alive at the freeze
assert gc.get_freeze_count() == 0
node = Node()
node.itself = node  # garbage left by the first run, in a cycle: collected, not frozen for ever
left = weakref.ref(node)
del node
first, second = freeze_after_first_run(), freeze_after_first_run()
print(first, second, gc.get_freeze_count() > 1000, left() is None)
"""


def test_the_heap_is_frozen_once_and_its_garbage_collected_first() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "True", "True"]
    assert "leaked" not in done.stderr  # unfrozen at exit: nanobind finalises what it made
