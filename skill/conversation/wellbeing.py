"""Wellbeing: pain stops everything at once; the breathing exercise; thanks."""

from __future__ import annotations

from dataclasses import replace

from skill.conversation.part import Part
from skill.conversation.turn import Turn
from skill.practice import breathing_cycles
from skill.state import CLOSING, PREPARATION, ConversationState, Pending, Said


class Wellbeing(Part):
    def pain(self, state: ConversationState) -> Turn:
        """Stop at once; the guide waits until the person asks to go on (never by itself)."""
        if state.position is None:
            speech = self.speech(state, "pain.before_start")
            return self.guide.flow.answer(state, speech, Said.PAIN)
        speech = self.speech(state, "pain.stop", "pain.doctor")
        if state.position == CLOSING:
            speech.say(self.line(state, "pain.take_care"))
            return self.voice.reply(state.saying(Said.PAIN), speech, end=True)
        state = state.with_changes(pain_hold=True).saying(Said.PAIN, pending=Pending.CONTINUE)
        place = self.voice.place(state, state.position or PREPARATION)
        speech.say(self.line(state, "pain.held", place=place))
        speech.say(self.line(state, "pain.ask_gentler"))
        return self.voice.reply(state, speech, self.speech(state, "pain.reprompt"))

    def breathing_exercise(self, state: ConversationState) -> Turn:
        practice = self.content.practice
        speech = self.speech(state, "breathing.intro")
        speech.short_pause()
        cycles = breathing_cycles(practice.breathing_exercise_cycles, practice)
        speech.extend(cycles)
        speech.sound("chime")
        speech.say(self.line(state, "breathing.outro"))
        turn = self.guide.flow.answer(state, speech, Said.BREATHING)
        return replace(turn, practice_seconds=cycles.break_seconds)

    def thanks(self, state: ConversationState) -> Turn:
        """ "Danke", "das war schön": a warm reply, then the natural next question."""
        return self.guide.flow.answer(state, self.speech(state, "thanks.reply"), Said.THANKS)
