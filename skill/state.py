"""The conversation's state: a small, pure model kept in the session attributes.

It knows nothing of the ASK SDK. ``from_attributes`` validates whatever a request carries:
a tampered or stale value (step 99, a string where a number belongs, a missing key) is replaced
by its safe default, field by field, and never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from enum import Enum
from typing import Any

from skill.habit import MAX_PRACTICE_DAYS, PracticeSummary
from skill.reminder_spec import valid_reminder_ref
from skill.state_enums import Pending, Program, ReminderOffer, Said

# The one session-attribute key the state lives under (written and read only here).
SESSION_KEY = "rueckenmassage"
SCHEMA_VERSION = 2

STEP_COUNT = 7
PREPARATION = 0  # position of the preparation; steps are 1..7
CLOSING = STEP_COUNT + 1  # position of the closing words

MIN_PRACTICE_SECONDS = 10
MAX_PRACTICE_SECONDS = 120  # one response's practice stays within about two minutes
MAX_COMPLETED = 1_000_000
PRACTICE_STEP_SECONDS = 15  # "längere Übungszeit" / "kürzere Übungszeit" change it by this much
MAX_TURN = 100_000  # the turn counter wraps here (it only picks phrasings)
MAX_SEED = 0xFFFF
ALL_STEPS = (1 << STEP_COUNT) - 1  # ``steps_done`` with every step guided


def clamp_practice_seconds(seconds: int) -> int:
    return max(MIN_PRACTICE_SECONDS, min(MAX_PRACTICE_SECONDS, seconds))


def step_bit(number: int) -> int:
    return 1 << (number - 1)


@dataclass(frozen=True)
class ConversationState:
    """Where the person is and what was said last.

    ``position`` is ``None`` before the guide starts, ``0`` for the preparation, ``1..7`` for the
    steps and ``8`` for the closing.
    """

    position: int | None = None
    program: Program | None = None  # None: the content's default program
    practice_seconds: int | None = None  # the person's own practice time; None: the program's
    pending: Pending = Pending.NONE
    said: Said = Said.NOTHING
    said_ref: str = ""  # the content id of the FAQ or tip said last (see ``Said``)
    paused: bool = False
    pain_hold: bool = False  # the guide does not go on by itself after a pain report
    tips_heard: int = 0  # bit i: the content's tip i was given in this session
    steps_done: int = 0  # bit n-1: step n was guided (this session, or before a resume)
    resumable: int | None = None  # a stored position offered at launch (persistence)
    completed: int = 0  # massages finished so far (persistence)
    # True only once this session read the stored progress successfully (or found none):
    # progress that could not be read is never overwritten.
    store_ok: bool = False
    turn: int = 0  # answers given so far in this session: with ``seed``, picks the phrasing
    seed: int = 0  # from the session id, so that each session sounds a little different
    # When the practice of the section at ``position`` will have been spoken to its end (Unix
    # time, from the request's timestamp and the answer's length; 0: not known), and whether
    # a later request came after that: the person heard it through, nobody interrupted.
    practice_end: int = 0
    heard_through: bool = False
    clock: int = 0  # this request's time (Unix seconds; 0: not known)
    # The practice record as the store held it when the session began (days this week, the
    # streak, whether today counts), plus a massage completed in this session.
    week_days: int = 0
    streak: int = 0
    practised_today: bool = False
    # Reminders: the stored answer to the offer, whether this request can reach the
    # Reminders API at all (set for every request from its envelope), and a reminder the
    # answer is about ("1900-daily", see skill/reminder_spec.py: the one being set up while
    # "Um wie viel Uhr?" is open, or the ones said last, for "wiederholen").
    reminder_offer: ReminderOffer = ReminderOffer.NONE
    can_remind: bool = False
    reminder: str = ""

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

    @property
    def all_steps_done(self) -> bool:
        return self.steps_done & ALL_STEPS == ALL_STEPS

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

    @property
    def section_done(self) -> bool:
        """The current section's practice was heard to its end: no pause, no pain report, and
        a request came after the practice ended (see ``observed``)."""
        return (
            self.position is not None
            and self.heard_through
            and not self.paused
            and not self.pain_hold
        )

    def resume_point(self) -> int | None:
        """Where a later session should go on: the next section once this one is done, the
        same one if it was interrupted; ``None`` when nothing is left to do."""
        if self.position is None:
            return self.resumable
        if self.position == CLOSING:
            return None
        if self.section_done:
            following = self.position + 1
            return following if following < CLOSING else None
        return self.position

    @property
    def practice(self) -> PracticeSummary:
        return PracticeSummary(self.week_days, self.streak, self.practised_today)

    def with_summary(self, summary: PracticeSummary) -> ConversationState:
        return replace(
            self, week_days=summary.this_week, streak=summary.streak, practised_today=summary.today
        )

    @property
    def may_offer_reminder(self) -> bool:
        """A reminder may be offered: the Reminders API is reachable from this request, the
        person never answered the offer, and their answer can be stored (a "nein" that could
        not be remembered would be asked again)."""
        return self.can_remind and self.store_ok and self.reminder_offer is ReminderOffer.NONE

    @property
    def completed_with_last_step(self) -> int:
        """Massages finished, counting the last step heard to its end with every step done
        (people often rest after it and let the session end without the closing words)."""
        last_step_done = self.position == STEP_COUNT and self.section_done
        return self.completed + 1 if last_step_done and self.all_steps_done else self.completed

    # -- transitions (all return a new state) -------------------------------------------------
    def at(self, position: int) -> ConversationState:
        if not PREPARATION <= position <= CLOSING:
            raise ValueError(f"position out of range: {position}")
        finishing = position == CLOSING and self.position != CLOSING and self.all_steps_done
        steps_done = self.steps_done
        if 1 <= position <= STEP_COUNT:
            steps_done |= step_bit(position)
        practice = self.practice.practised_today() if finishing else self.practice
        return replace(
            self.with_summary(practice),
            position=position,
            completed=self.completed + 1 if finishing else self.completed,
            paused=False,
            pain_hold=False,
            said=Said.STEP,
            said_ref="",
            resumable=None,
            steps_done=steps_done,
            practice_end=0,
            heard_through=False,
        )

    def saying(
        self, said: Said, ref: str = "", pending: Pending = Pending.NONE
    ) -> ConversationState:
        return replace(self, said=said, said_ref=ref, pending=pending)

    def asking(self, pending: Pending) -> ConversationState:
        return replace(self, pending=pending)

    def with_practice(self, seconds: int | None) -> ConversationState:
        return replace(
            self, practice_seconds=None if seconds is None else clamp_practice_seconds(seconds)
        )

    def with_changes(self, **changes: Any) -> ConversationState:
        return replace(self, **changes)

    def observed(self, now: int) -> ConversationState:
        """The state as a request at Unix time ``now`` finds it: a request after the end of
        the practice means the person heard the section through."""
        if self.heard_through or not 0 < self.practice_end <= now:
            return replace(self, clock=now)
        return replace(self, heard_through=True, clock=now)

    def spoken(self) -> ConversationState:
        """The state after one more answer (the next answer picks its phrasings anew)."""
        return replace(self, turn=(self.turn + 1) % MAX_TURN)

    # -- (de)serialisation ---------------------------------------------------------------------
    def to_attributes(self) -> dict[str, Any]:
        # Field by field rather than dataclasses.asdict, which deep-copies every value: this
        # runs on every request.
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        data["pending"] = self.pending.value
        data["said"] = self.said.value
        data["program"] = self.program.value if self.program is not None else None
        data["reminder_offer"] = self.reminder_offer.value
        data["version"] = SCHEMA_VERSION
        return data

    @classmethod
    def from_attributes(cls, data: object) -> ConversationState:
        """Validate a session-attribute value; every bad field falls back to its default."""
        if not isinstance(data, dict):
            return cls()
        return cls(
            position=_position(data.get("position")),
            program=_enum(Program, data.get("program"), None),
            practice_seconds=_practice(data.get("practice_seconds")),
            pending=_enum(Pending, data.get("pending"), Pending.NONE),
            said=_enum(Said, data.get("said"), Said.NOTHING),
            said_ref=_short_id(data.get("said_ref")),
            paused=data.get("paused") is True,
            pain_hold=data.get("pain_hold") is True,
            tips_heard=_int_in(data.get("tips_heard"), 0, 2**32 - 1, 0),
            steps_done=_int_in(data.get("steps_done"), 0, ALL_STEPS, 0),
            resumable=_stored_position(data.get("resumable")),
            completed=_int_in(data.get("completed"), 0, MAX_COMPLETED, 0),
            store_ok=data.get("store_ok") is True,
            turn=_int_in(data.get("turn"), 0, MAX_TURN - 1, 0),
            seed=_int_in(data.get("seed"), 0, MAX_SEED, 0),
            practice_end=_int_in(data.get("practice_end"), 0, 2**40, 0),
            heard_through=data.get("heard_through") is True,
            clock=_int_in(data.get("clock"), 0, 2**40, 0),
            week_days=_int_in(data.get("week_days"), 0, 7, 0),
            streak=_int_in(data.get("streak"), 0, MAX_PRACTICE_DAYS, 0),
            practised_today=data.get("practised_today") is True,
            reminder_offer=_enum(ReminderOffer, data.get("reminder_offer"), ReminderOffer.NONE),
            can_remind=data.get("can_remind") is True,
            reminder=_reminder(data.get("reminder")),
        )


_FIELD_NAMES = tuple(field.name for field in fields(ConversationState))


def _is_int(value: object) -> bool:
    # bool is an int subclass; True must not pass as step 1.
    return isinstance(value, int) and not isinstance(value, bool)


def _int_in(value: object, low: int, high: int, default: int) -> int:
    return value if _is_int(value) and low <= value <= high else default  # type: ignore[return-value]


def _position(value: object) -> int | None:
    return value if _is_int(value) and PREPARATION <= value <= CLOSING else None  # type: ignore[return-value]


def _stored_position(value: object) -> int | None:
    # Only what a stored record can hold (the closing is never stored): a resumable 8 would
    # be offered, then refused by the store on every turn.
    return value if _is_int(value) and PREPARATION <= value <= STEP_COUNT else None  # type: ignore[return-value]


def _practice(value: object) -> int | None:
    if not _is_int(value):
        return None
    return clamp_practice_seconds(value)  # type: ignore[arg-type]


def _reminder(value: object) -> str:
    return value if isinstance(value, str) and valid_reminder_ref(value) else ""


def _enum(kind: type[Enum], value: object, default: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        return default


# A content id ("aids", "long_strokes"), optionally with a sub-id ("when_not.pregnancy").
_REF = re.compile(r"[a-z][a-z_]{0,39}(?:\.[a-z][a-z_]{0,39})?")


def _short_id(value: object) -> str:
    return value if isinstance(value, str) and _REF.fullmatch(value) else ""
