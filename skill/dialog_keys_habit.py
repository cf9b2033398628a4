"""dialog.toml keys for reminders and the practice record, with the placeholders each may use.

Kept beside ``skill.content.DIALOG_KEYS`` (which includes them) so that the content loader
does not grow with every feature.
"""

from __future__ import annotations

_SCHEDULE = {"schedule"}
_TIMES = {"times"}

HABIT_DIALOG_KEYS: dict[str, dict[str, set[str]]] = {
    # Building blocks of "jeden Tag um neunzehn Uhr" / "montags und donnerstags um acht Uhr".
    "schedule": {
        "daily": set(),
        "weekdays": set(),
        "weekend": set(),
        "mo": set(),
        "tu": set(),
        "we": set(),
        "th": set(),
        "fr": set(),
        "sa": set(),
        "su": set(),
        "and": {"first", "last"},
        "hour_one": set(),
        "at_hour": {"hour"},
        "at_hour_minute": {"hour", "minute"},
        "combined": {"days", "time"},
    },
    "reminders": {
        "alert_text": set(),
        "offer": {"time"},
        "reprompt_offer": {"time"},
        "declined": set(),
        "ask_time": set(),
        "reprompt_time": set(),
        "consent_lead": set(),
        "set": _SCHEDULE,
        "already_set": _SCHEDULE,
        "changed": _SCHEDULE,
        "none": set(),
        "one": _SCHEDULE,
        "count": {"count"},
        "deleted": set(),
        "nothing_to_delete": set(),
        "nothing_to_change": set(),
        "no_permission": set(),
        "unavailable": set(),
        "refused": set(),
        "denied": set(),
        "not_answered": set(),
        "impossible": set(),
        "data_deleted_too": set(),
        "data_reminders_left": set(),
    },
    "record": {
        "times_one": set(),
        "times": {"count"},
        "none": set(),
        "total": _TIMES,
        "this_week": _TIMES,
        "streak": {"count"},
        "encourage_week": _TIMES,
        "encourage_streak": {"count"},
    },
}
