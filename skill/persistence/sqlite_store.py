"""The embedded store: one SQLite file, safe for several gunicorn worker processes at once.

Why it is safe with concurrent writers:
- WAL journal mode: readers never block the writer and the writer never blocks readers;
  writers take turns on one write lock.
- ``busy_timeout``: a writer that finds the lock taken waits (up to the timeout) instead of
  failing at once with "database is locked", so concurrent saves queue and none is dropped.
  It is below the guard's default 2 s bound, so a congested file reports "database is locked"
  rather than an anonymous timeout.
- ``synchronous=FULL``: a committed write survives a power loss too (WAL's NORMAL may lose the
  last transactions then), because the issue asks that no write be lost.
- Every write is one autocommit UPSERT statement: no read-then-write transaction that could
  deadlock on lock upgrade or lose another worker's update in between.
- One connection per call: sqlite3 connections must not cross threads (the guard runs calls in
  a thread pool) nor a fork (gunicorn forks workers); opening one costs well under a
  millisecond.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.persistence.keys import user_key
from skill.persistence.record import RecordError

T = TypeVar("T")

DEFAULT_BUSY_TIMEOUT_MS = 1500

_CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS progress ("
    "user_id TEXT PRIMARY KEY, record TEXT NOT NULL, updated_at TEXT NOT NULL)"
)
_UPSERT = (
    "INSERT INTO progress (user_id, record, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT(user_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at"
)


class SqliteAdapter(AbstractPersistenceAdapter):
    """ASK SDK persistence adapter over one SQLite file, keyed by the Alexa user id.

    The parent directory, the file and the table are created on first use, not here: a
    start-up never fails because a data directory is not writable yet (a failed call only
    costs resuming, see ``guard``).
    """

    def __init__(
        self, path: str | os.PathLike[str], busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
    ) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._ready = False
        self._init_lock = threading.Lock()

    # -- AbstractPersistenceAdapter --------------------------------------------------------------
    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        """The stored record as parsed JSON, ``{}`` when there is none.

        The record's content is not judged here (``Progress.from_record`` does that); only text
        that is not a JSON object raises ``RecordError``.
        """
        key = user_key(request_envelope)

        def read(conn: sqlite3.Connection) -> str | None:
            row = conn.execute("SELECT record FROM progress WHERE user_id = ?", (key,)).fetchone()
            return None if row is None else row[0]

        text = self._run(read)
        if text is None:
            return {}
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            raise RecordError("stored record is not valid JSON") from None
        if not isinstance(data, dict):
            raise RecordError(f"stored record is a JSON {type(data).__name__}, not an object")
        return data

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        key = user_key(request_envelope)
        text = json.dumps(attributes, separators=(",", ":"), sort_keys=True)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._run(lambda conn: conn.execute(_UPSERT, (key, text, now)))

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        key = user_key(request_envelope)
        self._run(lambda conn: conn.execute("DELETE FROM progress WHERE user_id = ?", (key,)))

    # -- connections -----------------------------------------------------------------------------
    def _run(self, action: Callable[[sqlite3.Connection], T]) -> T:
        self._ensure_ready()
        try:
            with self._connect() as conn:
                return action(conn)
        except sqlite3.OperationalError as error:
            if not str(error).startswith("no such table"):
                raise
        # The file was removed or replaced since the first use (e.g. a cleaned-up /tmp):
        # create it again, once.
        self._ready = False
        self._ensure_ready()
        with self._connect() as conn:
            return action(conn)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # isolation_level=None: autocommit, every statement is its own transaction.
        conn = sqlite3.connect(
            self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            conn.execute("PRAGMA synchronous = FULL")
            yield conn
        finally:
            conn.close()

    def _ensure_ready(self) -> None:
        if self._ready:
            return
        with self._init_lock:
            if self._ready:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as conn:
                # Persistent in the file: set once, every later connection uses WAL. Several
                # processes may race here on a new file; the busy timeout serialises them.
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute(_CREATE_TABLE)
            self._ready = True

    def journal_mode(self) -> str:
        """The file's journal mode (``"wal"`` once initialised); for checks and tests."""
        self._ensure_ready()
        with self._connect() as conn:
            return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
