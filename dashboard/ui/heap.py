"""The server process's heap: frozen once warm, so that Python's full garbage collections stay short.

Streamlit's own collection after every run is off (`runner.postScriptGC`, .streamlit/config.toml), but Python's
generational collector still runs a full collection now and then. Each one walks every tracked object (pandas,
Plotly, DuckDB, geometry libraries and the app's caches: 176 000 objects after the first run, 240 000 warm) while
holding the interpreter lock, so every session of the process waits: 100-400 ms each, about every 25 s under
`benches/bench_pages_browser.py`, seen in the server as a late « fin script ». Objects alive after the first run
(imported modules, the database connection, the first caches) live as long as the process: `gc.freeze()` moves
them out of the collector's walks, which brought a full collection to 20-90 ms in the same measurement.
"""

from __future__ import annotations

import atexit
import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_after_first_run() -> bool:
    """Once per process, after the first script run: collect what that run left, then freeze what is alive.
    Returns whether this call froze the heap (the later calls do nothing)."""
    global _frozen
    with _lock:  # sessions run on threads: two first runs at once freeze once
        if _frozen:
            return False
        _frozen = True
    gc.collect()  # garbage frozen now would never be freed
    gc.freeze()
    # Objects frozen at exit are never finalised: nanobind (DuckDB's bindings) then reports them as leaked.
    atexit.register(gc.unfreeze)
    return True
