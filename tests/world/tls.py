"""Certificates for the deployment test over TLS (tests/browser/test_proxy_browser.py): a throwaway certificate
authority and certificates it signs, made with the `openssl` command (Debian's package `openssl`, which
PostgreSQL's package pulls in; `.ci/run` installs it when missing).

A server's certificate names 127.0.0.1 and localhost in its subjectAltName, the names the test's clients use:
libpq's `sslmode=verify-full` checks the server's name there, as a worker checks `db-host` in a deployment.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

DAYS = "2"  # long enough for a test run, useless afterwards
SERVER_NAMES = "IP:127.0.0.1,DNS:localhost"


@dataclass(frozen=True)
class KeyPair:
    certificate: Path
    key: Path


def openssl_binary() -> str | None:
    return shutil.which("openssl")


def _openssl(*arguments: str) -> None:
    result = subprocess.run(["openssl", *arguments], capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"openssl {arguments[0]} failed: {result.stderr}")


def certificate_authority(folder: Path, name: str) -> KeyPair:
    """A self-signed CA `name` (an EC P-256 key: generated in milliseconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    pair = KeyPair(folder / f"{name}.crt", folder / f"{name}.key")
    _openssl(
        "req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", str(pair.key), "-out", str(pair.certificate), "-days", DAYS, "-subj", f"/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    return pair


def server_certificate(folder: Path, name: str, authority: KeyPair) -> KeyPair:
    """A server certificate `name` for 127.0.0.1 and localhost, signed by `authority`; its key mode 0600."""
    pair = KeyPair(folder / f"{name}.crt", folder / f"{name}.key")
    request = folder / f"{name}.csr"
    extensions = folder / f"{name}.ext"
    extensions.write_text(f"subjectAltName={SERVER_NAMES}\nextendedKeyUsage=serverAuth\n", encoding="utf-8")
    _openssl(
        "req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", str(pair.key), "-out", str(request), "-subj", "/CN=127.0.0.1",
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", str(request), "-CA", str(authority.certificate), "-CAkey", str(authority.key),
        "-CAcreateserial", "-out", str(pair.certificate), "-days", DAYS, "-extfile", str(extensions),
    )  # fmt: skip
    pair.key.chmod(0o600)
    return pair
