"""A reminder as the skill understands it: the RRULE it writes and reads back, the short
reference kept in the state and the consent token, the slots it is read from."""

from __future__ import annotations

import datetime

import pytest

from skill.reminder_spec import (
    EVERY_DAY,
    WORKDAYS,
    ReminderSpec,
    consent_token,
    days_of,
    read_token,
    rounded_time,
    specs_of,
    time_of,
    valid_reminder_ref,
)

SPECS = [
    ReminderSpec(19, 0),
    ReminderSpec(7, 30, WORKDAYS),
    ReminderSpec(8, 0, frozenset({"MO", "TH"})),
    ReminderSpec(0, 5, frozenset({"SU"})),
    ReminderSpec(23, 59, frozenset({"SA", "SU"})),
]


@pytest.mark.parametrize("spec", SPECS)
def test_rule_and_reference_read_back_as_written(spec: ReminderSpec) -> None:
    assert ReminderSpec.from_rrule(spec.rrule) == spec
    assert ReminderSpec.from_ref(spec.ref) == spec
    assert read_token(consent_token("offer", spec)) == ("offer", spec)


def test_the_rules_amazon_documents() -> None:
    assert ReminderSpec(19, 0).rrule == "FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0;INTERVAL=1"
    assert ReminderSpec(7, 0, WORKDAYS).rrule == (
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7;BYMINUTE=0;BYSECOND=0;INTERVAL=1"
    )


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0;INTERVAL=2",  # every other day
        "FREQ=MONTHLY;BYHOUR=19",
        "FREQ=WEEKLY;BYDAY=XX;BYHOUR=19",
        "FREQ=DAILY;BYHOUR=25",
        "FREQ=DAILY",
        "not a rule",
        "",
        None,
        "FREQ=DAILY;BYHOUR=19;" * 40,
    ],
)
def test_rules_the_skill_does_not_write_are_not_taken_for_its_own(rule: object) -> None:
    assert ReminderSpec.from_rrule(rule) is None


@pytest.mark.parametrize(
    ("value", "time"),
    [("19:00", (19, 0)), ("08:30", (8, 30)), ("07:15:00", (7, 15)), ("EV", (19, 0)),
     ("mo", (8, 0)), ("24:00", None), ("19", None), ("", None), (None, None), ("XX", None)],
)  # fmt: skip
def test_amazon_time_values(value: str | None, time: tuple[int, int] | None) -> None:
    assert time_of(value) == time


def test_days_from_the_slots() -> None:
    assert days_of(["mo", "th", None]) == frozenset({"MO", "TH"})
    assert days_of(["weekdays", "sa"]) == WORKDAYS | {"SA"}
    assert days_of(["daily"]) == EVERY_DAY
    assert days_of([None, "nonsense"]) is None


@pytest.mark.parametrize(
    ("now", "rounded"),
    [("18:40", (18, 30)), ("18:45", (19, 0)), ("23:50", (0, 0)), ("07:14", (7, 0))],
)
def test_um_diese_zeit_is_the_nearest_half_hour(now: str, rounded: tuple[int, int]) -> None:
    assert rounded_time(datetime.datetime.fromisoformat(f"2026-03-02T{now}")) == rounded


def test_the_first_time_it_rings() -> None:
    monday_evening = datetime.datetime(2026, 3, 2, 19, 0)  # a Monday, exactly 19:00
    assert ReminderSpec(19, 0).first_after(monday_evening) == datetime.datetime(2026, 3, 3, 19)
    weekend = ReminderSpec(9, 0, frozenset({"SA", "SU"}))
    assert weekend.first_after(monday_evening) == datetime.datetime(2026, 3, 7, 9)
    new_year = datetime.datetime(2026, 12, 31, 22, 0)
    assert ReminderSpec(7, 0, WORKDAYS).first_after(new_year) == datetime.datetime(2027, 1, 1, 7)


@pytest.mark.parametrize(
    "token",
    ["", None, 7, "rueckenmassage-reminder:ask:", "rueckenmassage-reminder:hack:1900-daily",
     "rueckenmassage-reminder:ask:1960-daily", "other:ask:1900-daily",
     "rueckenmassage-reminder:ask:1900-daily:extra"],
)  # fmt: skip
def test_tokens_the_skill_did_not_make_are_refused(token: object) -> None:
    assert read_token(token) is None


def test_state_references_are_checked_when_read() -> None:
    assert valid_reminder_ref("1900-daily+0800-mo.th")
    assert not valid_reminder_ref("1900-daily+" * 3 + "0800-mo")  # more than three
    assert not valid_reminder_ref("1900-sometimes")
    assert specs_of("1900-daily+bad") == (ReminderSpec(19, 0),)


@pytest.mark.parametrize(
    ("hour", "minute", "days"), [(24, 0, EVERY_DAY), (7, 60, EVERY_DAY), (7, 0, frozenset())]
)
def test_impossible_specs_cannot_be_made(hour: int, minute: int, days: frozenset[str]) -> None:
    with pytest.raises(ValueError):
        ReminderSpec(hour, minute, days)


@pytest.mark.parametrize(
    ("value", "part", "time"),
    [("07:00", "EV", (19, 0)), ("07:30", "AF", (19, 30)), ("19:00", "EV", (19, 0)),
     ("08:00", "MO", (8, 0)), ("11:00", "NI", (23, 0)), ("02:00", "NI", (2, 0)),
     (None, "EV", (19, 0)), (None, "MO", (8, 0)), ("EV", None, (19, 0)), (None, None, None),
     ("07:00", "XX", (7, 0))],
)  # fmt: skip
def test_the_part_of_the_day_makes_the_hour(value, part, time) -> None:
    """ "jeden Abend um sieben": AMAZON.TIME says 07:00, the DayPart slot says evening."""
    assert time_of(value, part) == time
