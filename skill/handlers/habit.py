"""The practice record: "Wie oft habe ich schon massiert?"."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill import intents
from skill.conversation import Guide, Turn
from skill.handlers.base import GuideIntentHandler
from skill.state import ConversationState


class PracticeRecordHandler(GuideIntentHandler):
    intents = (intents.PRACTICE_RECORD,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.habit.record(state)
