"""Timed practice phases: breaks of at most 10 s interleaved with calm cues at a steady rhythm."""

from __future__ import annotations

from skill.content import Practice, Section
from skill.ssml import Speech


def _split(seconds: int, parts: int) -> list[int]:
    """``seconds`` in ``parts`` whole-second pieces as equal as possible (longer ones first)."""
    base, extra = divmod(seconds, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def cycling_practice(section: Section, seconds: int, practice: Practice) -> Speech:
    """``seconds`` of silence for a massage or rest step: the step's cues in turn, one before
    each interval. At least two cues are said, so the second (a breathing cue) always is."""
    intervals = max(2, -(-seconds // practice.cue_interval_seconds))
    speech = Speech()
    for index, pause in enumerate(_split(seconds, intervals)):
        speech.cue(section.cues[index % len(section.cues)])
        speech.pause(pause)
    return speech


def sequence_practice(section: Section, seconds: int) -> Speech:
    """Each cue once, in order, spread evenly over ``seconds`` (a stretch: every movement)."""
    speech = Speech()
    for cue, pause in zip(section.cues, _split(seconds, len(section.cues)), strict=True):
        speech.cue(cue)
        speech.pause(pause)
    return speech


def breathing_cycles(cycles: int, practice: Practice) -> Speech:
    """Guided breathing: "Einatmen …" pause, "und langsam ausatmen …" pause, ``cycles`` times."""
    speech = Speech()
    for _ in range(cycles):
        speech.cue(practice.breathe_in).pause(practice.breathe_in_seconds)
        speech.cue(practice.breathe_out).pause(practice.breathe_out_seconds)
    return speech


def breathing_practice(seconds: int, practice: Practice) -> Speech:
    """Guided breathing that lasts exactly ``seconds``: whole cycles (at least one), then the
    rest as silence."""
    cycles, rest = divmod(seconds, practice.breath_cycle_seconds)
    if cycles == 0:
        return breathing_cycles(1, practice)
    speech = breathing_cycles(cycles, practice)
    if rest:
        speech.pause(rest)
    return speech


def step_practice(section: Section, seconds: int, practice: Practice) -> Speech:
    if section.practice == "breathing":
        return breathing_practice(seconds, practice)
    if section.practice == "stretch":
        return sequence_practice(section, seconds)
    return cycling_practice(section, seconds, practice)
