"""AMAZON.TIME for the console: "neunzehn uhr", "acht uhr dreißig", "19 uhr", "abends".

Values as Alexa sends them: "19:00", "08:30", or a part of the day ("MO", "AF", "EV", "NI").
Like Alexa, a bare "acht" is read as 08:00; "acht uhr abends" is 20:00.
"""

from __future__ import annotations

from collections.abc import Callable

DAY_PARTS = {
    "morgens": "MO",
    "früh": "MO",
    "vormittags": "MO",
    "nachmittags": "AF",
    "abends": "EV",
    "nachts": "NI",
}
_LATER = frozenset({"nachmittags", "abends", "nachts"})


def time_regex(number: str) -> str:
    part = "|".join(DAY_PARTS)
    return rf"(?:(?:{number})(?:\s+uhr)?(?:\s+(?:{number}))?(?:\s+(?:{part}))?|(?:{part}))"


def parse_time(text: str, parse_number: Callable[[str], int | None]) -> str | None:
    tokens = text.split()
    if len(tokens) == 1 and tokens[0] in DAY_PARTS:
        return DAY_PARTS[tokens[0]]
    hour = parse_number(tokens[0]) if tokens else None
    rest, minute = tokens[1:], 0
    if rest and rest[0] == "uhr":
        rest = rest[1:]
    if rest and parse_number(rest[0]) is not None:
        minute, rest = parse_number(rest[0]) or 0, rest[1:]
    if hour is not None and rest and rest[0] in _LATER and hour < 12:
        hour, rest = hour + 12, rest[1:]
    elif rest and rest[0] in DAY_PARTS:
        rest = rest[1:]
    if hour is None or rest or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"
