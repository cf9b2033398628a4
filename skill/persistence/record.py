"""What is stored per Alexa user, and how a stored record is checked before it is trusted.

Only these facts are kept: where the person left off, their program and practice time, how
many massages they completed, the date of last use, the dates on which they completed one
(their practice record, at most ``MAX_PRACTICE_DAYS``) and whether they said yes or no to the
offer of a reminder. Nothing the person said and nothing about their health is ever stored
(certification policy for health-related skills).
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from skill.habit import MAX_PRACTICE_DAYS
from skill.state import (
    MAX_PRACTICE_SECONDS,
    MIN_PRACTICE_SECONDS,
    PREPARATION,
    STEP_COUNT,
    Program,
)

# A record unused for this long is deleted (on the request path, and by `rueckenmassage
# purge`): after more than a year, resuming at step 4 helps nobody.
RETENTION_DAYS = 365
RETENTION = datetime.timedelta(days=RETENTION_DAYS)

# Bump when the stored shape changes; a release reads every version up to its own and refuses
# (without overwriting) records written by a newer release.
SCHEMA_VERSION = 1

# The closing (position 8) is never stored: a finished massage stores ``position=None``.
MIN_STORED_POSITION = PREPARATION
MAX_STORED_POSITION = STEP_COUNT

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELDS = frozenset(
    {
        "schema",
        "position",
        "practice_seconds",
        "completed",
        "last_used",
        "program",
        "practice_days",
        "reminder_offer",
    }
)
_PROGRAMS = frozenset(program.value for program in Program)
# The person's answer to the offer of a reminder after a completed massage: "declined" means
# never ask again, "accepted" that a reminder was set up (no need to offer one).
REMINDER_OFFER_ANSWERS = frozenset({"declined", "accepted"})


class RecordError(ValueError):
    """A stored record cannot be read: corrupt, of the wrong shape, or unparseable."""


class FutureRecordError(RecordError):
    """A record written by a newer release (schema above ``SCHEMA_VERSION``)."""


@dataclass(frozen=True)
class Progress:
    """Where one person left off. ``practice_seconds=None`` means the program's own time,
    ``program=None`` the skill's default program."""

    position: int | None = None
    practice_seconds: int | None = None
    completed: int = 0
    last_used: datetime.date | None = None
    program: str | None = None  # a ``Program`` value: "short", "normal", "long"
    # The days a massage was completed (the person's calendar day), ascending, each once.
    practice_days: tuple[datetime.date, ...] = ()
    reminder_offer: str | None = None  # one of REMINDER_OFFER_ANSWERS

    def __post_init__(self) -> None:
        # Refuse to build what could not be read back: a bad value fails at save time in the
        # caller's code, not later as an unreadable record.
        _check_optional_range(self.position, "position", MIN_STORED_POSITION, MAX_STORED_POSITION)
        _check_optional_range(
            self.practice_seconds, "practice_seconds", MIN_PRACTICE_SECONDS, MAX_PRACTICE_SECONDS
        )
        _check_completed(self.completed)
        if self.program is not None and not _is_program(self.program):
            raise RecordError(
                f"program must be None or one of {sorted(_PROGRAMS)}: {_short(self.program)}"
            )
        if self.last_used is not None and (
            not isinstance(self.last_used, datetime.date)
            or isinstance(self.last_used, datetime.datetime)
        ):
            raise RecordError(f"last_used must be a date, not {type(self.last_used).__name__}")
        _check_days(self.practice_days)
        if self.reminder_offer is not None and self.reminder_offer not in REMINDER_OFFER_ANSWERS:
            raise RecordError(f"reminder_offer must be None or one of "
                              f"{sorted(REMINDER_OFFER_ANSWERS)}: {_short(self.reminder_offer)}")

    def to_record(self) -> dict[str, Any]:
        """A JSON-able dict (also a valid DynamoDB item value: no floats). ``program``,
        ``practice_days`` and ``reminder_offer`` are written only when they hold something
        (optional fields within schema 1: records written before them read as they were)."""
        record: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "position": self.position,
            "practice_seconds": self.practice_seconds,
            "completed": self.completed,
            "last_used": self.last_used.isoformat() if self.last_used else None,
        }
        if self.program is not None:
            record["program"] = self.program
        if self.practice_days:
            record["practice_days"] = [day.isoformat() for day in self.practice_days]
        if self.reminder_offer is not None:
            record["reminder_offer"] = self.reminder_offer
        return record

    @classmethod
    def from_record(cls, data: object) -> Progress:
        """Check a stored record field by field; anything doubtful raises ``RecordError``.

        Unlike the session state (which falls back to defaults), a doubtful stored record is
        refused as a whole: the caller then neither resumes from it nor overwrites it.
        """
        if not isinstance(data, dict):
            raise RecordError(f"record is a {type(data).__name__}, not an object")
        if "schema" not in data:
            raise RecordError("record has no schema version")
        schema = _as_int(data["schema"], "schema")
        if schema > SCHEMA_VERSION:
            raise FutureRecordError(
                f"record has schema {schema}, newer than this release's {SCHEMA_VERSION}"
            )
        if schema < 1:
            raise RecordError(f"record has an invalid schema {schema}")
        unknown = set(data) - _FIELDS
        if unknown:
            # A same-version record never has more fields; extra ones mean it is not ours.
            raise RecordError(f"record has unknown fields: {', '.join(sorted(map(str, unknown)))}")
        position = _optional_int(data.get("position"), "position")
        practice = _optional_int(data.get("practice_seconds"), "practice_seconds")
        if "completed" not in data:
            raise RecordError("record has no completed count")
        completed = _as_int(data["completed"], "completed")
        return cls(
            position=position,
            practice_seconds=practice,
            completed=completed,
            last_used=_date(data.get("last_used"), "last_used"),
            program=_program(data.get("program")),
            practice_days=_days(data.get("practice_days")),
            reminder_offer=_offer(data.get("reminder_offer")),
        )


