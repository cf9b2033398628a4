"""A reminder as the skill understands it: a time of day and the days of the week, nothing else.

Pure: no SDK, no network. ``ReminderSpec`` turns into the Reminders API's recurrence rule
(RFC 5545 ``RRULE``) and back, into a short reference kept in the session state and in the
consent request's token (``ref``), and is read from the slots people fill ("um 19 Uhr",
"montags und donnerstags", "werktags").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

# RRULE day codes, Monday first (datetime.weekday() order).
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EVERY_DAY = frozenset(DAY_CODES)
WORKDAYS = frozenset(DAY_CODES[:5])
WEEKEND = frozenset(DAY_CODES[5:])

# Values of the ReminderDays slot (ids of the custom slot type) and the days they mean.
DAY_VALUES: dict[str, frozenset[str]] = {
    "daily": EVERY_DAY,
    "weekdays": WORKDAYS,
    "weekend": WEEKEND,
    **{code.lower(): frozenset({code}) for code in DAY_CODES},
}
# AMAZON.TIME says a part of the day when no time was named ("abends"); the hour it means.
DAY_PARTS = {"MO": 8, "AF": 15, "EV": 19, "NI": 21}
_LATER_PARTS = frozenset({"AF", "EV", "NI"})  # "sieben" in the evening is 19:00

_TIME = re.compile(r"^(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9])(?::[0-5][0-9])?$")
_DAYS = r"(?:daily|weekdays|weekend|(?:mo|tu|we|th|fr|sa|su)(?:\.(?:mo|tu|we|th|fr|sa|su)){0,5})"
_REF = re.compile(rf"^(?P<hour>[01][0-9]|2[0-3])(?P<minute>[0-5][0-9])-(?P<days>{_DAYS})$")
MAX_REFS = 3  # reminders remembered for "wiederholen" after a list (more are rare)
_RULE_PART = re.compile(r"^[A-Z]+=[A-Z0-9,]+$")


@dataclass(frozen=True)
class ReminderSpec:
    hour: int
    minute: int
    days: frozenset[str] = EVERY_DAY  # RRULE day codes, at least one

    def __post_init__(self) -> None:
        if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ValueError(f"not a time of day: {self.hour}:{self.minute}")
        if not self.days or not self.days <= EVERY_DAY:
            raise ValueError(f"not a set of weekdays: {sorted(self.days)}")

    @property
    def daily(self) -> bool:
        return self.days == EVERY_DAY

    @property
    def ordered_days(self) -> tuple[str, ...]:
        return tuple(code for code in DAY_CODES if code in self.days)

    def at(self, hour: int, minute: int) -> ReminderSpec:
        return ReminderSpec(hour, minute, self.days)

    def on(self, days: frozenset[str]) -> ReminderSpec:
        return ReminderSpec(self.hour, self.minute, days)

    # -- the Reminders API ---------------------------------------------------------------------
    @property
    def rrule(self) -> str:
        """ "FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0;INTERVAL=1", or FREQ=WEEKLY with BYDAY."""
        time = f"BYHOUR={self.hour};BYMINUTE={self.minute};BYSECOND=0;INTERVAL=1"
        if self.daily:
            return f"FREQ=DAILY;{time}"
        return f"FREQ=WEEKLY;BYDAY={','.join(self.ordered_days)};{time}"

    @classmethod
    def from_rrule(cls, rule: object) -> ReminderSpec | None:
        """The spec of a rule this skill wrote (any order of its parts); None for others."""
        if not isinstance(rule, str) or len(rule) > 200:
            return None
        parts = rule.strip().upper().split(";")
        if not all(_RULE_PART.match(part) for part in parts):
            return None
        fields = dict(part.split("=", 1) for part in parts)
        if fields.get("INTERVAL", "1") != "1" or fields.get("BYSECOND", "0") != "0":
            return None
        try:
            hour, minute = int(fields["BYHOUR"]), int(fields.get("BYMINUTE", "0"))
            if fields["FREQ"] == "DAILY" and "BYDAY" not in fields:
                return cls(hour, minute)
            if fields["FREQ"] == "WEEKLY":
                return cls(hour, minute, frozenset(fields["BYDAY"].split(",")))
        except (KeyError, ValueError):
            return None
        return None

    def first_after(self, now: datetime.datetime) -> datetime.datetime:
        """The first time it rings after ``now`` (naive wall-clock time)."""
        day = now.date()
        for _ in range(8):
            moment = datetime.datetime.combine(day, datetime.time(self.hour, self.minute))
            if moment > now and DAY_CODES[day.weekday()] in self.days:
                return moment
            day += datetime.timedelta(days=1)
        raise AssertionError("a week always has one of the days")  # pragma: no cover

    # -- the short reference ---------------------------------------------------------------------
    @property
    def ref(self) -> str:
        """ "1900-daily", "0800-mo.th", "0700-weekdays": for the state and the consent token."""
        return f"{self.hour:02d}{self.minute:02d}-{days_name(self.days)}"

    @classmethod
    def from_ref(cls, ref: object) -> ReminderSpec | None:
        match = _REF.match(ref) if isinstance(ref, str) else None
        if match is None:
            return None
        days = DAY_VALUES.get(match["days"])
        if days is None:
            days = frozenset(code.upper() for code in match["days"].split("."))
        return cls(int(match["hour"]), int(match["minute"]), days)


def days_name(days: frozenset[str]) -> str:
    """ "daily", "weekdays", "weekend", or the days' codes: "mo.th"."""
    named = {EVERY_DAY: "daily", WORKDAYS: "weekdays", WEEKEND: "weekend"}.get(days)
    return named or ".".join(code.lower() for code in DAY_CODES if code in days)


