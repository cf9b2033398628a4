"""``ProgressStore``: the skill's only door to storage. It never raises and never hangs.

Whatever the store does (refuses connections, is locked or slow, holds a corrupt record or one
written by a newer release), ``load``, ``save`` and ``delete`` return within the store's own
time budget, log exactly one line on logger ``skill.persistence`` when something failed, and
the skill answers normally: only resuming is lost.

Each call runs in the caller's thread. The time bound comes from the stores themselves
(SQLite's busy timeout and retries, boto3's connect and read timeouts, see their modules), so
what a call reports is what happened: a save reported as failed has not been written, and no
thread left behind can still write it later. (An earlier design waited on a helper thread for
at most 2 s and then abandoned it, and the abandoned write could land afterwards.)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.habit import with_day
from skill.persistence.keys import user_key, user_label
from skill.persistence.record import RETENTION, FutureRecordError, Progress, RecordError

logger = logging.getLogger("skill.persistence")


def utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.timezone.utc).date()


@dataclass(frozen=True)
class LoadResult:
    """What ``load`` found.

    ``readable=True, progress=None``: the person has no stored progress (new, deleted, or
    unused for longer than the retention time).
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
    """Never-raising access to an ASK SDK persistence adapter whose calls are time-bounded.

    ``save`` stamps ``last_used`` with today's UTC date (the caller need not), and refuses to
    overwrite a stored record it cannot read. With SQLite the check and the write are one
    transaction; other stores read first and then write, which is safe because the only
    writers of records are releases of this skill.

    ``load`` deletes a record unused for longer than ``retention`` and reports none.
    """

    def __init__(
        self,
        adapter: AbstractPersistenceAdapter,
        *,
        today: Callable[[], datetime.date] = utc_today,
        retention: datetime.timedelta = RETENTION,
    ) -> None:
        self.adapter = adapter
        self.retention = retention
        self._today = today

    # -- public API --------------------------------------------------------------------------
    def load(self, request_envelope: RequestEnvelope) -> LoadResult:
        """The person's stored progress; never raises."""
        try:
            data = self.adapter.get_attributes(request_envelope)
            if not data:  # {} (or None from a lax adapter): nothing stored
                return LoadResult(progress=None, readable=True)
            progress = Progress.from_record(data)
        except Exception as error:
            self._log("load", request_envelope, error)
            return LoadResult(progress=None, readable=False)
        if progress.last_used is not None and self._today() - progress.last_used > self.retention:
            # Unused past the retention time: gone, as if the person were new.
            if not self.delete(request_envelope):
                return LoadResult(progress=None, readable=False)
            return LoadResult(progress=None, readable=True)
        return LoadResult(progress=progress, readable=True)

    def save(
        self,
        request_envelope: RequestEnvelope,
        progress: Progress,
        *,
        practised_on: datetime.date | None = None,
    ) -> bool:
        """Store ``progress`` (with ``last_used`` = today, UTC); True when it was written.

        The practice record is the store's, not the session's: the stored ``practice_days``
        are kept, with ``practised_on`` added when given; a stored answer to the reminder offer
        is kept unless ``progress`` has one. False (and one log line) when the store failed or
        ran out of time, or when the stored record cannot be read and so is left as it is.
        """
        try:
            stamped = dataclasses.replace(progress, last_used=self._today())

            def merged(current: dict[str, Any] | None) -> dict[str, Any]:
                stored = Progress.from_record(current) if current else None
                days = stored.practice_days if stored is not None else ()
                if practised_on is not None:
                    days = with_day(days, practised_on)
                offer = stamped.reminder_offer or (stored.reminder_offer if stored else None)
                return dataclasses.replace(
                    stamped, practice_days=days, reminder_offer=offer
                ).to_record()

            replace_merged = getattr(self.adapter, "replace_merged", None)
            try:
                if replace_merged is not None:
                    replace_merged(request_envelope, merged)
                else:
                    current = self.adapter.get_attributes(request_envelope)
                    self.adapter.save_attributes(request_envelope, merged(current or None))
            except RecordError as error:  # the stored record, read before writing
                raise _not_overwriting(error) from None
            return True
        except Exception as error:
            self._log("save", request_envelope, error)
            return False

    def delete(self, request_envelope: RequestEnvelope) -> bool:
        """Remove everything stored for the person, readable or not; True when done."""
        try:
            self.adapter.delete_attributes(request_envelope)
            return True
        except Exception as error:
            self._log("delete", request_envelope, error)
            return False

    def purge_unused(self) -> int:
        """Delete every record unused for longer than the retention time; how many went.

        Raises (with a one-line message) when the store cannot do it: this is a command, not
        the request path.
        """
        purge = getattr(self.adapter, "purge_unused", None)
        if purge is None:
            raise _StoreFailure(f"{type(self.adapter).__name__} cannot purge old records")
        return int(purge(self.retention))

    def health(self) -> str:
        """``"ok"`` when the store answers, else a short reason (for ``/healthz``)."""
        check = getattr(self.adapter, "check_health", None)
        if check is None:
            return "ok"
        try:
            check()
        except Exception as error:
            return _describe(error)
        return "ok"

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


def _not_overwriting(error: RecordError) -> _StoreFailure:
    kind = "from a newer release" if isinstance(error, FutureRecordError) else "unreadable"
    return _StoreFailure(f"stored record {kind} ({error}); not overwriting it")


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
