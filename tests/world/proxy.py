"""A private nginx in front of dashboard workers, configured with the site that docs/deployment.md documents
(issue 16, item 4): the documented block is extracted from the doc and only its ports and certificate paths are
substituted, so the test proves the doc. So are the doc's settings of the store over TLS (postgresql.conf,
pg_hba.conf and the workers' OBSERVATOIRE_DB), with only names, addresses and paths substituted.

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
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from dashboard.config import PROJECT_ROOT
from tests.world.tls import KeyPair

DEPLOYMENT_DOC = PROJECT_ROOT / "docs" / "deployment.md"
NGINX_BLOCK = re.compile(r"```nginx\n(.*?)```", re.DOTALL)
UPSTREAM_SERVER = re.compile(r"^(\s*)server 127\.0\.0\.1:\d+;[^\n]*\n", re.MULTILINE)
LISTEN = re.compile(r"^(\s*)listen 80;", re.MULTILINE)
LISTEN_TLS = re.compile(r"^(\s*)listen 443 ssl;", re.MULTILINE)
CERTIFICATE = re.compile(r"^(\s*ssl_certificate(_key)?\s+)\S+;", re.MULTILINE)
FENCED = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)
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


def documented_block(language: str, containing: str) -> str:
    """The one fenced block of docs/deployment.md in `language` that contains `containing`."""
    text = DEPLOYMENT_DOC.read_text(encoding="utf-8")
    blocks = [body for kind, body in FENCED.findall(text) if kind == language and containing in body]
    if len(blocks) != 1:
        raise AssertionError(f"docs/deployment.md should hold one {language} block with {containing!r}: {len(blocks)}")
    return blocks[0]


def documented_site() -> str:
    """The nginx block of docs/deployment.md that defines the workers' upstream (the several-workers site)."""
    return documented_block("nginx", "upstream")


def site_for(site: str, ports: tuple[int, int], worker_ports: list[int], certificate: KeyPair) -> str:
    """The documented site with only its ports and certificate substituted: nginx's `listen 80` (the redirect) and
    `listen 443 ssl` → 127.0.0.1:`ports`, the upstream's example workers → the test's workers, the certificate
    and key → `certificate`'s. Fails if the doc no longer has what is substituted."""
    workers = UPSTREAM_SERVER.findall(site)
    if len(workers) < 2 or len(LISTEN.findall(site)) != 1 or len(LISTEN_TLS.findall(site)) != 1:
        raise AssertionError(
            "the documented site should list its workers (server 127.0.0.1:PORT;), listen 80 and listen 443 ssl"
        )
    if len(CERTIFICATE.findall(site)) != 2:
        raise AssertionError("the documented site should name its ssl_certificate and ssl_certificate_key")
    indent = workers[0]
    listed = "".join(f"{indent}server 127.0.0.1:{port};\n" for port in worker_ports)
    first = UPSTREAM_SERVER.search(site)
    assert first is not None
    site = site[: first.start()] + listed + UPSTREAM_SERVER.sub("", site[first.start() :])
    site = LISTEN.sub(lambda m: f"{m.group(1)}listen 127.0.0.1:{ports[0]};", site)
    site = LISTEN_TLS.sub(lambda m: f"{m.group(1)}listen 127.0.0.1:{ports[1]} ssl;", site)
    files = {None: certificate.certificate, "_key": certificate.key}
    return CERTIFICATE.sub(lambda m: f"{m.group(1)}{files[m.group(2)]};", site)


# The store's host and the workers' network as the doc names them, and what the test puts in their place.
DOC_STORE_HOST = "db-host:5432"
DOC_WORKERS_NETWORK = "10.0.0.0/24"
SETTING_FILE = re.compile(r"^(ssl_(cert|key)_file = ')[^']*(')", re.MULTILINE)
STORE_URL = re.compile(r"OBSERVATOIRE_DB=(postgresql://\S+?)\"?$", re.MULTILINE)
ROOT_CERTIFICATE = re.compile(r"(sslrootcert=)[^&]+")


