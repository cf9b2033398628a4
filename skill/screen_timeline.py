"""The speech timeline a screen's practice countdown follows, estimated from an answer's SSML.

When the practice runs is an estimate, and the only one of the screens. Alexa shows the
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

from skill.ssml import SOUNDS, SPOKEN_CHARS_PER_SECOND, break_time_seconds

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
