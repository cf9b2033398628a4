"""The gentle record of practice: the dates of completed massages (nothing else), what they add
up to (this week, the streak) with frozen dates across weeks and the year's end, what the skill
says about them (encouragement at launch, never a reproach; "Wie oft habe ich schon
massiert?"), the bound on its size, and its deletion."""

from __future__ import annotations

import datetime
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_model import Context, RequestEnvelope, User
from ask_sdk_model.interfaces.system import SystemState
from skill_checks import assert_valid_response, speech_of

from skill import intents
from skill.builder import create_handler
from skill.chat import envelopes as env
from skill.habit import MAX_PRACTICE_DAYS, local_day, summarise, with_day
from skill.persistence import Progress, ProgressStore, SqliteAdapter
from skill.settings import Settings
from skill.state import ALL_STEPS, CLOSING, SESSION_KEY, ConversationState, Pending

D = datetime.date
UTC = datetime.timezone.utc


def days(*isoformats: str) -> tuple[D, ...]:
    return tuple(D.fromisoformat(text) for text in isoformats)


# -- what the dates add up to (pure) ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("practised", "today", "this_week", "streak", "today_counts"),
    [
        # Fri, Sat, Sun, Mon: the week starts again on Monday, the streak goes on.
        (days("2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"), D(2026, 3, 2), 1, 4, True),
        # Mon, Wed, Sun of one week, seen on that Sunday.
        (days("2026-02-23", "2026-02-25", "2026-03-01"), D(2026, 3, 1), 3, 1, True),
        # Yesterday counts for the streak while today is still open.
        (days("2026-02-28", "2026-03-01"), D(2026, 3, 2), 0, 2, False),
        # Two days ago: the streak is over; last week's days are not this week's.
        (days("2026-02-26", "2026-02-27", "2026-02-28"), D(2026, 3, 2), 0, 0, False),
        # The year's end: Monday 28 December to Saturday 2 January are one week, one streak.
        (days("2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01",
              "2027-01-02"), D(2027, 1, 2), 6, 6, True),
        # ... and on Monday 4 January a new week begins; Sunday was missed, the streak is over.
        (days("2026-12-31", "2027-01-01", "2027-01-02"), D(2027, 1, 4), 0, 0, False),
        # Days after "today" (a clock that was wrong) are not counted.
        (days("2026-03-01", "2026-03-05"), D(2026, 3, 2), 0, 1, False),
        ((), D(2026, 3, 2), 0, 0, False),
    ],
)  # fmt: skip
def test_this_week_and_the_streak(practised, today, this_week, streak, today_counts) -> None:
    summary = summarise(practised, today)
    assert (summary.this_week, summary.streak, summary.today) == (this_week, streak, today_counts)


def test_a_massage_today_counts_once_however_many() -> None:
    summary = summarise(days("2026-03-01"), D(2026, 3, 2))
    once = summary.practised_today()
    assert (once.this_week, once.streak, once.today) == (1, 2, True)
    assert once.practised_today() == once


def test_the_record_is_sorted_each_day_once_and_bounded() -> None:
    record: tuple[D, ...] = ()
    start = D(2026, 1, 1)
    for offset in range(MAX_PRACTICE_DAYS + 30):
        record = with_day(record, start + datetime.timedelta(days=offset))
        record = with_day(record, start + datetime.timedelta(days=offset))  # twice a day
    assert len(record) == MAX_PRACTICE_DAYS
    assert record == tuple(sorted(set(record)))
    assert record[-1] == start + datetime.timedelta(days=MAX_PRACTICE_DAYS + 29)  # newest kept


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC), D(2027, 1, 1)),  # CET, +1
        (datetime.datetime(2026, 6, 30, 22, 30, tzinfo=UTC), D(2026, 7, 1)),  # CEST, +2
        (datetime.datetime(2026, 6, 30, 21, 30, tzinfo=UTC), D(2026, 6, 30)),
    ],
)
def test_the_day_is_the_persons_day_in_the_markets_zone(utc, day) -> None:
    assert local_day(int(utc.timestamp())) == day


# -- through the skill, with a real SQLite file ---------------------------------------------------
@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "progress.db"


@pytest.fixture
def skill(db: Path) -> Any:
    return create_handler(Settings(), ProgressStore(SqliteAdapter(db)))


def at(day: str, hour: int = 18) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def launch(skill: Any, when: datetime.datetime) -> dict[str, Any]:
    response = skill(env.launch_request(now=when), None)
    assert_valid_response(response)
    return response


