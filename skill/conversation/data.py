"""The person's stored data: "Lösche meine Daten" asks first; the deletion is the handler's."""

from __future__ import annotations

from skill.conversation.part import Part
from skill.conversation.turn import Turn
from skill.state import ConversationState, Pending, Said


class StoredData(Part):
    def ask_delete(self, state: ConversationState) -> Turn:
        state = state.saying(Said.DELETE_ASKED, pending=Pending.DELETE_DATA)
        speech = self.speech(state, "data.ask_delete")
        return self.voice.reply(state, speech, self.speech(state, "data.reprompt_delete"))

    def deleted(self, state: ConversationState, *about_reminders: str) -> Turn:
        """Everything is gone (and what became of the reminders, when there were some); the
        session ends so nothing is written again right away."""
        fresh = ConversationState()  # store_ok False: this response writes nothing back
        speech = self.speech(state, "data.deleted", *about_reminders, "session.goodbye")
        return self.voice.reply(fresh, speech, end=True)

    def delete_failed(self, state: ConversationState) -> Turn:
        speech = self.speech(state, "data.failed")
        return self.guide.flow.answer(state, speech, Said.DELETE_FAILED)

    def keep_data(self, state: ConversationState) -> Turn:
        return self.guide.flow.answer(state, self.speech(state, "data.kept"), Said.DELETE_KEPT)
