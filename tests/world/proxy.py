"""A private nginx in front of dashboard workers, configured with the site that docs/deployment.md documents
(issue 16, item 4): the documented block is extracted from the doc and only its ports are substituted, so the
test proves the doc.

nginx runs unprivileged (as `nobody` when the tests run as root), with its own prefix, configuration, pid file,
logs and temporary folders in one folder, in the foreground (`daemon off`). Its access log records, for every
request, the worker (upstream address) that served it: the tests read stickiness from it.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from dashboard.config import PROJECT_ROOT

DEPLOYMENT_DOC = PROJECT_ROOT / "docs" / "deployment.md"
NGINX_BLOCK = re.compile(r"```nginx\n(.*?)```", re.DOTALL)
UPSTREAM_SERVER = re.compile(r"^(\s*)server 127\.0\.0\.1:\d+;[^\n]*\n", re.MULTILINE)
LISTEN = re.compile(r"^(\s*)listen 80;", re.MULTILINE)
START_TIMEOUT_S = 30
# One line per request: method, path, status, request size, the worker that served it.
LOG_FORMAT = "'$remote_addr $request_method $uri $status $request_length $upstream_addr'"


class Request(NamedTuple):
    """A line of the access log. `client`: the client's address as nginx sees it (after the realip module);
    `upstream`: the worker that served the request."""

    client: str
    method: str
    path: str
    status: int
    size: int  # bytes of the request (headers and body)
    upstream: str


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def documented_site() -> str:
    """The nginx block of docs/deployment.md that defines the workers' upstream (the several-workers site)."""
    blocks = [block for block in NGINX_BLOCK.findall(DEPLOYMENT_DOC.read_text(encoding="utf-8")) if "upstream" in block]
    if len(blocks) != 1:
        raise AssertionError(f"docs/deployment.md should hold one nginx block with an upstream, found {len(blocks)}")
    return blocks[0]


def site_for(site: str, listen_port: int, worker_ports: list[int]) -> str:
    """The documented site with only its ports substituted: nginx's `listen 80` → 127.0.0.1:`listen_port`, and
    the upstream's example workers → the test's workers. Fails if the doc no longer has what is substituted."""
    workers = UPSTREAM_SERVER.findall(site)
    if len(workers) < 2 or len(LISTEN.findall(site)) != 1:
        raise AssertionError("the documented site should list its workers (server 127.0.0.1:PORT;) and listen 80")
    indent = workers[0]
    listed = "".join(f"{indent}server 127.0.0.1:{port};\n" for port in worker_ports)
    first = UPSTREAM_SERVER.search(site)
    assert first is not None
    site = site[: first.start()] + listed + UPSTREAM_SERVER.sub("", site[first.start() :])
    return LISTEN.sub(lambda m: f"{m.group(1)}listen 127.0.0.1:{listen_port};", site)


def _account() -> pwd.struct_passwd | None:
    """nginx's account when the tests run as root (nginx would otherwise switch its workers to a system user
    that cannot write the private temporary folders); None when already unprivileged."""
    return pwd.getpwnam("nobody") if os.geteuid() == 0 else None


@dataclass
class Nginx:
    folder: Path
    url: str
    process: subprocess.Popen[bytes]

    @property
    def access_log(self) -> Path:
        return self.folder / "access.log"

    def requests(self) -> list[Request]:
        """The access log, in order. nginx logs a WebSocket when it closes."""
        rows = []
        for line in self.access_log.read_text(encoding="utf-8").splitlines():
            client, method, path, status, size, upstream = line.split(" ", 5)
            rows.append(Request(client, method, path, int(status), int(size), upstream))
        return rows

    def requests_once(self, logged: Callable[[Request], bool], timeout_s: float = 30) -> list[Request]:
        """The access log once it has a line for which `logged` is true (or after `timeout_s`): nginx logs a
        request when it has answered it, and a WebSocket when it has closed it, a moment after the browser."""
        deadline = time.monotonic() + timeout_s
        rows = self.requests()
        while not any(logged(row) for row in rows) and time.monotonic() < deadline:
            time.sleep(0.1)
            rows = self.requests()
        return rows

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def start_nginx(binary: str, folder: Path, site: str, port: int, http_extra: str = "") -> Nginx:
    """Run nginx in the foreground with `site` (an http-block configuration) in `folder`, listening on `port`;
    `http_extra`: directives added to the http block before the site.

    `folder` must be outside pytest's temporary root when the tests run as root (see tests/world/postgres.py:
    that root is reset to mode 0700, which would lock `nobody` out)."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf.write_text(
        f"pid {folder / 'nginx.pid'};\n"
        "worker_processes 1;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    log_format observatoire_test {LOG_FORMAT};\n"
        f"    access_log {folder / 'access.log'} observatoire_test;\n"
        f"{temp}\n"
        f"{http_extra}\n"
        f"{site}\n"
        "}\n",
        encoding="utf-8",
    )
    account = _account()
    prefix: list[str] = []
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)
        prefix = ["runuser", "-u", account.pw_name, "--"]
    log = (folder / "stderr.log").open("wb")
    process = subprocess.Popen(
        [*prefix, binary, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"), "-g", "daemon off;"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    nginx = Nginx(folder, f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = (folder / "stderr.log").read_text(errors="replace")
            raise RuntimeError(f"nginx exited:\n{output}\n{nginx.error_log()}")
        try:
            with urllib.request.urlopen(nginx.url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return nginx
        except OSError:
            time.sleep(0.2)
    stop_nginx(nginx)
    raise RuntimeError(f"nginx did not answer within {START_TIMEOUT_S} s:\n{nginx.error_log()}")


def stop_nginx(nginx: Nginx) -> None:
    """Stop the nginx master this helper started (by its pid file, else the runuser process), and wait."""
    pid_file = nginx.folder / "nginx.pid"
    try:
        os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
    except (OSError, ValueError):
        nginx.process.terminate()
    try:
        nginx.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        nginx.process.kill()
