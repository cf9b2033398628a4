"""``Voice``: turns dialog keys into German speech, choosing one phrasing per answer.

A key of the content may hold several phrasings. The one said is chosen from the session's
seed, the key and the answer's number in the session: the same state always says the same
words (so "wiederholen" and tests are stable), and a key used in two answers in a row never
sounds the same twice where it has several phrasings (the index moves on by one each turn).
Numbers in placeholders are spoken as German words; durations as "zwei Minuten".
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from skill.conversation.turn import Turn
from skill.ssml import SPOKEN_CHARS_PER_SECOND, Speech
from skill.state import CLOSING, PREPARATION, ConversationState

if TYPE_CHECKING:
    from skill.content import Content


def speech_seconds(speech: Speech) -> float:
    """How long ``speech`` takes to say: its text at the speaking rate plus its silences."""
    return speech.spoken_chars / SPOKEN_CHARS_PER_SECOND + speech.break_seconds


# German number words, written here rather than taken from num2words: that library depends on
# docopt, which is published only as a source archive, and the Lambda bundle installs wheels
# only (skill/packaging); it would also import its fifty languages at every cold start.
# tests/test_voice.py checks these words against text2num's reading of them.
_UNITS = [
    "null",
    "eins",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
    "dreizehn",
    "vierzehn",
    "fünfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
]
_TENS = [
    "_",
    "_",
    "zwanzig",
    "dreißig",
    "vierzig",
    "fünfzig",
    "sechzig",
    "siebzig",
    "achtzig",
    "neunzig",
]
# Ordinal stems that are not the cardinal ("dritt-", not "dreit-").
_ORDINAL_STEMS = {1: "erst", 3: "dritt", 7: "siebt", 8: "acht"}


def _below_hundred(number: int) -> str:
    if number < 20:
        return _UNITS[number]
    tens, ones = divmod(number, 10)
    if ones == 0:
        return _TENS[tens]
    return ("ein" if ones == 1 else _UNITS[ones]) + "und" + _TENS[tens]


def _below_thousand(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    head = ("ein" if hundreds == 1 else _UNITS[hundreds]) + "hundert" if hundreds else ""
    return head + (_below_hundred(rest) if rest or not head else "")


def number_words(number: int) -> str:
    """ "sieben", "einundzwanzig", "hundertzwanzig"; beyond 999999 the digits (Alexa reads
    them out as well)."""
    if not 0 <= number < 1_000_000:
        return str(number)
    thousands, rest = divmod(number, 1000)
    if not thousands:
        return _below_thousand(rest)
    head = "ein" if thousands == 1 else _below_thousand(thousands)
    return head + "tausend" + (_below_thousand(rest) if rest else "")


def ordinal_dative(number: int) -> str:
    """The ordinal as in "zu Ihrer dritten Massage": -ten up to nineteen, -sten from twenty."""
    if not 0 < number < 1_000_000:
        return f"{number}."
    last = number % 100
    if 0 < last < 20:
        head = number_words(number - last) if number > last else ""
        head = head.removesuffix("null")
        stem = _ORDINAL_STEMS.get(last, _UNITS[last])
        return head + stem + "en" if last in _ORDINAL_STEMS else head + stem + "ten"
    return number_words(number) + "sten"


# unit -> (key for one, key for more): "eine Minute", "zwei Minuten".
_UNIT_KEYS = {
    "second": ("units.second_one", "units.seconds"),
    "minute": ("units.minute_one", "units.minutes"),
}


class Voice:
    def __init__(self, content: Content) -> None:
        self.content = content

    # -- choosing and filling ------------------------------------------------------------------
    @staticmethod
    def choice(state: ConversationState, key: str) -> int:
        """Which phrasing of ``key`` this answer says (modulo the number of phrasings)."""
        return state.seed + zlib.crc32(key.encode()) + state.turn

    def line(self, state: ConversationState, key: str, **values: object) -> str:
        """One phrasing of dialog ``key``; whole numbers in ``values`` become words."""
        spoken = {
            name: number_words(value) if isinstance(value, int) else value
            for name, value in values.items()
        }
        return self.content.text(key, self.choice(state, key), **spoken)

    def pick(self, state: ConversationState, key: str, phrasings: tuple[str, ...]) -> str:
        """One of ``phrasings`` (content outside dialog.toml, e.g. "Los geht's"), by ``key``."""
        return phrasings[self.choice(state, key) % len(phrasings)]

    def speech(self, state: ConversationState, *keys: str) -> Speech:
        return Speech().sentences([self.line(state, key) for key in keys])

    # -- durations -----------------------------------------------------------------------------
    def duration(self, state: ConversationState, seconds: int) -> str:
        """ "dreißig Sekunden", "eine Minute", "anderthalb Minuten", "zwei Minuten"."""
        minutes, rest = divmod(seconds, 60)
        if minutes == 1 and rest == 30:
            return self.line(state, "units.one_and_a_half_minutes")
        if minutes == 0:
            return self._unit(state, rest, "second")
        if rest == 0:
            return self._unit(state, minutes, "minute")
        first, second = self._unit(state, minutes, "minute"), self._unit(state, rest, "second")
        return self.line(state, "units.and", first=first, second=second)

    def minutes(self, state: ConversationState, seconds: float) -> str:
        """An estimate in whole minutes, at least one: "zehn Minuten"."""
        return self._unit(state, max(1, round(seconds / 60)), "minute")

    def _unit(self, state: ConversationState, count: int, unit: str) -> str:
        one, many = _UNIT_KEYS[unit]
        return self.line(state, one) if count == 1 else self.line(state, many, count=count)

    # -- places in the guide -------------------------------------------------------------------
    def place(
        self,
        state: ConversationState,
        position: int,
        *,
        upcoming: bool = False,
        short: bool = False,
    ) -> str:
        """ "Schritt vier, lange Streichbewegungen" (``short``: "Schritt vier"), "der
        Vorbereitung"; ``upcoming``: as the subject ("die Vorbereitung", "der Abschluss")."""
        if position == PREPARATION:
            return self.line(state, "places.next_preparation" if upcoming else "places.preparation")
        if position == CLOSING:
            return self.line(state, "places.next_closing" if upcoming else "places.closing")
        if short:
            return self.line(state, "places.step_short", number=position)
        return self.line(
            state, "places.step", number=position, name=self.content.step(position).spoken
        )

    # -- the answer ----------------------------------------------------------------------------
    @staticmethod
    def reply(
        state: ConversationState,
        speech: Speech,
        reprompt: Speech | None = None,
        *,
        end: bool = False,
        card: tuple[str, str] | None = None,
        done_after: int | None = None,
        practice_seconds: int = 0,
    ) -> Turn:
        """The answer; its state counts one more answer given (the next picks anew)."""
        return Turn(state.spoken(), speech, reprompt, end, card, done_after, practice_seconds)
