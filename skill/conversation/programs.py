"""How long the massage takes: the programs ("die kurze Version", "ausführlich bitte", "ich habe
nur fünf Minuten"), the practice time per step, and "Wie lange dauert das?".

Every duration the skill names is estimated from what it would actually say (the text at the
speaking rate, plus every pause), for the program and practice time in use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skill.content import ProgramSpec, Section
from skill.conversation.part import Part
from skill.conversation.turn import Turn
from skill.conversation.voice import speech_seconds
from skill.ssml import Speech
from skill.state import (
    CLOSING,
    MAX_PRACTICE_SECONDS,
    MIN_PRACTICE_SECONDS,
    PRACTICE_STEP_SECONDS,
    PREPARATION,
    ConversationState,
    Pending,
    Program,
    Said,
    clamp_practice_seconds,
)

if TYPE_CHECKING:
    from skill.conversation import Guide

# What the preparation's own duration note is estimated with (its words barely vary).
_TYPICAL_SECONDS = 600


class Programs(Part):
    def __init__(self, guide: Guide) -> None:
        super().__init__(guide)
        # (program, practice, start) -> seconds: the estimate renders the whole guide once.
        self._estimates: dict[tuple[Program, int, int], int] = {}

    # -- what is in use ------------------------------------------------------------------------
    def spec(self, state: ConversationState) -> ProgramSpec:
        return self.content.program(state.program)

    def practice_seconds(self, state: ConversationState) -> int:
        """Each hands-on step's practice: the person's own time, else the program's."""
        return state.practice_seconds or self.spec(state).practice_seconds

    def section_seconds(self, state: ConversationState, section: Section) -> int:
        """The practice of one step: hands-on steps get the practice time, the others (a
        stretch, a rest) the program's shorter time, never more than the practice time."""
        practice = self.practice_seconds(state)
        return practice if section.hands_on else min(practice, self.spec(state).hands_off_seconds)

    def estimated_seconds(self, state: ConversationState, start: int = PREPARATION) -> int:
        """How long the guide takes from ``start`` to the end, with this state's settings."""
        key = (self.spec(state).id, self.practice_seconds(state), start)
        if key not in self._estimates:
            self._estimates[key] = self._estimate(*key)
        return self._estimates[key]

    def _estimate(self, program: Program, practice: int, start: int) -> int:
        base = ConversationState(program=program, practice_seconds=practice)
        total = 0.0
        for position in range(start, CLOSING + 1):
            speech = self.guide.flow.present(base, position, estimating=True).speech
            total += speech_seconds(speech)
        if start == PREPARATION:
            total += speech_seconds(self._introduction(base, _TYPICAL_SECONDS))
        return round(total)

    def hands_on_seconds(self, state: ConversationState) -> int:
        """Practice time with the hands on the back, over the whole guide."""
        steps = [step for step in self.content.steps if step.hands_on]
        return len(steps) * self.practice_seconds(state)

    def shortest(self) -> ProgramSpec:
        return min(self.content.programs.values(), key=lambda spec: spec.practice_seconds)

    # -- what the guide says about it ----------------------------------------------------------
    def introduction(self, state: ConversationState) -> Speech:
        """At the start of the preparation: which program, how long, how to choose another."""
        return self._introduction(state, self.estimated_seconds(state))

    def _introduction(self, state: ConversationState, seconds: int) -> Speech:
        spec = self.spec(state)
        minutes = self.voice.minutes(state, seconds)
        speech = Speech().say(
            self.line(state, "guide.program_intro", program=spec.name, minutes=minutes)
        )
        if spec.id is not self.shortest().id:
            speech.say(self.line(state, "guide.program_hint"))
        return speech

    def how_long(self, state: ConversationState) -> Turn:
        return self.guide.flow.answer(state, self._duration_speech(state), Said.DURATION)

    def _duration_speech(self, state: ConversationState) -> Speech:
        speech = Speech().say(self._summary(state, "status.duration"))
        start = state.continue_position()
        if state.position is not None and start is not None:
            left = self.estimated_seconds(state, start)
            if left >= 90:
                minutes = self.voice.minutes(state, left)
                speech.say(self.line(state, "status.remaining", minutes=minutes))
            else:
                speech.say(self.line(state, "status.remaining_short"))
        return speech.say(self.line(state, "status.other_programs"))

    def _summary(self, state: ConversationState, key: str) -> str:
        """ "{program} … etwa {minutes} … {practice} Übungszeit pro Schritt"."""
        minutes = self.voice.minutes(state, self.estimated_seconds(state))
        practice = self.voice.duration(state, self.practice_seconds(state))
        return self.line(
            state, key, program=self.spec(state).name, minutes=minutes, practice=practice
        )

    # -- choosing a program --------------------------------------------------------------------
    def choose(
        self, state: ConversationState, program: Program | None, seconds: int | None = None
    ) -> Turn:
        """ "Die kurze Version" (``program``) or "ich habe nur fünf Minuten" (``seconds``: the
        longest program whose rest of the guide fits, else the shortest)."""
        speech = Speech()
        if program is None and seconds is not None:
            program = self._fitting(state, seconds, speech)
        if program is None:
            state = state.saying(Said.PROGRAM_CHOICE, pending=Pending.PROGRAM_CHOICE)
            ask = self.speech(state, "programs.ask")
            return self.voice.reply(state, ask, self.speech(state, "programs.reprompt"))
        state = state.with_changes(program=program, practice_seconds=None)
        return self.guide.flow.answer(state, speech.say(self.chosen(state)), Said.PROGRAM)

    def _fitting(self, state: ConversationState, seconds: int, speech: Speech) -> Program:
        start = state.continue_position() if state.position is not None else PREPARATION
        start = PREPARATION if start is None else start
        by_length = sorted(
            self.content.programs.values(),
            key=lambda spec: self.estimated_seconds(self._with(state, spec.id), start),
        )
        fitting = [
            spec
            for spec in by_length
            if round(self.estimated_seconds(self._with(state, spec.id), start) / 60) <= seconds / 60
        ]
        if fitting:
            requested = self.voice.duration(state, seconds)
            speech.say(
                self.line(
                    state, "programs.fits", program=fitting[-1].name, requested_time=requested
                )
            )
            return fitting[-1].id
        speech.say(self.line(state, "programs.none_fits", program=by_length[0].name))
        return by_length[0].id

    @staticmethod
    def _with(state: ConversationState, program: Program) -> ConversationState:
        return state.with_changes(program=program, practice_seconds=None)

    def chosen(self, state: ConversationState) -> str:
        return self._summary(state, "programs.chosen")

    # -- the practice time per step ------------------------------------------------------------
    def change_practice(
        self, state: ConversationState, *, direction: str | None = None, seconds: int | None = None
    ) -> Turn:
        """ "längere/kürzere Übungszeit", "Übungszeit von einer Minute", "wieder normal"."""
        current = self.practice_seconds(state)
        speech = Speech()
        if seconds is not None:
            new = clamp_practice_seconds(seconds)
            if new != seconds:
                low = self.voice.duration(state, MIN_PRACTICE_SECONDS)
                high = self.voice.duration(state, MAX_PRACTICE_SECONDS)
                speech.say(self.line(state, "practice.clamped", min=low, max=high))
            key = "practice.changed"
        elif direction == "default":
            new, key = self.spec(state).practice_seconds, "practice.reset"
        elif direction in ("longer", "shorter"):
            delta = PRACTICE_STEP_SECONDS if direction == "longer" else -PRACTICE_STEP_SECONDS
            new = clamp_practice_seconds(current + delta)
            key = "practice.changed"
            if new == current:
                key = "practice.at_max" if direction == "longer" else "practice.at_min"
        else:
            state = state.saying(Said.PRACTICE_CHOICE)
            question = self.speech(state, "practice.unclear")
            return self.voice.reply(state, question, self.speech(state, "practice.unclear"))
        own = None if new == self.spec(state).practice_seconds else new
        state = state.with_practice(own)
        speech.say(self.line(state, key, practice=self.voice.duration(state, new)))
        return self.guide.flow.answer(state, speech, Said.PRACTICE)

    def practice_speech(self, state: ConversationState) -> Speech:
        practice = self.voice.duration(state, self.practice_seconds(state))
        return Speech().say(self.line(state, "practice.changed", practice=practice))
