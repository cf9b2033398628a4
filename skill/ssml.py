"""The one SSML builder: it escapes text and makes every break, cue and sound.

Nothing else in the skill concatenates raw SSML. Every ``Speech`` checks Alexa's limits when it
is rendered (see ``../shared/docs/alexa-platform.md``): the whole ``<speak>`` document has at
most 8,000 characters and at most five ``<audio>`` tags; a ``<break>`` lasts at most 10 s and
the document is well-formed XML by construction, which ``check_ssml`` (run by the tests on
every response) proves by parsing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # parsing is for tests and the console only: not imported on Lambda
    import xml.etree.ElementTree as ET

# Speaking rate of Alexa's German voices, for every duration estimate. Calibrated on the one
# measurement we have (issue 9): the old first-time launch, 336 characters, spoke in about
# 18 s, i.e. 18.7 characters per second; 18 leaves a little room.
SPOKEN_CHARS_PER_SECOND = 18

MAX_BREAK_SECONDS = 10
MAX_SSML_CHARS = 8000
MAX_AUDIO_TAGS = 5

# Sounds from the Alexa sound library (no hosting needed), by the role they play.
SOUNDS: dict[str, str] = {
    "chime": "soundbank://soundlibrary/musical/amzn_sfx_bell_short_chime_01",
    "gong": "soundbank://soundlibrary/musical/amzn_sfx_bell_med_chime_02",
}


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>``. By hand: ``html.escape`` loads ``html.entities`` and
    ``xml.sax.saxutils`` loads ``urllib.request``, milliseconds of every Lambda cold start."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SpeechLimitError(ValueError):
    """A response would break one of Alexa's SSML limits."""


@dataclass
class Speech:
    """An ordered list of SSML fragments, each made by one of the methods below."""

    _parts: list[str] = field(default_factory=list)
    _audio_count: int = 0
    _break_seconds: int = 0
    _spoken_chars: int = 0

    def say(self, text: str) -> Speech:
        """Append plain text; ``&``, ``<`` and ``>`` are escaped."""
        text = " ".join(text.split())
        if text:
            self._parts.append(escape(text))
            self._spoken_chars += len(text)
        return self

    def sentences(self, texts: list[str] | tuple[str, ...]) -> Speech:
        for text in texts:
            self.say(text)
        return self

    def pause(self, seconds: int) -> Speech:
        """Silence of ``seconds`` seconds, as a chain of breaks of at most 10 s each."""
        if seconds < 0:
            raise SpeechLimitError(f"negative pause: {seconds}")
        remaining = seconds
        while remaining > 0:
            chunk = min(MAX_BREAK_SECONDS, remaining)
            self._parts.append(f'<break time="{chunk}s"/>')
            remaining -= chunk
        self._break_seconds += seconds
        return self

    def short_pause(self) -> Speech:
        """A breath between two sentences (not counted as practice time)."""
        self._parts.append('<break strength="medium"/>')
        return self

    def cue(self, text: str) -> Speech:
        """A calm, slow breathing or practice cue."""
        text = " ".join(text.split())
        if text:
            self._parts.append(f'<prosody rate="90%">{escape(text)}</prosody>')
            self._spoken_chars += len(text)
        return self

    def sound(self, name: str) -> Speech:
        """A sound from the Alexa sound library, by its role in ``SOUNDS``."""
        src = SOUNDS[name]
        self._parts.append(f'<audio src="{escape(src).replace(chr(34), "&quot;")}"/>')
        self._audio_count += 1
        return self

    def extend(self, other: Speech) -> Speech:
        self._parts.extend(other._parts)
        self._audio_count += other._audio_count
        self._break_seconds += other._break_seconds
        self._spoken_chars += other._spoken_chars
        return self

    @property
    def break_seconds(self) -> int:
        """Seconds of timed silence (``pause``) in this speech."""
        return self._break_seconds

    @property
    def spoken_chars(self) -> int:
        """Characters of text to be spoken: the base of the duration estimate."""
        return self._spoken_chars

    @property
    def audio_count(self) -> int:
        return self._audio_count

    def is_empty(self) -> bool:
        return not self._parts

    def to_ssml(self) -> str:
        ssml = "<speak>" + " ".join(self._parts) + "</speak>"
        check_limits(ssml, self._audio_count)
        return ssml


