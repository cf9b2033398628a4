"""Timed practice phases: breaks of at most 10 s interleaved with calm cues at a steady rhythm."""

from __future__ import annotations

from skill.content import Practice, Section
from skill.ssml import Speech


def massage_practice(section: Section, seconds: int, practice: Practice) -> Speech:
    """``seconds`` of silence for a massage step, a cue of the step before each interval."""
    speech = Speech()
    remaining = seconds
    index = 0
    while remaining > 0:
        interval = min(practice.cue_interval_seconds, remaining)
        speech.cue(section.cues[index % len(section.cues)])
        speech.pause(interval)
        remaining -= interval
        index += 1
    return speech


def breathing_cycles(cycles: int, practice: Practice) -> Speech:
    """Guided breathing: "Einatmen …" pause, "und langsam ausatmen …" pause, ``cycles`` times."""
    speech = Speech()
    for _ in range(cycles):
        speech.cue(practice.breathe_in).pause(practice.breathe_in_seconds)
        speech.cue(practice.breathe_out).pause(practice.breathe_out_seconds)
    return speech


def breathing_practice(seconds: int, practice: Practice) -> Speech:
    """Guided breathing that lasts exactly ``seconds``: whole cycles, then the rest as silence."""
    cycles, rest = divmod(seconds, practice.breath_cycle_seconds)
    speech = breathing_cycles(cycles, practice)
    if rest:
        speech.pause(rest)
    return speech


def step_practice(section: Section, seconds: int, practice: Practice) -> Speech:
    if section.practice == "breathing":
        return breathing_practice(seconds, practice)
    return massage_practice(section, seconds, practice)