def _as_int(value: object, name: str) -> int:
    # bool is an int subclass: True must not pass as 1. DynamoDB returns every number as a
    # Decimal, so an integral Decimal is accepted as the int it was stored as.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    raise RecordError(f"{name} is not an integer: {_short(value)}")


def _optional_int(value: object, name: str) -> int | None:
    return None if value is None else _as_int(value, name)


def _check_optional_range(value: object, name: str, low: int, high: int) -> None:
    """``value`` must be None or a whole number (not a bool) from ``low`` to ``high``."""
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise RecordError(f"{name} must be None or {low}..{high}: {_short(value)}")


def _check_completed(completed: int) -> None:
    if not isinstance(completed, int) or isinstance(completed, bool) or completed < 0:
        raise RecordError(f"completed must be a non-negative integer: {_short(completed)}")


def _is_program(value: object) -> bool:
    return isinstance(value, str) and value in _PROGRAMS


def _program(value: object) -> str | None:
    if value is None or _is_program(value):
        return value  # type: ignore[return-value]
    raise RecordError(f"program is not one of {sorted(_PROGRAMS)}: {_short(value)}")


def _date(value: object, name: str) -> datetime.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{name} is not a date string: {_short(value)}")
    # fromisoformat alone would also take "20240101" or "2024-W01-1" (Python 3.11).
    if not _ISO_DATE.match(value):
        raise RecordError(f"{name} is not a YYYY-MM-DD date: {_short(value)}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"{name} is not a YYYY-MM-DD date: {_short(value)}") from None


def _days(value: object) -> tuple[datetime.date, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RecordError(f"practice_days is not a list: {_short(value)}")
    if len(value) > MAX_PRACTICE_DAYS:
        raise RecordError(f"practice_days has {len(value)} dates, more than {MAX_PRACTICE_DAYS}")
    return tuple(_date(item, "practice_days") for item in value)  # type: ignore[misc]


def _check_days(days: object) -> None:
    """Dates only, ascending, each once, at most ``MAX_PRACTICE_DAYS``."""
    if not isinstance(days, tuple):
        raise RecordError(f"practice_days must be a tuple of dates: {_short(days)}")
    if len(days) > MAX_PRACTICE_DAYS:
        raise RecordError(f"practice_days has {len(days)} dates, more than {MAX_PRACTICE_DAYS}")
    for day in days:
        if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
            raise RecordError(f"practice_days holds a {type(day).__name__}, not a date")
    if any(later <= earlier for earlier, later in itertools.pairwise(days)):
        raise RecordError("practice_days must be ascending, each day once")


def _offer(value: object) -> str | None:
    if value is None or (isinstance(value, str) and value in REMINDER_OFFER_ANSWERS):
        return value  # type: ignore[return-value]
    raise RecordError(f"reminder_offer is not one of {sorted(REMINDER_OFFER_ANSWERS)}: "
                      f"{_short(value)}")


def _short(value: object) -> str:
    # Error messages end up in logs: keep them short and on one line.
    text = repr(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:37] + "..."