_BREAK_TIME = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)$")


def check_limits(ssml: str, audio_count: int) -> None:
    """The checks every response gets: size and sounds (cheap).

    Well-formedness and break lengths hold by construction (``say`` escapes, ``pause`` makes
    breaks of at most 10 s); :func:`check_ssml` proves them by parsing, which the tests do
    for every response they see (an XML parse per response cost about 7 % of a request).
    """
    if len(ssml) > MAX_SSML_CHARS:
        raise SpeechLimitError(f"SSML has {len(ssml)} characters, limit is {MAX_SSML_CHARS}")
    if audio_count > MAX_AUDIO_TAGS:
        raise SpeechLimitError(f"{audio_count} audio tags, limit is {MAX_AUDIO_TAGS}")


def check_ssml(ssml: str) -> None:
    """Raise ``SpeechLimitError`` unless ``ssml`` is within Alexa's limits and well-formed."""
    import xml.etree.ElementTree as ET

    if len(ssml) > MAX_SSML_CHARS:
        raise SpeechLimitError(f"SSML has {len(ssml)} characters, limit is {MAX_SSML_CHARS}")
    try:
        root = ET.fromstring(ssml)
    except ET.ParseError as error:
        raise SpeechLimitError(f"SSML is not well-formed XML: {error}") from error
    if root.tag != "speak":
        raise SpeechLimitError("SSML root element must be <speak>")
    audio = 0
    for element in root.iter():
        if element.tag == "audio":
            audio += 1
        elif (
            element.tag == "break"
            and "time" in element.attrib
            and break_time_seconds(element.attrib["time"]) > MAX_BREAK_SECONDS
        ):
            raise SpeechLimitError(f"break of {element.attrib['time']} exceeds 10 s")
    if audio > MAX_AUDIO_TAGS:
        raise SpeechLimitError(f"{audio} audio tags, limit is {MAX_AUDIO_TAGS}")


def break_time_seconds(value: str) -> float:
    match = _BREAK_TIME.match(value.strip())
    if not match:
        raise SpeechLimitError(f"unreadable break time {value!r}")
    number = float(match.group(1))
    return number / 1000 if match.group(2) == "ms" else number


def total_break_seconds(ssml: str) -> float:
    """Summed duration of all timed ``<break>`` tags in an SSML document."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(ssml)
    return sum(
        break_time_seconds(el.attrib["time"]) for el in root.iter("break") if "time" in el.attrib
    )


def speaking_seconds(ssml: str) -> float:
    """How long Alexa takes to say an SSML document: its text at the speaking rate plus its
    timed breaks (sounds are short and not counted)."""
    import xml.etree.ElementTree as ET  # chat only: the request path never parses SSML

    root = ET.fromstring(ssml)
    chars = sum(len(" ".join(text.split())) for text in root.itertext())
    return chars / SPOKEN_CHARS_PER_SECOND + total_break_seconds(ssml)


def to_display_text(ssml: str) -> str:
    """What Alexa would say, as readable text: ``[Pause 10 s]`` for breaks, ``[Ton]`` for sounds.

    Consecutive timed breaks are summed into one marker, so a 30 s practice pause built from
    three 10 s breaks reads as ``[Pause 30 s]``.
    """
    import xml.etree.ElementTree as ET

    root = ET.fromstring(ssml)
    pieces: list[str] = []
    pending_pause = 0.0

    def flush_pause() -> None:
        nonlocal pending_pause
        if pending_pause:
            seconds = f"{pending_pause:g}"
            pieces.append(f"[Pause {seconds} s]")
            pending_pause = 0.0

    def add_text(text: str | None) -> None:
        if text and text.strip():
            flush_pause()
            pieces.append(" ".join(text.split()))

    def walk(element: ET.Element) -> None:
        nonlocal pending_pause
        if element.tag == "break":
            if "time" in element.attrib:
                pending_pause += break_time_seconds(element.attrib["time"])
        elif element.tag == "audio":
            flush_pause()
            pieces.append("[Ton]")
        else:
            add_text(element.text)
            for child in element:
                walk(child)
                add_text(child.tail)

    walk(root)
    flush_pause()
    return " ".join(pieces)