def valid_reminder_ref(value: str) -> bool:
    """A state value: "" or up to ``MAX_REFS`` references joined by "+"."""
    refs = value.split("+") if value else []
    return len(refs) <= MAX_REFS and all(_REF.match(ref) for ref in refs)


def joined_refs(specs: Iterable[ReminderSpec]) -> str:
    return "+".join(spec.ref for spec in list(specs)[:MAX_REFS])


def specs_of(value: str) -> tuple[ReminderSpec, ...]:
    found = (ReminderSpec.from_ref(ref) for ref in value.split("+")) if value else ()
    return tuple(spec for spec in found if spec is not None)


# -- slots ---------------------------------------------------------------------------------------
def time_of(slot_value: str | None, day_part: str | None = None) -> tuple[int, int] | None:
    """(hour, minute) from an AMAZON.TIME value ("19:00", "08:30", "EV") and the DayPart slot
    (its id "MO", "AF", "EV" or "NI": "jeden Abend um sieben" is 19:00, as Alexa itself reads
    "sieben Uhr abends"); a day part alone means its usual hour. None when no time is named."""
    value = (slot_value or "").strip().upper()
    part = (day_part or "").strip().upper()
    if value in DAY_PARTS:
        return DAY_PARTS[value], 0
    match = _TIME.match(value)
    if match is None:
        return (DAY_PARTS[part], 0) if part in DAY_PARTS else None
    hour, minute = int(match["hour"]), int(match["minute"])
    if part in _LATER_PARTS and hour < 12 and not (part == "NI" and hour < 5):
        hour += 12
    return hour, minute


def days_of(day_ids: Iterable[str | None]) -> frozenset[str] | None:
    """The days the ReminderDays slots name together ("montags" and "donnerstags"); None when
    none of them names a day."""
    days: set[str] = set()
    for day_id in day_ids:
        days |= DAY_VALUES.get(day_id or "", frozenset())
    return frozenset(days) or None


def rounded_time(now: datetime.datetime) -> tuple[int, int]:
    """The time of day of ``now`` on the nearest half hour: "um diese Zeit" for an offer."""
    minutes = (now.hour * 60 + now.minute + 15) // 30 * 30 % (24 * 60)
    return divmod(minutes, 60)


# -- the consent request's token -------------------------------------------------------------------
# What the reminder was for, carried through Alexa's consent dialog and back.
TOKEN_PREFIX = "rueckenmassage-reminder"
ORIGINS = ("ask", "offer", "change")
_TOKEN = re.compile(
    rf"^{TOKEN_PREFIX}:(?P<origin>{'|'.join(ORIGINS)}):(?P<ref>[0-9a-z.-]{{1,40}})$"
)


def consent_token(origin: str, spec: ReminderSpec) -> str:
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}")
    return f"{TOKEN_PREFIX}:{origin}:{spec.ref}"


def read_token(token: object) -> tuple[str, ReminderSpec] | None:
    """(origin, spec) of a token ``consent_token`` made; None for anything else."""
    match = _TOKEN.match(token) if isinstance(token, str) else None
    spec = ReminderSpec.from_ref(match["ref"]) if match else None
    return (match["origin"], spec) if match and spec else None
