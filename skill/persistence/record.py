"""What is stored per Alexa user, and how a stored record is checked before it is trusted.

Only five facts are kept: where the person left off, their program and practice time, how
many massages they completed and the date of last use. Nothing the person said and nothing
about their health is ever stored (certification policy for health-related skills).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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
_FIELDS = frozenset({"schema", "position", "practice_seconds", "completed", "last_used", "program"})
_PROGRAMS = frozenset(program.value for program in Program)


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

    def to_record(self) -> dict[str, Any]:
        """A JSON-able dict (also a valid DynamoDB item value: no floats). ``program`` is
        written only when the person chose one (an optional field within schema 1)."""
        record: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "position": self.position,
            "practice_seconds": self.practice_seconds,
            "completed": self.completed,
            "last_used": self.last_used.isoformat() if self.last_used else None,
        }
        if self.program is not None:
            record["program"] = self.program
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
            last_used=_date(data.get("last_used")),
            program=_program(data.get("program")),
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


def _date(value: object) -> datetime.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"last_used is not a date string: {_short(value)}")
    # fromisoformat alone would also take "20240101" or "2024-W01-1" (Python 3.11).
    if not _ISO_DATE.match(value):
        raise RecordError(f"last_used is not a YYYY-MM-DD date: {_short(value)}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"last_used is not a YYYY-MM-DD date: {_short(value)}") from None


def _short(value: object) -> str:
    # Error messages end up in logs: keep them short and on one line.
    text = repr(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:37] + "..."
