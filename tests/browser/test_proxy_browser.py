"""The documented deployment (docs/deployment.md §5.3, issue 16 item 4), run: two dashboard workers reach the
shared PostgreSQL store over TCP and TLS with a password (as workers on other machines would: the doc's
postgresql.conf, pg_hba.conf and URL with `sslmode=verify-full`, certificates of a throwaway CA), behind nginx
configured with the site block taken from the doc (HTTPS; only its ports and certificate paths substituted), driven
in Chromium through nginx. A connection with another CA's certificate, or without TLS, is refused.

Through the proxy: a page renders its figure; signing in and navigating work (Streamlit's WebSocket is passed);
every request of the session — page, WebSocket, upload — reaches one worker (nginx's access log names the worker
of each request); an import file larger than nginx's default 1 MB request limit is uploaded and imported. A
session opened directly on the OTHER worker then counts the imported companies. And with nginx behind a front
proxy (the realip lines the doc advises), ip_hash keeps each client network on one worker and spreads the networks.
Then, on the same workers reached directly: a company imported by the command line while both run is counted by
both (including the one that had the page cached), and a proposal accepted on one worker's detection page is no
longer proposed on the other's. Last, one worker is stopped under a session whose import is in flight: the browser
reconnects to the other worker (a new sign-in), the committed data is all there and the import not at all. One
cluster, two workers and one nginx serve every test of the module.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.config import PROJECT_ROOT
from tests.browser.harness import (
    RENDER_TIMEOUT_MS,
    SCREENSHOT_DIR,
    VIEWPORT,
    StreamlitServer,
    free_port,
    normalise,
    sign_in_as_administrator,
    start_server,
    stop_server,
    wait_until_rendered,
    wait_until_still,
)
from tests.world.postgres import (
    RECORDS_WORLD,
    Cluster,
    postgres_bin_dir,
    run_on_store,
    server_env,
    start_cluster,
    write_pgpass,
)
from tests.world.proxy import (
    Nginx,
    Request,
    documented_site,
    nginx_binary,
    site_for,
    start_nginx,
    stop_nginx,
    store_tls_hba,
    store_tls_settings,
    worker_store_url,
)
from tests.world.tls import KeyPair, certificate_authority, openssl_binary, server_certificate

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

VENDOMOIS_COMPANIES = "/entreprises?territoire=epci:200072072"
WORLD_COMPANIES = 5  # the Vendômois companies of the test world: A, B, E, F, C (tests/world/README.md §2)
NGINX_DEFAULT_BODY_LIMIT = 1024 * 1024  # client_max_body_size's default: 1 MB
# The uploaded file: over nginx's default limit by its size, not by its number of companies (fewer rows cost the
# workers less to import and every later page less to count): about 1,2 MB in 3 600 companies with long names.
IMPORTED = 3_600
WORKSHOP = (
    "Atelier de menuiserie et d'agencement du Loir n° {n} : portes, fenêtres, escaliers, cuisines et placards sur "
    "mesure en chêne, châtaignier et hêtre des forêts du Perche, restauration de menuiseries anciennes et "
    "agencement de commerces, de bureaux et de salles de classe du Vendômois"
)
# §5.3's advice for an nginx behind another proxy (here: the test itself, on 127.0.0.1, telling client addresses
# in X-Forwarded-For); requests without that header (the browser's) keep their own address.
BEHIND_A_FRONT_PROXY = "    set_real_ip_from 127.0.0.1;\n    real_ip_header X-Forwarded-For;"
CLIENT_NETWORKS = [f"10.{n}.0" for n in range(1, 9)]  # eight client networks (/24)
HEADER = "identifiant;nom;siret;code_naf;famille;effectif;code_commune;longitude;latitude;zone_activites\n"


def _required(found: object, message: str) -> None:
    """Skipped on a developer's machine without the program; in CI (CI=true) the test must run."""
    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(message + " — the deployment test may not be skipped in CI")
    pytest.skip(message)


