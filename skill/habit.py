"""The practice record: on which days a person completed a massage, and what that adds up to.

Only dates are kept (never anything about how it went), at most ``MAX_PRACTICE_DAYS`` of them,
one per day. Everything here is pure: "today" is always passed in, so tests freeze dates by
giving them.

Which day is "today": the request's timestamp (UTC) in the time zone of the skill's markets,
``Europe/Berlin``. The skill is published in Germany, Austria and Switzerland only
(``skill.json``), and Berlin, Vienna and Zurich have had the same zone rules since 1980, so
this is the person's own date for everyone at home in those markets. The Alexa Settings API
could tell a device's zone, but it would cost a network call on every session that counts a
practice, for a date that differs only for travellers near midnight.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

# About three months of daily practice: enough for this week, last week and long streaks,
# little enough that the record stays small (each date is 10 characters).
MAX_PRACTICE_DAYS = 100
MARKET_TIME_ZONE = "Europe/Berlin"
# A streak or a week is worth mentioning at launch from this many days on (never a reproach
# below it: nothing is said then).
ENCOURAGING_DAYS = 2


@cache
def _market_zone() -> datetime.tzinfo:
    # zoneinfo loads on first use: a cold start that never needs a date does not pay for it.
    from zoneinfo import ZoneInfo

    return ZoneInfo(MARKET_TIME_ZONE)


def local_now(unix_seconds: int) -> datetime.datetime:
    """The wall-clock time of the markets' zone at ``unix_seconds``."""
    utc = datetime.datetime.fromtimestamp(unix_seconds, datetime.timezone.utc)
    return utc.astimezone(_market_zone())


def local_day(unix_seconds: int) -> datetime.date:
    return local_now(unix_seconds).date()


def with_day(days: Iterable[datetime.date], day: datetime.date) -> tuple[datetime.date, ...]:
    """``days`` with ``day`` added: sorted, each day once, only the newest ``MAX_PRACTICE_DAYS``."""
    return tuple(sorted(set(days) | {day})[-MAX_PRACTICE_DAYS:])


@dataclass(frozen=True)
class PracticeSummary:
    """What the record says on ``today``: days practised this week (Monday to Sunday), the
    streak of consecutive days that ends today or yesterday, and whether today is one."""

    this_week: int = 0
    streak: int = 0
    today: bool = False

    @property
    def encouraging(self) -> bool:
        return self.this_week >= ENCOURAGING_DAYS or self.streak >= ENCOURAGING_DAYS

    def practised_today(self) -> PracticeSummary:
        """The summary after one more massage today (a second one the same day adds nothing)."""
        if self.today:
            return self
        return PracticeSummary(this_week=self.this_week + 1, streak=self.streak + 1, today=True)


def summarise(days: Iterable[datetime.date], today: datetime.date) -> PracticeSummary:
    """The summary of ``days`` as seen on ``today`` (days after today are ignored)."""
    known = {day for day in days if day <= today}
    monday = today - datetime.timedelta(days=today.weekday())
    this_week = sum(1 for day in known if day >= monday)
    practised_today = today in known
    day = today if practised_today else today - datetime.timedelta(days=1)
    streak = 0
    while day in known:
        streak += 1
        day -= datetime.timedelta(days=1)
    return PracticeSummary(this_week=this_week, streak=streak, today=practised_today)