def complete_on(skill: Any, day: str) -> None:
    """A session on ``day`` that ends with the closing of a completed massage."""
    started = launch(skill, at(day))
    state = ConversationState.from_attributes(started["sessionAttributes"][SESSION_KEY])
    last = state.with_changes(steps_done=ALL_STEPS).at(CLOSING - 1).asking(Pending.CONTINUE)
    envelope = env.intent_request(
        intents.NEXT, session_attributes={SESSION_KEY: last.to_attributes()}, now=at(day)
    )
    assert_valid_response(skill(envelope, None))


def stored(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as connection:
        (record,) = connection.execute("SELECT record FROM progress").fetchone()
    return json.loads(record)  # type: ignore[no-any-return]


def record_lines(words: Any, text: str) -> list[str]:
    keys = ("record.encourage_week", "record.encourage_streak", "record.none", "record.total")
    return [key for key in keys if words.said_any(key, text)]


def test_completed_massages_store_their_dates_only(skill, db) -> None:
    for day in ("2026-03-02", "2026-03-02", "2026-03-04"):
        complete_on(skill, day)
    record = stored(db)
    assert record["practice_days"] == ["2026-03-02", "2026-03-04"]
    assert record["completed"] == 3
    assert set(record) <= {"schema", "position", "practice_seconds", "completed", "last_used",
                           "program", "practice_days", "reminder_offer"}  # fmt: skip


def test_three_days_this_week_are_mentioned_at_launch(skill, words) -> None:
    for day in ("2026-03-02", "2026-03-04", "2026-03-06"):  # Monday, Wednesday, Friday
        complete_on(skill, day)
    text = speech_of(launch(skill, at("2026-03-07")))  # Saturday
    assert words.said("record.encourage_week", text, times="dreimal")


def test_a_streak_is_mentioned_at_launch(skill, words) -> None:
    for day in ("2026-12-30", "2026-12-31", "2027-01-01"):
        complete_on(skill, day)
    text = speech_of(launch(skill, at("2027-01-02")))
    assert words.said("record.encourage_streak", text, count=3)


@pytest.mark.parametrize(
    ("practised", "launched"),
    [
        (("2026-02-26",), "2026-03-09"),  # long ago
        (("2026-03-05", "2026-03-07"), "2026-03-10"),  # last week, and no streak
        (("2026-03-09",), "2026-03-10"),  # one day only: nothing to praise yet, nothing to blame
    ],
)
def test_nothing_is_said_when_there_is_nothing_encouraging(skill, words, practised, launched):
    for day in practised:
        complete_on(skill, day)
    assert record_lines(words, speech_of(launch(skill, at(launched)))) == []


def ask_record(skill: Any, when: datetime.datetime) -> str:
    response = skill(env.intent_request(intents.PRACTICE_RECORD, new=True, now=when), None)
    assert_valid_response(response)
    return speech_of(response)


def test_wie_oft_habe_ich_schon_massiert(skill, words) -> None:
    assert words.said("record.none", ask_record(skill, at("2026-03-02")))
    for day in ("2026-02-27", "2026-02-28", "2026-03-02", "2026-03-03", "2026-03-03"):
        complete_on(skill, day)
    text = ask_record(skill, at("2026-03-04"))
    assert words.said("record.total", text, times="fünfmal")
    assert words.said("record.this_week", text, times="zweimal")  # Monday and Tuesday
    assert words.said("record.streak", text, count=2)


def test_the_stored_record_keeps_only_the_newest_days(skill, db) -> None:
    many = tuple(D(2025, 11, 1) + datetime.timedelta(days=n) for n in range(MAX_PRACTICE_DAYS))
    user = RequestEnvelope(context=Context(system=SystemState(user=User(env.DEFAULT_USER_ID))))
    full = Progress(completed=MAX_PRACTICE_DAYS, practice_days=many)
    SqliteAdapter(db).save_attributes(user, full.to_record())  # a full record, stored before
    complete_on(skill, "2026-03-02")
    record = stored(db)
    assert len(record["practice_days"]) == MAX_PRACTICE_DAYS
    assert record["practice_days"][-1] == "2026-03-02"
    assert record["practice_days"][0] == many[1].isoformat()  # the oldest went
    assert record["completed"] == MAX_PRACTICE_DAYS + 1


def test_deleting_my_data_deletes_the_record(skill, db, words) -> None:
    complete_on(skill, "2026-03-02")
    asked = skill(env.intent_request(intents.DELETE_DATA, new=True), None)
    yes = env.intent_request(intents.YES, session_attributes=asked["sessionAttributes"])
    assert words.said("data.deleted", speech_of(skill(yes, None)))
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM progress").fetchone() == (0,)


def test_disabling_the_skill_deletes_the_record(skill, db) -> None:
    complete_on(skill, "2026-03-02")
    skill(env.skill_event("AlexaSkillEvent.SkillDisabled"), None)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM progress").fetchone() == (0,)
