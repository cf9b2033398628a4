"""The embedded store: one SQLite file, safe for several web-service worker processes at once.

Why no write is lost and none lands after it was reported failed:
- WAL journal mode: readers never block the writer and the writer never blocks readers;
  writers take turns on one write lock.
- Every write is one ``BEGIN IMMEDIATE`` transaction: it takes the write lock before it reads,
  so SQLite's busy handler queues it behind other writers. (An autocommit UPSERT starts as a
  reader and upgrades; when another process committed in between, SQLite answers "database is
  locked" at once, without waiting: that made the concurrency test fail on 2 cores.)
- Each call has a time budget (``budget_seconds``): the busy timeout, plus bounded retries of
  the rare "locked" answers that skip the busy handler. The call runs in the caller's thread,
  so when it returns the transaction has either committed (True) or rolled back (an
  exception): there is no thread left behind that could still commit later.
- ``synchronous=FULL``: a committed write survives a power loss too.
- ``secure_delete=ON``: deleted records are overwritten in the file, not just unlinked (many
  SQLite builds, this one too, default to it; set explicitly so no build can differ).
- One connection per thread and process (sqlite3 connections must not cross threads nor a
  fork), reopened when the file was replaced or removed.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.persistence.keys import user_key
from skill.persistence.record import RETENTION, RecordError
from skill.persistence.sqlite_turns import TakeTurns, retrying, set_up

T = TypeVar("T")

# Well under Alexa's ~8 s and under 1 s for a whole request while another process holds the
# write lock: a request makes at most one write (a failed one stops writes for the session).
DEFAULT_BUDGET_SECONDS = 0.5
# How often the request path sweeps out records unused past the retention time.
SWEEP_INTERVAL_SECONDS = 24 * 3600
SWEEP_BATCH = 500

_CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS progress ("
    "user_id TEXT PRIMARY KEY, record TEXT NOT NULL, updated_at TEXT NOT NULL)"
)
_CREATE_INDEX = "CREATE INDEX IF NOT EXISTS progress_updated_at ON progress (updated_at)"
_SELECT = "SELECT record FROM progress WHERE user_id = ?"
_UPSERT = (
    "INSERT INTO progress (user_id, record, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT(user_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at"
)
_DELETE = "DELETE FROM progress WHERE user_id = ?"
_PURGE = (
    "DELETE FROM progress WHERE rowid IN "
    "(SELECT rowid FROM progress WHERE updated_at < ? LIMIT ?)"
)
# Connections a forked child inherited: closing one there could release the parent's locks.
_INHERITED: list[sqlite3.Connection] = []


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


class _Connection(threading.local):
    conn: sqlite3.Connection | None = None
    identity: tuple[int, int, int] | None = None  # (pid, st_dev, st_ino)


class SqliteAdapter(AbstractPersistenceAdapter):
    """ASK SDK persistence adapter over one SQLite file, keyed by the Alexa user id.

    The parent directory, the file and the table are created on first use, not here: a
    start-up never fails because a data directory is not writable yet (a failed call only
    costs resuming, see ``guard``).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        budget_seconds: float = DEFAULT_BUDGET_SECONDS,
        *,
        retention: datetime.timedelta | None = RETENTION,
        now: Callable[[], datetime.datetime] = _utc_now,
    ) -> None:
        if budget_seconds <= 0:
            raise ValueError("budget_seconds must be positive")
        self.path = Path(path)
        self.budget_seconds = budget_seconds
        self.retention = retention
        self._now = now
        self._local = _Connection()
        self._init_lock = threading.Lock()
        self._turns = TakeTurns(self.path)
        self._ready_identity: tuple[int, int] | None = None
        self._next_sweep = 0.0

    # -- AbstractPersistenceAdapter --------------------------------------------------------------
    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        """The stored record as parsed JSON, ``{}`` when there is none.

        The record's content is not judged here (``Progress.from_record`` does that); only text
        that is not a JSON object raises ``RecordError``.
        """
        key = user_key(request_envelope)
        row = self._run(lambda conn: conn.execute(_SELECT, (key,)).fetchone())
        return {} if row is None else _parse(row[0])

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        self.replace_checked(request_envelope, attributes, check=None)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        key = user_key(request_envelope)
        self._run(lambda conn: conn.execute(_DELETE, (key,)), write=True)

    # -- beyond the SDK's interface ----------------------------------------------------------
    def replace_checked(
        self,
        request_envelope: RequestEnvelope,
        attributes: dict[str, Any],
        check: Callable[[dict[str, Any]], None] | None,
    ) -> None:
        """Write ``attributes``; first, in the same transaction, ``check`` the stored record
        (it raises to keep it). Atomic: no other writer comes in between."""

        def checked(current: dict[str, Any] | None) -> dict[str, Any]:
            if current is not None and check is not None:
                check(current)
            return attributes

        self.replace_merged(request_envelope, checked)

    def replace_merged(
        self,
        request_envelope: RequestEnvelope,
        merge: Callable[[dict[str, Any] | None], dict[str, Any]],
    ) -> None:
        """Write what ``merge`` makes of the stored record (``None`` when there is none); it
        raises to keep the record. One transaction: no other writer comes in between."""
        key = user_key(request_envelope)
        now = _stamp(self._now())

        def write(conn: sqlite3.Connection) -> None:
            row = conn.execute(_SELECT, (key,)).fetchone()
            record = merge(None if row is None else _parse(row[0]))
            text = json.dumps(record, separators=(",", ":"), sort_keys=True)
            conn.execute(_UPSERT, (key, text, now))

        self._run(write, write=True)
        self._maybe_sweep()

    def purge_unused(self, older_than: datetime.timedelta, batch: int | None = None) -> int:
        """Delete records not written for ``older_than``; returns how many went."""
        cutoff = _stamp(self._now() - older_than)
        limit = SWEEP_BATCH if batch is None else batch
        removed = 0
        while True:
            count = self._run(
                lambda conn: conn.execute(_PURGE, (cutoff, limit)).rowcount, write=True
            )
            removed += count
            if count < limit or batch is not None:
                return removed

    def journal_mode(self) -> str:
        """The file's journal mode (``"wal"`` once initialised); for checks and tests."""
        return str(self._run(lambda conn: conn.execute("PRAGMA journal_mode").fetchone()[0]))

    def secure_delete(self) -> bool:
        """Whether this adapter's connection overwrites deleted content (for checks)."""
        return bool(self._run(lambda conn: conn.execute("PRAGMA secure_delete").fetchone()[0]))

    def check_health(self) -> None:
        """Raises when the file cannot be opened and read."""
        self._run(lambda conn: conn.execute("SELECT count(*) FROM progress LIMIT 1").fetchone())

    # -- transactions ------------------------------------------------------------------------
    def _run(self, action: Callable[[sqlite3.Connection], T], *, write: bool = False) -> T:
        """``action`` within the budget, in a write transaction if ``write``; raises
        ``sqlite3.OperationalError`` ("database is locked") when the budget runs out."""
        deadline = time.monotonic() + self.budget_seconds
        holder: list[sqlite3.Connection] = []

        def attempt() -> T:
            if not holder:
                holder.append(self._connection(deadline))
            try:
                if not write:
                    return self._once(holder[0], action, write)
                with self._turns.turn(deadline):
                    return self._once(holder[0], action, write)
            except sqlite3.OperationalError as error:
                if str(error).startswith("no such table"):
                    self._ready_identity = None  # the file was replaced: set it up again
                    holder.clear()
                    raise sqlite3.OperationalError("database is locked (file replaced)") from None
                raise

        current = lambda: holder[0] if holder else None  # noqa: E731
        return retrying(attempt, deadline, current, self.budget_seconds)

    @staticmethod
    def _once(
        conn: sqlite3.Connection, action: Callable[[sqlite3.Connection], T], write: bool
    ) -> T:
        if not write:
            return action(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = action(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    def _connection(self, deadline: float) -> sqlite3.Connection:
        """This thread's connection to the current file (a new one after a fork, or when the
        file was removed or replaced since)."""
        identity = self._file_identity()
        local = self._local
        if (
            local.conn is not None
            and identity is not None
            and local.identity == identity
            and identity[1:] == self._ready_identity
        ):
            return local.conn
        if local.conn is not None:
            if local.identity is not None and local.identity[0] == os.getpid():
                local.conn.close()
            else:
                _INHERITED.append(local.conn)  # never close a parent's connection in a child
            local.conn = None
        self._ensure_ready(deadline)
        conn = self._open()
        local.conn, local.identity = conn, self._file_identity()
        return conn

    def _file_identity(self) -> tuple[int, int, int] | None:
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return (os.getpid(), status.st_dev, status.st_ino)

    def _open(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        conn = sqlite3.connect(
            self.path, timeout=self.budget_seconds, isolation_level=None, check_same_thread=True
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self.budget_seconds * 1000)}")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
        return conn

    def _ensure_ready(self, deadline: float) -> None:
        with self._init_lock:
            identity = self._file_identity()
            if identity is not None and identity[1:] == self._ready_identity:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._turns.turn(deadline):
                conn = self._open()
                try:
                    retrying(
                        lambda: set_up(conn, _CREATE_TABLE, _CREATE_INDEX),
                        deadline,
                        lambda: conn,
                        self.budget_seconds,
                    )
                finally:
                    conn.close()
            identity = self._file_identity()
            self._ready_identity = None if identity is None else identity[1:]

    def _maybe_sweep(self) -> None:
        """At most once a day per process, on a write: remove a batch of records unused for
        longer than the retention time. Cheap: an indexed range delete."""
        if self.retention is None or time.monotonic() < self._next_sweep:
            return
        self._next_sweep = time.monotonic() + SWEEP_INTERVAL_SECONDS
        try:
            self.purge_unused(self.retention, batch=SWEEP_BATCH)
        except sqlite3.Error:
            self._next_sweep = 0.0  # busy now: try again on a later write


def _parse(text: object) -> dict[str, Any]:
    try:
        data = json.loads(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise RecordError("stored record is not valid JSON") from None
    if not isinstance(data, dict):
        raise RecordError(f"stored record is a JSON {type(data).__name__}, not an object")
    return data
