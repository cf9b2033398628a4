"""The conversation's state: a small, pure model kept in the session attributes.

It knows nothing of the ASK SDK. ``from_attributes`` validates whatever a request carries:
a tampered or stale value (step 99, a string where a number belongs, a missing key) is replaced
by its safe default, field by field, and never raises.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from enum import Enum
from typing import Any

# The one session-attribute key the state lives under (written and read only here).
SESSION_KEY = "rueckenmassage"
SCHEMA_VERSION = 1

STEP_COUNT = 7
PREPARATION = 0  # position of the preparation; steps are 1..7
CLOSING = STEP_COUNT + 1  # position of the closing words

DEFAULT_PRACTICE_SECONDS = 30
MIN_PRACTICE_SECONDS = 10
MAX_PRACTICE_SECONDS = 120
MAX_COMPLETED = 1_000_000
PRACTICE_STEP_SECONDS = 15  # "längere Pausen" / "kürzere Pausen" change it by this much


class Pending(str, Enum):
    """What a following "ja" or "nein" answers."""

    NONE = "none"
    BEGIN = "begin"  # launch: "Möchten Sie beginnen?"
    ALTERNATIVES = "alternatives"  # after "nein" at launch: FAQ, tips or breathing?
    CONTINUE = "continue"  # after a step, an answer, a pause or pain: go on with the guide?
    TIPS = "tips"  # after the closing: "Möchten Sie die Tipps hören?"
    NEXT_TIP = "next_tip"  # after one tip: "Noch ein Tipp?"
    RESTART = "restart"  # after the closing: "Noch einmal von vorn?"
    RESUME_OR_RESTART = "resume_or_restart"  # welcome back: "dort weitermachen?"
    DELETE_DATA = "delete_data"  # "Sollen Ihre Daten gelöscht werden?"


class Said(str, Enum):
    """The kind of the last thing said, so "wiederholen" can say it again."""

    WELCOME = "welcome"
    STEP = "step"  # the guide at ``position``
    FAQ = "faq"
    TIP = "tip"
    ALL_TIPS = "all_tips"
    BREATHING = "breathing"
    HELP = "help"
    PAIN = "pain"
    INFO = "info"  # where-am-I, duration, practice time, pause: short answers
    NOTHING = "nothing"


def clamp_practice_seconds(seconds: int) -> int:
    return max(MIN_PRACTICE_SECONDS, min(MAX_PRACTICE_SECONDS, seconds))


@dataclass(frozen=True)
class ConversationState:
    """Where the person is and what was said last.

    ``position`` is ``None`` before the guide starts, ``0`` for the preparation, ``1..7`` for the
    steps and ``8`` for the closing.
    """

    position: int | None = None
    practice_seconds: int = DEFAULT_PRACTICE_SECONDS
    pending: Pending = Pending.NONE
    said: Said = Said.NOTHING
    said_ref: str = ""  # which FAQ ("faq_id" or "faq_id.condition_id") or tip was said last
    paused: bool = False
    pain_hold: bool = False  # the guide does not go on by itself after a pain report
    tip_index: int = 0  # the next tip to give one by one
    resumable: int | None = None  # a stored position offered at launch (persistence)
    completed: int = 0  # massages finished so far (persistence)
    # True only once this session read the stored progress successfully (or found none):
    # progress that could not be read is never overwritten.
    store_ok: bool = False

    # -- queries -----------------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self.position is not None

    @property
    def in_step(self) -> bool:
        return self.position is not None and 1 <= self.position <= STEP_COUNT

    @property
    def finished(self) -> bool:
        return self.position == CLOSING

    def continue_position(self) -> int | None:
        """Where "ja, weitermachen" leads: the same step after a pause or a pain report (it
        was interrupted), otherwise the next one."""
        if (self.paused or self.pain_hold) and self.position is not None:
            return self.position
        return self.next_position()

    def next_position(self) -> int | None:
        """Where "weiter" leads: the preparation first, ``None`` after the closing."""
        if self.position is None:
            return PREPARATION
        if self.position >= CLOSING:
            return None
        return self.position + 1

    # -- transitions (all return a new state) -------------------------------------------------
    def at(self, position: int) -> ConversationState:
        if not PREPARATION <= position <= CLOSING:
            raise ValueError(f"position out of range: {position}")
        finishing = position == CLOSING and self.position != CLOSING
        return replace(
            self,
            position=position,
            completed=self.completed + 1 if finishing else self.completed,
            paused=False,
            pain_hold=False,
            said=Said.STEP,
            said_ref="",
            resumable=None,
        )

    def saying(
        self, said: Said, ref: str = "", pending: Pending = Pending.NONE
    ) -> ConversationState:
        return replace(self, said=said, said_ref=ref, pending=pending)

    def asking(self, pending: Pending) -> ConversationState:
        return replace(self, pending=pending)

    def with_practice(self, seconds: int) -> ConversationState:
        return replace(self, practice_seconds=clamp_practice_seconds(seconds))

    def with_changes(self, **changes: Any) -> ConversationState:
        return replace(self, **changes)

    # -- (de)serialisation ---------------------------------------------------------------------
    def to_attributes(self) -> dict[str, Any]:
        data = asdict(self)
        data["pending"] = self.pending.value
        data["said"] = self.said.value
        data["version"] = SCHEMA_VERSION
        return data

    @classmethod
    def from_attributes(cls, data: object) -> ConversationState:
        """Validate a session-attribute value; every bad field falls back to its default."""
        if not isinstance(data, dict):
            return cls()
        default = cls()
        return cls(
            position=_position(data.get("position")),
            practice_seconds=_practice(data.get("practice_seconds"), default.practice_seconds),
            pending=_enum(Pending, data.get("pending"), default.pending),
            said=_enum(Said, data.get("said"), default.said),
            said_ref=_short_id(data.get("said_ref")),
            paused=data.get("paused") is True,
            pain_hold=data.get("pain_hold") is True,
            tip_index=_int_in(data.get("tip_index"), 0, 99, 0),
            resumable=_position(data.get("resumable")),
            completed=_int_in(data.get("completed"), 0, MAX_COMPLETED, 0),
            store_ok=data.get("store_ok") is True,
        )


def _is_int(value: object) -> bool:
    # bool is an int subclass; True must not pass as step 1.
    return isinstance(value, int) and not isinstance(value, bool)


def _int_in(value: object, low: int, high: int, default: int) -> int:
    return value if _is_int(value) and low <= value <= high else default  # type: ignore[return-value]


def _position(value: object) -> int | None:
    return value if _is_int(value) and PREPARATION <= value <= CLOSING else None  # type: ignore[return-value]


def _practice(value: object, default: int) -> int:
    if not _is_int(value):
        return default
    return clamp_practice_seconds(value)  # type: ignore[arg-type]


def _enum(kind: type[Enum], value: object, default: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        return default


# A content id ("aids", "long_strokes"), optionally with a sub-id ("when_not.pregnancy").
_REF = re.compile(r"[a-z][a-z_]{0,39}(?:\.[a-z][a-z_]{0,39})?")


def _short_id(value: object) -> str:
    return value if isinstance(value, str) and _REF.fullmatch(value) else ""
