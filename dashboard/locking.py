"""The database file's own OS lock, checked and held by every command that replaces the file.

DuckDB takes a POSIX record lock (`fcntl`, whole file) on the database file it opens: a write lock for a
read-write connection, a read lock for a read-only one. A running dashboard therefore holds a write lock on
the real file, and any other process opening it fails. Commands that *open* the file (imports, info, exports)
get that refusal from DuckDB itself. Commands that *replace* the file (`build-demo --force`, `restaurer`)
build a new file beside it and rename it into place: they never open the old one with DuckDB, so they must
test and hold the same lock on the real file themselves, from before the work starts until the rename —
otherwise a dashboard keeps writing into a deleted file and every later entry is lost.

Caution (POSIX semantics): closing any descriptor of a file releases all of the process's locks on it. So
`hold_database_file` must never be used in a process that has the same file open with DuckDB (the dashboard
process itself): it is meant for the command line and for builds of a file no connection holds.
"""

from __future__ import annotations

import fcntl
import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard.db import DatabaseLockedError
from dashboard.i18n import t

# struct flock on Linux (x86-64 and aarch64): short l_type, short l_whence, off_t l_start, off_t l_len,
# pid_t l_pid, with native alignment; padded to 32 bytes.
_FLOCK_FORMAT = "@hhqqi"
_FLOCK_SIZE = 32


class DatabaseFileHeldError(DatabaseLockedError):
    """Another process holds the database file (usually a running dashboard); `pid` when the OS tells it."""

    def __init__(self, path: Path, pid: int | None) -> None:
        super().__init__(f"{path} is held by process {pid if pid is not None else '?'}")
        self.path = path
        self.pid = pid


def _holder_pid(fd: int) -> int | None:
    """The process holding a conflicting lock on the open file `fd`, or None (no lock, or not told)."""
    request = struct.pack(_FLOCK_FORMAT, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0).ljust(_FLOCK_SIZE, b"\0")
    try:
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, request)
    except OSError:
        return None
    lock_type, _whence, _start, _length, pid = struct.unpack(_FLOCK_FORMAT, answer[: struct.calcsize(_FLOCK_FORMAT)])
    return pid if lock_type != fcntl.F_UNLCK and pid > 0 else None


def database_holder(path: Path) -> int | None:
    """The id of the process holding `path` (read or write lock), None when the file is free or missing.

    Only meaningful from a process that does not itself hold the file (POSIX locks never conflict with
    their own process).
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        return _holder_pid(fd)
    finally:
        os.close(fd)


@contextmanager
def hold_database_file(path: Path) -> Iterator[None]:
    """Hold the write lock DuckDB would take on `path` while the block replaces the file.

    Raises `DatabaseFileHeldError` at once when another process (a dashboard, a command) holds the file.
    A missing file needs no lock: there is nothing to lose, and nothing can hold it.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        yield
        return
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise DatabaseFileHeldError(path, _holder_pid(fd)) from None
        yield
    finally:
        os.close(fd)  # releases the lock


def locked_message(path: Path, *, read_only: bool) -> str:
    """Why a command cannot open `path`, in French: who holds it, what was (not) done, what to do instead."""
    pid = database_holder(path)
    holder = t("lock.holder_pid", pid=pid) if pid is not None else ""
    return t("lock.read" if read_only else "lock.write", path=path, holder=holder)
