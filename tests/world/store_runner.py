"""The server-install process that runs `tests.world.postgres.run_on_store`'s code, started once per test process.

A fresh Python process per piece of code cost about 0,8 s of CPU each (Python, pandas, DuckDB, the dashboard), and
the shared-store tests run some twenty. This one reads one JSON request per line on stdin, {"code": text, "env":
{...}}, runs the code as `python -c` would in a process of its own (`__name__ == "__main__"`, a namespace of its
own, exactly the environment given: os.environ is replaced for the run and put back after) and answers one JSON
line on stdout: {"output": what the code printed} or {"error": its traceback}. The code opens its own connections
(Database(os.environ["OBSERVATOIRE_DB"])), so each run is still another client of the store than the test's
workers.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import sys
import traceback


def run(code: str, env: dict[str, str]) -> dict[str, str]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(
                compile(code, "<run_on_store>", "exec"), {"__name__": "__main__"}
            )  # the tests' own code, as `python -c` ran it
        return {"output": printed.getvalue()}
    except BaseException:  # reported to the test, which raises it; this process serves the next request
        return {"error": printed.getvalue() + traceback.format_exc()}
    finally:
        os.environ.clear()
        os.environ.update(saved)
        gc.collect()  # what the code left open (a Database it did not close) is closed now, as at a process's end


def main() -> None:
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        answers.write(json.dumps(run(request["code"], request["env"])) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
