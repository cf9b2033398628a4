"""What a screen shows for one answer: a small pure model, derived from a ``Turn`` in one place.

``display_of`` decides the kind of screen, where the person stands in the guide, which buttons
a question calls for, and when the practice of this answer runs. It knows no APL and no ASK SDK:
``skill/screen_data.py`` fills a datasource from it and ``skill/handlers/screen.py`` sends the
document. Every text on a screen comes from the content, never from here.

When the practice runs is an estimate, and the only one in this module. Alexa shows the
document as soon as the response arrives and starts speaking at about the same moment; the
practice (the timed ``<break>`` tags) begins only after the spoken lead-in and each cue. Alexa
reports no speech progress to a document, so the lead-in and the cues are timed at a fixed
speaking rate (see docs/screens.md for the accuracy). The breaks themselves are exact.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from skill.conversation import Turn
from skill.ssml import SOUNDS, SPOKEN_CHARS_PER_SECOND, break_time_seconds
from skill.state import CLOSING, PREPARATION, ConversationState, Pending, Said

# Pauses the SSML builder makes without a time, and the library sounds, in milliseconds.
STRENGTH_MS = {
    "none": 0,
    "x-weak": 100,
    "weak": 250,
    "medium": 500,
    "strong": 750,
    "x-strong": 1000,
}
SOUND_MS = {SOUNDS["chime"]: 700, SOUNDS["gong"]: 900}  # lengths from alexa-platform.md
UNKNOWN_SOUND_MS = 1000


class Screen(str, Enum):
    LAUNCH = "launch"
    GUIDE = "guide"  # the preparation or a step, with its practice countdown
    BREATHING = "breathing"  # the standalone breathing exercise, with its countdown
    CLOSING = "closing"
    FAQ = "faq"
    TIP = "tip"
    TIPS = "tips"
    PAUSE = "pause"
    PAIN = "pain"
    MESSAGE = "message"  # everything else: what was said, as text


# Button ids; skill/handlers/touch.py maps each to the intent a person would say instead.
NAVIGATION = ("previous", "pause", "repeat", "next")
YES_NO = ("yes", "no")
IN_GUIDE = ("previous", "repeat", "next")

# What a question that is still open offers on screen (Pending.NONE: see _buttons).
PENDING_BUTTONS: dict[Pending, tuple[str, ...]] = {
    Pending.BEGIN: ("begin",),
    Pending.ALTERNATIVES: (),  # "Frage, Tipps oder Atemübung?": voice answers only
    Pending.CONTINUE: YES_NO,
    Pending.TIPS: YES_NO,
    Pending.NEXT_TIP: YES_NO,
    Pending.RESTART: YES_NO,
    Pending.RESUME_OR_RESTART: ("resume", "start_over"),
    Pending.DELETE_DATA: YES_NO,
}
# Screens whose buttons do not follow the open question.
SCREEN_BUTTONS: dict[Screen, tuple[str, ...]] = {
    Screen.GUIDE: NAVIGATION,  # "Sagen Sie 'weiter', wenn Sie bereit sind."
    Screen.PAUSE: ("resume",),
}
SAID_SCREENS: dict[Said, Screen] = {
    Said.WELCOME: Screen.LAUNCH,
    Said.FAQ: Screen.FAQ,
    Said.TIP: Screen.TIP,
    Said.ALL_TIPS: Screen.TIPS,
    Said.BREATHING: Screen.BREATHING,
    Said.PAIN: Screen.PAIN,
}


@dataclass(frozen=True)
class Segment:
    """One timed break of the practice, in milliseconds from the moment the screen shows."""

    start_ms: int
    end_ms: int
    done_ms: int  # practice time of the segments before this one

    @property
    def length_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class Countdown:
    seconds: int  # the practice time of this answer: the sum of its timed breaks
    segments: tuple[Segment, ...]

    @property
    def end_ms(self) -> int:
        """When the last break ends, that is when the chime sounds."""
        return self.segments[-1].end_ms


@dataclass(frozen=True)
class Display:
    screen: Screen
    position: int | None  # None before the guide, 0 preparation, 1..steps, closing after
    step_count: int
    ref: str = ""  # the FAQ or tip shown
    buttons: tuple[str, ...] = ()
    countdown: Countdown | None = None
    speech_ms: int = 0  # estimated length of the whole answer
    hold_ms: int = 0  # how long the screen must stay on although nobody touches it
    spoken: str = ""  # what was said, as plain text (for screens that show just that)
    hint: str = ""  # the reprompt as plain text: what the person can say next


def display_of(turn: Turn, step_count: int) -> Display:
    """The one place that decides what the screen shows for ``turn``."""
    state = turn.state
    screen = _screen(turn)
    ssml = turn.speech.to_ssml()
    segments, speech_ms = timeline(ssml)
    countdown = None
    if turn.practice_seconds:
        practice = practice_segments(segments, turn.practice_seconds * 1000)
        countdown = Countdown(turn.practice_seconds, practice)
    return Display(
        screen=screen,
        position=state.position,
        step_count=step_count,
        ref=state.said_ref if screen in (Screen.FAQ, Screen.TIP) else "",
        buttons=() if turn.end_session else _buttons(screen, state),
        countdown=countdown,
        speech_ms=speech_ms,
        # Keep the screen while Alexa speaks and the practice runs; the device's own idle
        # timeout (about 30 s) starts after that. A goodbye holds nothing.
        hold_ms=0 if turn.end_session else speech_ms,
        spoken=plain_text(ssml),
        hint=plain_text(turn.reprompt.to_ssml()) if turn.reprompt and not turn.end_session else "",
    )


def _screen(turn: Turn) -> Screen:
    """An answer that leaves ``said`` as it was (not understood, "was möchten Sie tun?") keeps
    showing what the person was at. A last answer shows its own words: a goodbye also leaves
    ``said`` as it was, and nothing in the state tells it from the tips before a goodbye."""
    state = turn.state
    if turn.end_session:
        return Screen.MESSAGE
    if state.said is Said.STEP and state.position is not None:
        return Screen.CLOSING if state.position == CLOSING else Screen.GUIDE
    if state.said is Said.PAUSE and state.paused:
        return Screen.PAUSE
    return SAID_SCREENS.get(state.said, Screen.MESSAGE)


def _buttons(screen: Screen, state: ConversationState) -> tuple[str, ...]:
    if screen in SCREEN_BUTTONS:
        return SCREEN_BUTTONS[screen]
    if state.pending is not Pending.NONE:
        return PENDING_BUTTONS[state.pending]
    if state.position is None:
        return ("begin",)
    return IN_GUIDE if PREPARATION <= state.position < CLOSING else ()


# -- the speech timeline ------------------------------------------------------------------------
def timeline(ssml: str) -> tuple[tuple[Segment, ...], int]:
    """The timed breaks of ``ssml`` as segments on an estimated clock, and the total length.

    Consecutive breaks with nothing spoken between them form one segment.
    """
    segments: list[Segment] = []
    clock = 0.0
    done = 0
    for kind, value in _events(ET.fromstring(ssml), rate=1.0):
        if kind == "break":
            start = round(clock)
            length = round(value)
            if segments and segments[-1].end_ms == start:
                last = segments.pop()
                segments.append(Segment(last.start_ms, start + length, last.done_ms))
            else:
                segments.append(Segment(start, start + length, done))
            done += length
        clock += value
    return tuple(segments), round(clock)


def practice_segments(segments: tuple[Segment, ...], practice_ms: int) -> tuple[Segment, ...]:
    """The last ``practice_ms`` of timed silence: the practice runs up to the chime, so a timed
    pause before it (a moment to get ready) is not counted down."""
    kept: list[Segment] = []
    needed = practice_ms
    for segment in reversed(segments):
        if needed <= 0:
            break
        start = max(segment.start_ms, segment.end_ms - needed)
        kept.append(Segment(start, segment.end_ms, 0))
        needed -= segment.end_ms - start
    done, result = 0, []
    for segment in reversed(kept):
        result.append(Segment(segment.start_ms, segment.end_ms, done))
        done += segment.length_ms
    return tuple(result)


def _events(element: ET.Element, rate: float) -> Iterator[tuple[str, float]]:
    """("speak" | "pause" | "break", milliseconds) for each piece of ``element``, in order."""
    tag = element.tag
    if tag == "break":
        if "time" in element.attrib:
            yield "break", break_time_seconds(element.attrib["time"]) * 1000
        else:
            yield "pause", STRENGTH_MS.get(element.attrib.get("strength", "medium"), 500)
        return
    if tag == "audio":
        yield "pause", SOUND_MS.get(element.attrib.get("src", ""), UNKNOWN_SOUND_MS)
        return
    if tag == "prosody":
        rate = rate * _rate(element.attrib.get("rate", "100%"))
    yield from _text(element.text, rate)
    for child in element:
        yield from _events(child, rate)
        yield from _text(child.tail, rate)


def _text(text: str | None, rate: float) -> Iterator[tuple[str, float]]:
    chars = len(" ".join((text or "").split()))
    if chars:
        yield "speak", chars / (SPOKEN_CHARS_PER_SECOND * rate) * 1000


_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")


def _rate(value: str) -> float:
    match = _PERCENT.match(value.strip())
    return float(match.group(1)) / 100 if match else 1.0


def plain_text(ssml: str) -> str:
    """The words of an SSML document, without breaks and sounds."""
    return " ".join(" ".join(ET.fromstring(ssml).itertext()).split())