@dataclass
class Deployment:
    workers: list[StreamlitServer]
    nginx: Nginx
    environment: dict[str, str]  # a process of the server install on the store (the command line's)
    cluster: Cluster
    certificates: Certificates


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    binary, bin_dir = nginx_binary(), postgres_bin_dir()
    _required(binary, "nginx not found (apt-get install nginx)")
    _required(bin_dir, "PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    assert binary is not None and bin_dir is not None
    # Outside pytest's temporary root, which other pytest runs reset to 0700 (see tests/world/postgres.py).
    folder = Path(tempfile.mkdtemp(prefix="observatoire-proxy-"))
    folder.chmod(0o755)  # PostgreSQL's and nginx's unprivileged accounts reach their own folders inside
    try:
        password = secrets.token_urlsafe(16)
        certificates = _certificates(folder / "tls")
        cluster = start_cluster(
            bin_dir, folder / "pg", tcp_port=free_port(), password=password, tcp_hba=store_tls_hba(),
            settings=store_tls_settings(certificates.store), server_files=[certificates.store.key],
        )  # fmt: skip
        try:
            logs = tmp_path_factory.mktemp("proxy")
            yield from _workers_behind_nginx(binary, cluster, password, folder, logs, certificates)
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Certificates:
    """A throwaway CA, the store's and the site's certificates it signs, and another CA (signing nothing here)."""

    authority: KeyPair
    store: KeyPair
    site: KeyPair
    other_authority: KeyPair


def _certificates(folder: Path) -> Certificates:
    _required(openssl_binary(), "openssl not found (apt-get install openssl)")
    folder.mkdir()
    folder.chmod(0o755)  # the servers' accounts read their certificates inside
    authority = certificate_authority(folder, "ca-observatoire")
    return Certificates(
        authority,
        server_certificate(folder, "db-host", authority),
        server_certificate(folder, "observatoire.example.fr", authority),
        certificate_authority(folder, "ca-autre"),
    )


def _workers_behind_nginx(
    binary: str, cluster: Cluster, password: str, folder: Path, logs: Path, certificates: Certificates
) -> Iterator[Deployment]:
    database = "observatoire"  # the doc's database and role (its hostssl line names both)
    cluster.create_database(database)
    assert run_on_store(cluster.url(database), RECORDS_WORLD) == 1  # set up over the socket
    # The workers: over TCP and TLS, the doc's URL (sslmode=verify-full, the CA's certificate), the password in a
    # libpq password file (none in OBSERVATOIRE_DB).
    url = worker_store_url(cluster.port, certificates.authority.certificate)
    environment = {**server_env(url), "PGPASSFILE": str(write_pgpass(logs / "pgpass", cluster, password))}
    with ThreadPoolExecutor(max_workers=2) as pool:  # both start at once (each waits for its health check)
        starting = [pool.submit(start_server, url, logs / f"worker-{n}.log", "app.py", environment) for n in (1, 2)]
    workers = [future.result() for future in starting if future.exception() is None]
    try:
        assert len(workers) == 2, [str(future.exception()) for future in starting]
        ports = [int(worker.url.rsplit(":", 1)[1]) for worker in workers]
        listen = free_port(), free_port()
        site = site_for(documented_site(), listen, ports, certificates.site)
        nginx = start_nginx(
            binary, folder / "nginx", site, listen, certificates.authority.certificate,
            http_extra=BEHIND_A_FRONT_PROXY, server_files=[certificates.site.key],
        )  # fmt: skip
        try:
            yield Deployment(workers, nginx, environment, cluster, certificates)
        finally:
            stop_nginx(nginx)
    finally:
        for worker in workers:
            stop_server(worker)


def _companies_file(path: Path, prefix: str = "P", count: int = IMPORTED) -> Path:
    rows = (
        f"{prefix}-{n:05d};{WORKSHOP.format(n=n)};;16.23Z;fabrication;1-9;41269;1,0662;47,7930;\n"
        for n in range(1, count + 1)
    )
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _metric(page, label: str) -> int:
    metric = page.locator('[data-testid="stMetric"]', has_text=label).first
    return int(normalise(metric.locator('[data-testid="stMetricValue"]').inner_text()).replace(" ", ""))


BROWSER = "127.0.0.1"  # the test's Chromium, as nginx sees it


def _is_upload(request: Request) -> bool:
    return request.client == BROWSER and request.method == "PUT" and request.path.startswith("/_stcore/upload_file/")


def _import_through_the_page(page, csv: Path, nginx: Nginx, *, succeeds: bool = True) -> None:
    """On « Import et export » (already shown): type « Entreprises », the file, « Vérifier et importer »; then,
    when it `succeeds`, wait for « Import réussi »."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_role("combobox", name="Type de données"))
    box.scroll_into_view_if_needed()
    wait_until_still(page, box)
    box.locator("input").first.click()
    page.get_by_role("option", name="Entreprises", exact=True).click()
    # One type chosen: the rerun replaces the several-files uploader by the one-file uploader (another widget).
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Fichier CSV ou XLSX").first
    uploader.wait_for(timeout=RENDER_TIMEOUT_MS)
    wait_until_rendered(page)
    uploader.locator('input[type="file"]').set_input_files(csv)
    uploads = [request for request in nginx.requests_once(_is_upload, RENDER_TIMEOUT_MS / 1000) if _is_upload(request)]
    assert uploads, "the upload never reached nginx"
    status = uploads[-1].status
    assert status in (200, 204), f"nginx answered the upload with {status} (413: client_max_body_size)"
    page.get_by_role("button", name=f"Retirer {csv.name}").wait_for(timeout=RENDER_TIMEOUT_MS)
    page.get_by_role("button", name="Vérifier et importer").click()
    if succeeds:
        expect(page.get_by_text("Import réussi").first).to_be_visible(timeout=RENDER_TIMEOUT_MS)


def _worker_of(requests: list[Request], workers: list[StreamlitServer]) -> StreamlitServer:
    """The one worker that served every request of these (nginx's upstream address is the worker's), leaving out
    what nginx answered itself (upstream "-": the plain-HTTP redirect)."""
    served_by = {request.upstream for request in requests if request.upstream != "-"}
    assert len(served_by) == 1, f"one client, one worker (ip_hash): {requests}"
    (address,) = served_by
    (worker,) = [worker for worker in workers if worker.url == f"http://{address}"]
    return worker


def test_two_workers_behind_the_documented_nginx_share_the_store(browser, deployment: Deployment, tmp_path) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    csv = _companies_file(tmp_path / "entreprises-volumineux.csv")
    assert csv.stat().st_size > NGINX_DEFAULT_BODY_LIMIT * 1.1
    # The browser does not know the test's CA: its certificate errors are ignored (the test's own clients check it).
    through_proxy, direct = (browser.new_context(viewport=VIEWPORT, ignore_https_errors=True) for _ in range(2))
    page, other_page = through_proxy.new_page(), direct.new_page()
    try:
        page.goto(deployment.nginx.url + VENDOMOIS_COMPANIES)
        wait_until_rendered(page)  # signs in: the sign-in and the page it opens go over the WebSocket
        assert _metric(page, "Entreprises") == WORLD_COMPANIES
        # The other worker, reached directly, shows (and caches) the content of the store before the import.
        worker = _worker_of([r for r in deployment.nginx.requests() if r.client == BROWSER], deployment.workers)
        (other,) = [w for w in deployment.workers if w is not worker]
        other_page.goto(other.url + "/donnees")
        wait_until_rendered(other_page)
        before = _metric(other_page, "Entreprises suivies")
        # Through the proxy, in the same session: another page, then an import larger than nginx's default limit.
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Import et export", exact=True).click()
        expect(page.locator('[data-testid="stMain"] h1').first).to_contain_text("Import et export")
        wait_until_rendered(page)
        assert _metric(page, "Entreprises suivies") == before
        _import_through_the_page(page, csv, deployment.nginx)
        page.screenshot(path=str(SCREENSHOT_DIR / "proxy-import-through-nginx.png"))
        assert "Se déconnecter" in page.locator('[data-testid="stSidebar"]').inner_text()  # same session throughout
        # The other worker counts the imported companies at its next page load (its cached count is stale).
        other_page.reload()
        wait_until_rendered(other_page)
        other_page.screenshot(path=str(SCREENSHOT_DIR / "proxy-other-worker-after-import.png"))
        assert _metric(other_page, "Entreprises suivies") == before + IMPORTED
    finally:
        through_proxy.close()  # closes the WebSocket: nginx logs it
        direct.close()

    logged = deployment.nginx.requests_once(lambda request: request.path == "/_stcore/stream")
    requests = [request for request in logged if request.client == BROWSER]
    assert _worker_of(requests, deployment.workers) is worker  # page, static files, WebSocket, upload: one worker
    uploads = [request for request in requests if _is_upload(request)]
    assert uploads and all(upload.status in (200, 204) for upload in uploads), uploads
    assert max(upload.size for upload in uploads) > NGINX_DEFAULT_BODY_LIMIT  # client_max_body_size works
    streams = [request for request in requests if request.path == "/_stcore/stream"]
    assert streams and all(stream.status == 101 for stream in streams), streams  # the WebSocket upgraded
    assert "[error]" not in deployment.nginx.error_log(), deployment.nginx.error_log()
    assert not re.search(r"Traceback", "".join(w.log_path.read_text(errors="replace") for w in deployment.workers))


def test_ip_hash_keeps_each_client_network_on_one_worker_and_spreads_the_networks(deployment: Deployment) -> None:
    """Behind a front proxy that names the clients (the realip lines of §5.3), three clients of each of eight /24
    networks ask nginx: every client, and every client of one /24 network, is served by one worker (ip_hash hashes
    an address's first three bytes), and the networks are spread over both workers."""
    hosts = (5, 77, 6)
    for network in CLIENT_NETWORKS:
        for host in hosts:
            asked = urllib.request.Request(
                deployment.nginx.url + "/_stcore/health", headers={"X-Forwarded-For": f"{network}.{host}"}
            )
            with deployment.nginx.open(asked, timeout_s=RENDER_TIMEOUT_MS / 1000) as answer:
                assert answer.status == 200
    last = f"{CLIENT_NETWORKS[-1]}.{hosts[-1]}"
    logged = deployment.nginx.requests_once(lambda request: request.client == last)
    workers_of = {
        network: {request.upstream for request in logged if request.client.startswith(network + ".")}
        for network in CLIENT_NETWORKS
    }
    assert all(len(workers) == 1 for workers in workers_of.values()), workers_of
    assert {request.client for request in logged if request.client.startswith("10.")} == {
        f"{network}.{host}" for network in CLIENT_NETWORKS for host in hosts
    }  # nginx saw the clients' addresses, not the front proxy's
    spread = set().union(*workers_of.values())
    assert spread == {worker.url.removeprefix("http://") for worker in deployment.workers}, workers_of


CONNECTIONS = """
import json, os
from dashboard.db import Database
from dashboard.pgstore import StoreUnavailableError
answers = {}
for name, url in json.loads(os.environ["TRIED_URLS"]).items():
    try:
        db = Database(url)
    except StoreUnavailableError as refused:
        answers[name] = str(refused)
        continue
    answers[name] = db.query_rows(
        "SELECT ssl, version FROM postgres_query('store', 'SELECT ssl, version FROM pg_stat_ssl "
        "WHERE pid = pg_backend_pid()')")[0]
print(json.dumps(answers))
"""


def test_the_workers_reach_the_store_over_tls_checked_against_its_ca(deployment: Deployment) -> None:
    """The store of the deployment runs the doc's TLS settings (§5.3: ssl on, hostssl only) and the workers the
    doc's URL (sslmode=verify-full with the CA's certificate). A process with the workers' URL is connected over
    TLS (PostgreSQL's pg_stat_ssl for its own connection); the same URL with another CA's certificate is refused
    (« certificate verify failed »), and a connection without TLS is refused by pg_hba.conf (hostssl)."""
    url = deployment.environment["OBSERVATOIRE_DB"]
    tried = {
        "documented": url,
        "other_ca": url.replace(
            str(deployment.certificates.authority.certificate), str(deployment.certificates.other_authority.certificate)
        ),
        "no_tls": url.split("?", 1)[0] + "?sslmode=disable",
    }
    connected = subprocess.run(
        [sys.executable, "-c", CONNECTIONS], cwd=PROJECT_ROOT, env={**deployment.environment, "TRIED_URLS": json.dumps(tried)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert connected.returncode == 0, connected.stderr[-3000:]
    answers = json.loads(connected.stdout.strip().splitlines()[-1])
    assert answers["documented"][0] is True and answers["documented"][1].startswith("TLSv1."), answers
    assert "certificate verify failed" in answers["other_ca"], answers
    assert "no encryption" in answers["no_tls"], answers


def test_plain_http_is_redirected_to_https(deployment: Deployment) -> None:
    """The site's plain-HTTP server only redirects (§5.3): nothing of the dashboard is served without TLS."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_: object) -> None:
            return None

    with pytest.raises(urllib.error.HTTPError) as redirected:
        urllib.request.build_opener(NoRedirect).open(deployment.nginx.http_url + VENDOMOIS_COMPANIES, timeout=30)
    assert redirected.value.code == 301
    assert redirected.value.headers["Location"] == "https://127.0.0.1" + VENDOMOIS_COMPANIES


MINERVOIS_COMPANIES = "/entreprises?territoire=epci:200066348"
VENDOMOIS_DETECTION = "/detection?territoire=epci:200072072"
PROPOSED = re.compile(r"pistes affichées sur ([\d ]+) proposées")
NEW_COMPANY = HEADER + "Z-0001;Menuiserie Zêta;;16.23Z;fabrication;1-9;34284;2,7642;43,4894;\n"  # Saint-Pons


def _shown(page, url: str, shot: str) -> str:
    page.goto(url)
    wait_until_rendered(page)
    page.screenshot(path=str(SCREENSHOT_DIR / shot))
    return normalise(page.locator('[data-testid="stMain"]').inner_text())


def _proposals(page, worker: StreamlitServer, shot: str) -> int:
    """The detection page's « N pistes affichées sur M proposées »: M."""
    found = PROPOSED.search(_shown(page, worker.url + VENDOMOIS_DETECTION, shot))
    assert found is not None, "no proposal count on the detection page"
    return int(found.group(1).replace(" ", ""))


def test_the_command_line_and_a_page_write_reach_both_workers(browser, deployment: Deployment, tmp_path) -> None:
    """While both workers run: a company imported by the command line is counted on the companies page of each,
    including the one that had the page cached (the command line is not refused by the running workers); then a
    synergy accepted on the first worker's detection page is no longer proposed on the second's."""
    first, second = deployment.workers
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        _shown(page, first.url + MINERVOIS_COMPANIES, "pgstore-worker-a-before.png")
        before = _metric(page, "Entreprises")
        _shown(page, second.url + MINERVOIS_COMPANIES, "pgstore-worker-b-before.png")
        assert _metric(page, "Entreprises") == before  # the second worker has it cached now
        csv = tmp_path / "entreprises.csv"
        csv.write_text(NEW_COMPANY, encoding="utf-8")
        imported = subprocess.run(
            [sys.executable, "-m", "dashboard", "import", "companies", str(csv)], cwd=PROJECT_ROOT,
            env=deployment.environment, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert imported.returncode == 0, imported.stderr
        # Both workers count it at their next page load: the store's version changed under their caches.
        _shown(page, second.url + MINERVOIS_COMPANIES, "pgstore-worker-b-after.png")
        assert _metric(page, "Entreprises") == before + 1
        _shown(page, first.url + MINERVOIS_COMPANIES, "pgstore-worker-a-after.png")
        assert _metric(page, "Entreprises") == before + 1
        # A write through a page: accepted on the first worker, no longer proposed on the second (which had the
        # detection page cached), and the first says the synergy was created.
        proposed = _proposals(page, second, "pgstore-detection-b-before.png")
        assert proposed > 0
        _shown(page, first.url + VENDOMOIS_DETECTION, "pgstore-detection-a-before.png")
        page.get_by_role("button", name="Accepter : créer la synergie identifiée").click()
        page.get_by_text("Synergie créée").first.wait_for(timeout=RENDER_TIMEOUT_MS)
        page.screenshot(path=str(SCREENSHOT_DIR / "pgstore-detection-a-accepted.png"))
        assert _proposals(page, second, "pgstore-detection-b-after.png") == proposed - 1
    finally:
        context.close()


IN_FLIGHT = "Q"  # the companies of the import a worker is stopped under
IN_FLIGHT_COMPANIES = 200  # in flight whatever its size: the test's lock holds its transaction open
LOCK_WAITS = "SELECT count(*) FROM pg_stat_activity WHERE datname = 'observatoire' AND wait_event_type = 'Lock'"
IN_FLIGHT_ROWS = f"SELECT count(*) FROM main.company WHERE company_id LIKE '{IN_FLIGHT}-%'"
# Transactions open on the store, but the lock holder's and the checker's own (psql over the Unix socket).
OPEN_TRANSACTIONS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = 'observatoire' AND xact_start IS NOT NULL "
    "AND client_addr IS NOT NULL"
)


class TableLock:
    """A psql session holding PostgreSQL's SHARE lock on a table (reads go on, writes wait) until released."""

    def __init__(self, cluster: Cluster, table: str) -> None:
        self.process = subprocess.Popen(
            [str(cluster.bin_dir / "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", str(cluster.folder),
             "-p", str(cluster.port), "-U", cluster.user, "-d", "observatoire"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self._send(f"BEGIN; LOCK TABLE {table} IN SHARE MODE; SELECT 'locked';")
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "locked"

    def _send(self, sql: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(sql + "\n")
        self.process.stdin.flush()

    def release(self) -> None:
        if self.process.poll() is None:
            self._send("ROLLBACK;\n\\q")
            self.process.wait(timeout=30)


def _stop_worker(worker: StreamlitServer, grace_s: float) -> str:
    """What a service manager does: SIGTERM, then SIGKILL after `grace_s`. Returns the signal that ended it."""
    worker.process.terminate()
    try:
        worker.process.wait(timeout=grace_s)
        return "SIGTERM"
    except subprocess.TimeoutExpired:
        worker.process.kill()
        worker.process.wait(timeout=30)
        return "SIGKILL"


def test_a_worker_stopped_under_its_session(browser, deployment: Deployment, tmp_path) -> None:
    """Last of the module: it stops a worker. A session through nginx starts an import on its worker; the
    import's transaction is held in flight (the test locks the table `meta`, which the import writes last, after
    its 200 companies) and the worker is stopped as a service manager does (SIGTERM, then SIGKILL).

    The browser reconnects by itself through nginx to the other worker, which knows nothing of the session (the
    sign-in lives in the worker's memory): it shows the sign-in page, and after signing in, the page of the
    address. The store has everything committed before (the same count of companies) and nothing of the import
    in flight, neither while it waited (uncommitted rows are never seen) nor after PostgreSQL ended it. Then the
    store itself restarts under the remaining worker: the signed-in session goes on to its next pages."""
    csv = _companies_file(tmp_path / "entreprises-en-cours.csv", IN_FLIGHT, IN_FLIGHT_COMPANIES)
    context = browser.new_context(viewport=VIEWPORT, ignore_https_errors=True)
    page = context.new_page()
    lock: TableLock | None = None
    store = deployment.cluster
    try:
        page.goto(deployment.nginx.url + "/donnees")
        wait_until_rendered(page)
        before = _metric(page, "Entreprises suivies")
        worker = _worker_of([r for r in deployment.nginx.requests() if r.client == BROWSER], deployment.workers)
        (other,) = [w for w in deployment.workers if w is not worker]
        lock = TableLock(store, "main.meta")
        _import_through_the_page(page, csv, deployment.nginx, succeeds=False)
        deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
        while store.psql("observatoire", LOCK_WAITS).strip() == "0" and time.monotonic() < deadline:
            time.sleep(0.1)  # polling the store for the import's transaction, not waiting for a page
        assert store.psql("observatoire", LOCK_WAITS).strip() == "1", "the import's transaction never reached meta"
        assert store.psql("observatoire", IN_FLIGHT_ROWS).strip() == "0"  # written, not committed: never seen
        page.screenshot(path=str(SCREENSHOT_DIR / "proxy-worker-stop-import-in-flight.png"))

        _stop_worker(worker, grace_s=10)
        # The browser reconnects through nginx, which skips the stopped worker: the other one's sign-in page.
        page.get_by_role("button", name="Se connecter").wait_for(timeout=RENDER_TIMEOUT_MS)
        page.screenshot(path=str(SCREENSHOT_DIR / "proxy-worker-stopped-sign-in.png"))
        assert "Connexion" in page.locator('[data-testid="stMain"]').inner_text()
        # ... saying why (dashboard.ui.auth: the tab's signed-in sidebar state reached a session never signed in).
        expect(page.get_by_text("Votre session a été interrompue côté serveur")).to_be_visible()

        # The import's transaction died with its worker's connection: once the lock is released, PostgreSQL's
        # backend finds its client gone and rolls back. Nothing of the import is stored.
        lock.release()
        deadline = time.monotonic() + 60
        while store.psql("observatoire", OPEN_TRANSACTIONS).strip() != "0" and time.monotonic() < deadline:
            time.sleep(0.1)  # polling the store for the stopped worker's transaction to end
        assert store.psql("observatoire", OPEN_TRANSACTIONS).strip() == "0"
        assert store.psql("observatoire", IN_FLIGHT_ROWS).strip() == "0"
        logged = f"SELECT count(*) FROM main.import_log WHERE file_name = '{csv.name}'"
        assert store.psql("observatoire", logged).strip() == "0"

        sign_in_as_administrator(page)
        wait_until_rendered(page, sign_in=False)
        page.screenshot(path=str(SCREENSHOT_DIR / "proxy-worker-stopped-signed-in-again.png"))
        assert urlsplit(page.url).path == "/donnees"  # the page of the address, on the other worker
        assert _metric(page, "Entreprises suivies") == before  # every committed company, none of the import

        # The store restarted under the running worker (an upgrade of PostgreSQL): the worker's connections are
        # cut; DuckDB's extension opens new ones at the next query. The session stays signed in.
        store.restart()
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Journal des actions").click()
        expect(page.locator('[data-testid="stMain"] h1').first).to_contain_text("Journal des actions")
        wait_until_rendered(page, sign_in=False, fresh=True)
        assert not page.locator('[data-testid="stMain"] [data-testid="stAlert"]').count()
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Import et export").click()
        wait_until_rendered(page, sign_in=False, fresh=True)
        assert _metric(page, "Entreprises suivies") == before
    finally:
        if lock is not None:
            lock.release()
        context.close()
    # nginx logs a WebSocket when it closes: the browser's last one, reopened after the stop, went to the other.
    address = other.url.removeprefix("http://")
    logged = deployment.nginx.requests_once(lambda r: r.path == "/_stcore/stream" and r.upstream == address)
    reconnected = [r for r in logged if r.client == BROWSER and r.path == "/_stcore/stream"][-1]
    assert reconnected.status == 101 and reconnected.upstream == address, logged[-5:]
