"""``ProgressStore``: the skill's only door to storage. It never raises and never hangs.

Whatever the store does (refuses connections, hangs, holds a corrupt record or one written by
a newer release), ``load``, ``save`` and ``delete`` return within ``timeout_seconds`` plus a
few milliseconds, log exactly one line on logger ``skill.persistence`` when something failed,
and the skill answers normally: only resuming is lost.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import TypeVar

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.persistence.keys import user_key, user_label
from skill.persistence.record import FutureRecordError, Progress, RecordError

T = TypeVar("T")

logger = logging.getLogger("skill.persistence")

# Well under Alexa's ~8 s, with room for a load and a save in the same request.
DEFAULT_TIMEOUT_SECONDS = 2.0
# Calls in flight at once per process. A request makes at most a couple of calls, so this
# only fills up when the store hangs; further calls then fail at once instead of piling up
# threads.
DEFAULT_MAX_IN_FLIGHT = 8


def utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.timezone.utc).date()


@dataclass(frozen=True)
class LoadResult:
    """What ``load`` found.

    ``readable=True, progress=None``: the person has no stored progress (new, or deleted).
    ``readable=False``: the store failed, timed out, or holds a record this release cannot
    read (corrupt, or from a newer release); ``progress`` is then None and the caller must not
    save for this person during the session (it could overwrite a record it never saw).
    """

    progress: Progress | None
    readable: bool

    @property
    def found(self) -> bool:
        return self.progress is not None


class _StoreFailure(Exception):
    """Carries the one-line reason of a failed call from ``_call`` to the log line."""


class ProgressStore:
    """Bounded-time, never-raising access to an ASK SDK persistence adapter.

    Each adapter call runs on a daemon thread and is awaited for at most ``timeout_seconds``.
    A call still running then is abandoned: Python cannot cancel a thread stuck in a socket
    or file lock, but the store's own timeouts (SQLite's busy timeout, boto3's connect/read
    timeouts) end it soon after. Daemon threads rather than a ThreadPoolExecutor, because the
    executor's workers are joined at interpreter exit, so one stuck call would also stall a
    gunicorn worker's shutdown. At most ``max_in_flight`` calls run at once; beyond that a
    call fails immediately, so a hung store cannot pile up threads.

    ``save`` stamps ``last_used`` with today's UTC date (the caller need not), and refuses to
    overwrite a stored record it cannot read: it reads the current record first, in the same
    bounded call, and writes only when there is none or it parses. That read is not atomic
    with the write, but the only writers of records are releases of this skill, so what it
    protects against (a corrupt record, or one of a newer release during a rolling update) is
    not created in between.
    """

    def __init__(
        self,
        adapter: AbstractPersistenceAdapter,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        *,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        today: Callable[[], datetime.date] = utc_today,
    ) -> None:
        if timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be positive")
        self.adapter = adapter
        self.timeout_seconds = timeout_seconds
        self.max_in_flight = max_in_flight
        self._today = today
        self._slots_lock = threading.Lock()
        self._slots_pid = os.getpid()
        self._slots = threading.BoundedSemaphore(max_in_flight)

    # -- public API --------------------------------------------------------------------------
    def load(self, request_envelope: RequestEnvelope) -> LoadResult:
        """The person's stored progress; never raises."""
        try:
            data = self._call(lambda: self.adapter.get_attributes(request_envelope))
            if not data:  # {} (or None from a lax adapter): nothing stored
                return LoadResult(progress=None, readable=True)
            return LoadResult(progress=Progress.from_record(data), readable=True)
        except Exception as error:
            self._log("load", request_envelope, error)
            return LoadResult(progress=None, readable=False)

    def save(self, request_envelope: RequestEnvelope, progress: Progress) -> bool:
        """Store ``progress`` (with ``last_used`` = today, UTC); True when it was written.

        False (and one log line) when the store failed or timed out, or when the stored
        record cannot be read and so is left as it is.
        """
        try:
            stamped = dataclasses.replace(progress, last_used=self._today())
            record = stamped.to_record()

            def check_then_write() -> None:
                try:
                    current = self.adapter.get_attributes(request_envelope)
                    if current:
                        Progress.from_record(current)
                except RecordError as error:
                    future = isinstance(error, FutureRecordError)
                    kind = "from a newer release" if future else "unreadable"
                    raise _StoreFailure(
                        f"stored record {kind} ({error}); not overwriting it"
                    ) from None
                except Exception as error:
                    raise _StoreFailure(
                        f"could not read the stored record first: {_describe(error)}"
                    ) from None
                self.adapter.save_attributes(request_envelope, record)

            self._call(check_then_write)
            return True
        except Exception as error:
            self._log("save", request_envelope, error)
            return False

    def delete(self, request_envelope: RequestEnvelope) -> bool:
        """Remove everything stored for the person, readable or not; True when done."""
        try:
            self._call(lambda: self.adapter.delete_attributes(request_envelope))
            return True
        except Exception as error:
            self._log("delete", request_envelope, error)
            return False

    # -- bounded calls -----------------------------------------------------------------------
    def _call(self, action: Callable[[], T]) -> T:
        slots = self._current_slots()
        if not slots.acquire(blocking=False):
            raise _StoreFailure(
                f"{self.max_in_flight} earlier calls still running (store hung?); not waiting"
            )
        future: Future[T] = Future()

        def run() -> None:
            try:
                future.set_result(action())
            except BaseException as error:
                future.set_exception(error)
            finally:
                slots.release()

        try:
            threading.Thread(target=run, name="skill.persistence", daemon=True).start()
        except BaseException:
            slots.release()
            raise
        try:
            return future.result(timeout=self.timeout_seconds)
        except FutureTimeout:
            raise _StoreFailure(f"timeout after {self.timeout_seconds} s") from None

    def _current_slots(self) -> threading.BoundedSemaphore:
        # After a fork (gunicorn workers from a preloaded app) the threads holding slots in
        # the parent do not exist in the child: start with a full set of slots.
        with self._slots_lock:
            if self._slots_pid != os.getpid():
                self._slots_pid = os.getpid()
                self._slots = threading.BoundedSemaphore(self.max_in_flight)
            return self._slots

    # -- logging -----------------------------------------------------------------------------
    def _log(self, operation: str, request_envelope: RequestEnvelope, error: BaseException) -> None:
        try:
            label = user_label(request_envelope)
            text = _describe(error)
            # Belt and braces: should a store's error message quote the key, the log line
            # still does not carry the user id.
            with contextlib.suppress(Exception):
                text = text.replace(user_key(request_envelope), "<user id>")
            logger.warning("store %s failed for user %s: %s", operation, label, text)
        except Exception:
            pass  # logging must not turn a lost resume into a failed request


def _describe(error: BaseException) -> str:
    """One short line saying what failed."""
    if isinstance(error, _StoreFailure):
        text = str(error)
    elif isinstance(error, FutureRecordError):
        text = f"record from a newer release ({error}); not resuming"
    elif isinstance(error, RecordError):
        text = f"unreadable record ({error}); not resuming"
    else:
        text = f"{type(error).__name__}: {error}"
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:297] + "..."
