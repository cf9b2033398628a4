"""AMAZON.TIME for ``chat`` and the model tests: German times of day as Alexa fills them.

Values as Alexa sends them: "19:00", "07:30", or a part of the day when no time was named
("MO" morning, "AF" afternoon, "EV" evening, "NI" night). Read here:

- "neunzehn uhr", "19 uhr 30", "acht uhr dreißig", "sieben" (a bare hour: 07:00, as Alexa
  reads it; "sieben uhr abends" is 19:00);
- "halb acht" (07:30), "viertel nach sieben" (07:15), "viertel vor acht" and "dreiviertel
  acht" (07:45), "zehn nach sieben", "fünf vor acht";
- a part of the day after the time ("abends", "am abend", "morgens", "in der früh"), or alone.
"""

from __future__ import annotations

from skill.chat.numbers import NUMBER, parse_number

DAY_PARTS = {
    "morgens": "MO",
    "früh": "MO",
    "in der früh": "MO",
    "am morgen": "MO",
    "vormittags": "MO",
    "am vormittag": "MO",
    "mittags": "AF",
    "nachmittags": "AF",
    "am nachmittag": "AF",
    "abends": "EV",
    "am abend": "EV",
    "nachts": "NI",
    "in der nacht": "NI",
}
_LATER = frozenset({"AF", "EV", "NI"})
# "halb acht" is half an hour before eight; the others likewise, in minutes before or after.
_BEFORE_HOUR = {"halb": 30, "dreiviertel": 15, "viertel vor": 15}
_AFTER_HOUR = {"viertel nach": 15}


def _time_regex(number: str) -> str:
    part = "|".join(sorted(DAY_PARTS, key=len, reverse=True))
    clock = rf"(?:{number})(?:\s+uhr)?(?:\s+(?:{number}))?"
    lead = rf"(?:halb|dreiviertel|viertel\s+(?:vor|nach)|(?:{number})\s+(?:vor|nach))"
    relative = rf"{lead}\s+(?:{number})"
    return rf"(?:(?:{relative}|{clock})(?:\s+(?:{part}))?|(?:{part}))"


# What an AMAZON.TIME slot takes in a sample (the model test's matcher); ``parse_time`` checks.
TIME = _time_regex(NUMBER)


def parse_time(text: str) -> str | None:
    """The AMAZON.TIME value of ``text``; None when it is no time of day."""
    words = " ".join(text.split())
    if words in DAY_PARTS:
        return DAY_PARTS[words]
    part = None
    for spoken in sorted(DAY_PARTS, key=len, reverse=True):
        if words.endswith(" " + spoken):
            words, part = words[: -len(spoken) - 1], DAY_PARTS[spoken]
            break
    clock = _clock(words.split())
    if clock is None:
        return None
    hour, minute = clock
    if part in _LATER and hour < 12 and not (part == "NI" and hour <= 4):
        hour += 12
    return f"{hour:02d}:{minute:02d}" if 0 <= hour <= 23 and 0 <= minute <= 59 else None


def _clock(tokens: list[str]) -> tuple[int, int] | None:
    if not tokens:
        return None
    text = " ".join(tokens)
    for lead, minutes in _BEFORE_HOUR.items():
        if text.startswith(lead + " "):
            hour = _hour(text[len(lead) + 1 :])
            return None if hour is None else ((hour - 1) % 24, 60 - minutes)
    for lead, minutes in _AFTER_HOUR.items():
        if text.startswith(lead + " "):
            hour = _hour(text[len(lead) + 1 :])
            return None if hour is None else (hour % 24, minutes)
    if len(tokens) == 3 and tokens[1] in ("vor", "nach"):  # "zehn nach sieben"
        minutes, hour = parse_number(tokens[0]), _hour(tokens[2])
        if minutes is None or hour is None or not 0 < minutes < 30:
            return None
        if tokens[1] == "nach":
            return hour % 24, minutes
        return (hour - 1) % 24, 60 - minutes
    hour = parse_number(tokens[0])
    rest = tokens[1:]
    if rest and rest[0] == "uhr":
        rest = rest[1:]
    minute = 0
    if rest:
        parsed = parse_number(rest[0]) if len(rest) == 1 else None
        if parsed is None:
            return None
        minute = parsed
    return None if hour is None else (hour, minute)


def _hour(text: str) -> int | None:
    hour = parse_number(text) if " " not in text else None
    return hour if hour is not None and 1 <= hour <= 24 else None
