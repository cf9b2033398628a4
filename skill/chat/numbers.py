"""German numbers and durations as Alexa's built-in slots deliver them.

``AMAZON.NUMBER`` accepts digits or German number words ("vier", "fünfundvierzig");
``AMAZON.DURATION`` phrases such as "einer halben Minute" become ISO 8601 (``PT30S``). hassil
reads number words for its range lists itself; durations, and number words in the model
matcher of the tests, need this module (text2num computes the value of a number word).
"""

from __future__ import annotations

import re
from fractions import Fraction

from text_to_num import text2num

_DIGITS = ["ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
_UNITS = r"(?:eins|eine|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|null)"
_TEENS = r"(?:zehn|elf|zwölf|dreizehn|vierzehn|fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn)"
_TENS = r"(?:zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)"
_DIGIT_PREFIX = "(?:" + "|".join(_DIGITS) + ")"
_BELOW_100 = rf"(?:(?:{_DIGIT_PREFIX}und)?{_TENS}|{_TEENS}|{_UNITS})"
_BELOW_1000 = rf"(?:{_DIGIT_PREFIX}?hundert(?:und)?(?:{_BELOW_100})?|{_BELOW_100})"
# German number words up to 999999 as one token; the shape is checked here so the regex of a
# sample cannot match a non-number, and text2num computes the value.
NUMBER_WORD = rf"(?:(?:{_BELOW_1000})?tausend(?:und)?(?:{_BELOW_1000})?|{_BELOW_1000})"
NUMBER = rf"(?:\d+|{NUMBER_WORD})"
_NUMBER_WORD_RE = re.compile(NUMBER_WORD)

# "ein"/"eins" parse with text2num; these article forms mean 1 as well ("einer Minute").
_ONE = {"eine", "einer", "einen", "einem", "eins", "ein"}


def parse_number(token: str) -> int | None:
    """Digits or one German number word -> int; anything else -> None."""
    if token.isdigit():
        return int(token)
    if token in _ONE:
        return 1
    if not _NUMBER_WORD_RE.fullmatch(token):
        return None
    try:
        return int(text2num(token, "de"))
    except ValueError:
        return None


_UNIT_SECONDS: dict[str, int] = {
    "sekunde": 1,
    "sekunden": 1,
    "sek": 1,
    "minute": 60,
    "minuten": 60,
    "min": 60,
    "stunde": 3600,
    "stunden": 3600,
    "std": 3600,
}
_FRACTION_WORDS: dict[str, Fraction] = {
    "halbe": Fraction(1, 2),
    "halben": Fraction(1, 2),
    "halber": Fraction(1, 2),
    "viertel": Fraction(1, 4),
    "dreiviertel": Fraction(3, 4),
}
# Nouns that carry their own amount.
_COMPOUND_UNITS: dict[str, Fraction] = {
    "viertelstunde": Fraction(900),
    "dreiviertelstunde": Fraction(2700),
}
_HALF_WORDS: dict[str, Fraction] = {"anderthalb": Fraction(3, 2), "eineinhalb": Fraction(3, 2)}


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# One token; ``parse_duration`` rejects words that are no quantity. (Spelling out the number
# grammar here, as ``NUMBER`` does, made every duration sample slow to compile.)
_QUANTITY = r"(?:\d+(?:\.\d+)?|[^\W\d_]+)"
_UNIT = _alternation(list(_UNIT_SECONDS))
_FRACTION = _alternation(list(_FRACTION_WORDS))
_COMPOUND = _alternation(list(_COMPOUND_UNITS))
_DURATION_PART = (
    rf"(?:(?:{_QUANTITY}\s+)?{_FRACTION}\s+{_UNIT}"
    rf"|{_QUANTITY}\s+{_UNIT}"
    rf"|(?:eine[rnm]?\s+)?{_COMPOUND})"
)
DURATION = rf"(?:{_DURATION_PART}(?:\s+(?:und\s+)?{_DURATION_PART})*)"


def _parse_quantity(token: str) -> Fraction | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return Fraction(token)
    if token in _HALF_WORDS:
        return _HALF_WORDS[token]
    if token.endswith("einhalb"):  # "zweieinhalb" = 2.5
        whole = parse_number(token[: -len("einhalb")])
        return None if whole is None else whole + Fraction(1, 2)
    number = parse_number(token)
    return None if number is None else Fraction(number)


def duration_iso(text: str) -> str | None:
    """A spoken German duration -> ISO 8601 ("zwei minuten" -> "PT2M"); None if unreadable.

    Like Alexa, the value keeps the unit that was spoken ("90 sekunden" -> "PT90S"); fractions
    spill into the next smaller unit ("anderthalb minuten" -> "PT1M30S").
    """
    tokens = text.split()
    seconds_per_unit = {3600: Fraction(0), 60: Fraction(0), 1: Fraction(0)}
    i = 0
    while i < len(tokens):
        if tokens[i] == "und" and i > 0:
            i += 1
            continue
        if tokens[i] in _ONE and i + 1 < len(tokens) and tokens[i + 1] in _COMPOUND_UNITS:
            i += 1  # "eine viertelstunde"
        if tokens[i] in _COMPOUND_UNITS:
            seconds_per_unit[60] += _COMPOUND_UNITS[tokens[i]] / 60
            i += 1
            continue
        amount: Fraction | None = Fraction(1)
        if tokens[i] not in _FRACTION_WORDS:
            amount = _parse_quantity(tokens[i])
            i += 1
        if amount is None or i >= len(tokens):
            return None
        if tokens[i] in _FRACTION_WORDS:  # "einer halben minute"
            amount *= _FRACTION_WORDS[tokens[i]]
            i += 1
        if i >= len(tokens) or tokens[i] not in _UNIT_SECONDS:
            return None
        seconds_per_unit[_UNIT_SECONDS[tokens[i]]] += amount
        i += 1
    return _iso_duration(seconds_per_unit)


def _iso_duration(amounts: dict[int, Fraction]) -> str:
    hours, minutes, seconds = amounts[3600], amounts[60], amounts[1]
    minutes += (hours - int(hours)) * 60
    seconds += (minutes - int(minutes)) * 60
    parts = [(int(hours), "H"), (int(minutes), "M")]
    text = "".join(f"{value}{unit}" for value, unit in parts if value)
    if seconds:
        shown = str(int(seconds)) if seconds.denominator == 1 else f"{float(seconds):g}"
        text += f"{shown}S"
    return "PT" + (text or "0S")
