"""German times of day as AMAZON.TIME values, for the console and the model tests."""

from __future__ import annotations

import re

import pytest

from skill.chat.spoken_time import TIME, parse_time


@pytest.mark.parametrize(
    ("spoken", "value"),
    [
        ("neunzehn uhr", "19:00"),
        ("19 uhr", "19:00"),
        ("19 30", "19:30"),  # "19:30" as typed, punctuation gone
        ("acht uhr dreißig", "08:30"),
        ("sieben", "07:00"),
        ("sieben uhr abends", "19:00"),
        ("halb acht", "07:30"),
        ("halb acht abends", "19:30"),
        ("viertel nach sieben", "07:15"),
        ("viertel vor acht", "07:45"),
        ("dreiviertel acht", "07:45"),
        ("zehn nach sieben", "07:10"),
        ("fünf vor acht abends", "19:55"),
        ("halb eins", "00:30"),
        ("zwölf uhr", "12:00"),
        ("elf uhr nachts", "23:00"),
        ("zwei uhr nachts", "02:00"),
        ("sechs uhr in der früh", "06:00"),
        ("abends", "EV"),
        ("am abend", "EV"),
        ("morgens", "MO"),
    ],
)
def test_times_as_alexa_fills_them(spoken: str, value: str) -> None:
    assert parse_time(spoken) == value
    assert re.fullmatch(TIME, spoken)


@pytest.mark.parametrize(
    "spoken", ["", "uhr", "fünfundzwanzig uhr", "acht uhr siebzig", "halb", "dreißig nach acht",
               "montags", "acht uhr dreißig zehn"],
)  # fmt: skip
def test_what_is_no_time_of_day(spoken: str) -> None:
    assert parse_time(spoken) is None
