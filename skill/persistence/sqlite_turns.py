"""How SQLite writers of one file take turns and retry ("locked" answers), for ``sqlite_store``."""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

LOCKED = ("database is locked", "database table is locked", "database is busy")


class TakeTurns:
    """Writers of one file take turns, across threads and processes, before asking SQLite.

    SQLite's busy handler polls with growing sleeps (up to 100 ms), so under heavy contention
    one writer can keep missing the lock while the others take it: in a stress test of four
    processes writing in a loop, single writes waited over 0.5 s. A POSIX ``flock`` on a
    sidecar file hands the turn over within a millisecond of its release. Setting up a new
    file (switching it to WAL needs it to itself, and SQLite answers "locked" at once rather
    than waiting) takes the same turns. Where ``fcntl`` does not exist (Windows), SQLite's own
    busy timeout and the retries remain.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        self._thread_lock = threading.Lock()
        self._handle: Any = None
        self._pid = 0

    @contextlib.contextmanager
    def turn(self, deadline: float) -> Iterator[None]:
        if not self._thread_lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise sqlite3.OperationalError("database is locked (waiting for this process)")
        try:
            if fcntl is None:  # pragma: no cover - Windows
                yield
                return
            handle = self._file()
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise sqlite3.OperationalError(
                            "database is locked (waiting for another process)"
                        ) from None
                    time.sleep(0.0005)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()

    def _file(self) -> Any:
        if self._pid != os.getpid():  # a forked child needs its own open file
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "a+b")  # noqa: SIM115 - kept open for good
            self._pid = os.getpid()
        return self._handle


def set_up(conn: sqlite3.Connection, *statements: str) -> None:
    # Journal mode is persistent in the file: set once, every later connection uses WAL.
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    for statement in statements:
        conn.execute(statement)


def retrying(
    attempt: Callable[[], T],
    deadline: float,
    connection: Callable[[], sqlite3.Connection | None],
    budget_seconds: float,
) -> T:
    """``attempt()`` again while SQLite answers "locked" and the deadline allows.

    The busy timeout makes SQLite itself wait for a lock; a few situations answer "locked" at
    once instead (WAL recovery, switching to WAL, a schema change in another process): those
    are retried after a short random back-off, with what is left of the budget.
    """
    tries = 0
    try:
        while True:
            try:
                return attempt()
            except sqlite3.OperationalError as error:
                remaining = deadline - time.monotonic()
                if not str(error).startswith(LOCKED) or remaining <= 0.002 or tries >= 100:
                    raise
            tries += 1
            time.sleep(min(remaining / 2, random.uniform(0.001, 0.002 * tries)))
            conn = connection()
            if conn is not None:
                remaining = max(0.001, deadline - time.monotonic())
                conn.execute(f"PRAGMA busy_timeout = {int(remaining * 1000) or 1}")
    finally:
        conn = connection()
        if tries and conn is not None:
            conn.execute(f"PRAGMA busy_timeout = {int(budget_seconds * 1000)}")
