"""Pain reports: stop at once, advise, and hold the guide until the person asks to go on."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill import intents
from skill.conversation import Guide, Turn
from skill.handlers.base import GuideIntentHandler
from skill.state import ConversationState


class PainHandler(GuideIntentHandler):
    intents = (intents.PAIN,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.wellbeing.pain(state)
