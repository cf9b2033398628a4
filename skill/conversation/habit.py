"""The practice record, as the conversation says it: "Wie oft habe ich schon massiert?" and the
one encouraging line at launch. Never a reproach: a week without practice is not mentioned."""

from __future__ import annotations

from skill.conversation.part import Part
from skill.conversation.turn import Turn
from skill.conversation.voice import number_words
from skill.ssml import Speech
from skill.state import ConversationState, Said


class Habit(Part):
    def times(self, state: ConversationState, count: int) -> str:
        """ "einmal", "dreimal", "einundzwanzigmal" (a number word joined to "mal")."""
        if count == 1:
            return self.line(state, "record.times_one")
        words = number_words(count)
        # "hunderteinmal", not "hunderteinsmal": a final "eins" loses its s before "mal".
        words = words[:-1] if words.endswith("eins") else words
        return self.line(state, "record.times", count=words)

    def encouragement(self, state: ConversationState) -> Speech:
        """At launch, when there is something encouraging to say: the streak (from two days
        on) or this week's practice (from two days on); otherwise nothing at all."""
        summary = state.practice
        if summary.streak >= 2 and summary.streak >= summary.this_week:
            return Speech().say(self.line(state, "record.encourage_streak", count=summary.streak))
        if summary.encouraging:
            times = self.times(state, summary.this_week)
            return Speech().say(self.line(state, "record.encourage_week", times=times))
        return Speech()

    def record(self, state: ConversationState) -> Turn:
        """ "Sie haben bisher siebenmal massiert, diese Woche dreimal." and the next question."""
        summary = state.practice
        if state.completed == 0 and not summary.this_week:
            speech = self.speech(state, "record.none")
        else:
            total = self.times(state, max(state.completed, summary.this_week))
            speech = Speech().say(self.line(state, "record.total", times=total))
            if summary.this_week:
                week = self.times(state, summary.this_week)
                speech.say(self.line(state, "record.this_week", times=week))
            if summary.streak >= 2:
                speech.say(self.line(state, "record.streak", count=summary.streak))
        return self.guide.flow.answer(state, speech, Said.PRACTICE_RECORD)