def store_tls_settings(server: KeyPair) -> str:
    """The doc's postgresql.conf lines for the store over TLS, with the test's certificate and key. Its
    listen_addresses is overridden by the test cluster's own command line (127.0.0.1)."""
    block = documented_block("conf", "ssl = on")
    if len(SETTING_FILE.findall(block)) != 2:
        raise AssertionError("the documented postgresql.conf should name ssl_cert_file and ssl_key_file")
    files = {"cert": server.certificate, "key": server.key}
    return SETTING_FILE.sub(lambda m: f"{m.group(1)}{files[m.group(2)]}{m.group(3)}", block)


def store_tls_hba() -> str:
    """The doc's pg_hba.conf lines for the workers' network, that network being 127.0.0.1 here."""
    lines = [line for line in documented_block("text", "hostssl").splitlines() if line.startswith("hostssl")]
    if not lines or any(DOC_WORKERS_NETWORK not in line for line in lines):
        raise AssertionError(f"the documented pg_hba.conf should let {DOC_WORKERS_NETWORK} in with hostssl")
    return "\n".join(line.replace(DOC_WORKERS_NETWORK, "127.0.0.1/32") for line in lines)


def worker_store_url(port: int, authority: Path) -> str:
    """The doc's OBSERVATOIRE_DB for a worker on another machine: the store at 127.0.0.1:`port`, checked with the
    CA certificate `authority`."""
    found = STORE_URL.search(documented_block("ini", "sslmode"))
    if found is None or DOC_STORE_HOST not in found.group(1) or not ROOT_CERTIFICATE.search(found.group(1)):
        raise AssertionError(f"the documented worker URL should name {DOC_STORE_HOST} and its sslrootcert")
    url = found.group(1).replace(DOC_STORE_HOST, f"127.0.0.1:{port}")
    return ROOT_CERTIFICATE.sub(lambda m: f"{m.group(1)}{authority}", url)


def _account() -> pwd.struct_passwd | None:
    """nginx's account when the tests run as root (nginx would otherwise switch its workers to a system user
    that cannot write the private temporary folders); None when already unprivileged."""
    return pwd.getpwnam("nobody") if os.geteuid() == 0 else None


@dataclass
class Nginx:
    folder: Path
    url: str  # https://…, the site's certificate signed by the test's CA
    http_url: str  # the plain HTTP listener, which only redirects
    process: subprocess.Popen[bytes]
    tls: ssl.SSLContext  # trusts the test's CA: what a client with that CA installed checks

    def open(self, request: urllib.request.Request | str, timeout_s: float = 30):  # type: ignore[no-untyped-def]
        """urlopen through the site's HTTPS, its certificate checked against the test's CA."""
        return urllib.request.urlopen(request, timeout=timeout_s, context=self.tls)

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


def start_nginx(
    binary: str,
    folder: Path,
    site: str,
    ports: tuple[int, int],
    authority: Path,
    http_extra: str = "",
    server_files: Sequence[Path] = (),
) -> Nginx:
    """Run nginx in the foreground with `site` (an http-block configuration) in `folder`, listening on `ports`
    (HTTP, HTTPS); `authority`: the CA certificate that signed the site's; `http_extra`: directives added to the
    http block before the site; `server_files`: files nginx's account must own (the site's key, mode 0600).

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
        for path in (folder, *server_files):
            os.chown(path, account.pw_uid, account.pw_gid)
        prefix = ["runuser", "-u", account.pw_name, "--"]
    log = (folder / "stderr.log").open("wb")
    process = subprocess.Popen(
        [*prefix, binary, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"), "-g", "daemon off;"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    tls = ssl.create_default_context(cafile=str(authority))
    nginx = Nginx(folder, f"https://127.0.0.1:{ports[1]}", f"http://127.0.0.1:{ports[0]}", process, tls)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = (folder / "stderr.log").read_text(errors="replace")
            raise RuntimeError(f"nginx exited:\n{output}\n{nginx.error_log()}")
        try:
            with nginx.open(nginx.url + "/_stcore/health", timeout_s=2) as response:
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
