"""Moving through the guide: begin, next, previous, repeat, start over, go to, skip, pause."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill import intents
from skill.conversation import Guide, Turn
from skill.handlers.base import GuideIntentHandler
from skill.slots import resolved_id, slot_number
from skill.state import ConversationState


class BeginMassageHandler(GuideIntentHandler):
    intents = (intents.BEGIN_MASSAGE,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        if state.started and not state.finished:
            return guide.continue_guide(state)
        return guide.begin(state)


class NextHandler(GuideIntentHandler):
    intents = (intents.NEXT,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.next(state)


class PreviousHandler(GuideIntentHandler):
    intents = (intents.PREVIOUS,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.previous(state)


class RepeatHandler(GuideIntentHandler):
    intents = (intents.REPEAT,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.repeat(state)


class StartOverHandler(GuideIntentHandler):
    intents = (intents.START_OVER,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.start_over(state)


class GoToStepHandler(GuideIntentHandler):
    """ "Schritt vier", "zum dritten Schritt"; 0, 8 or 99 get the valid range."""

    intents = (intents.GO_TO_STEP,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        number = slot_number(handler_input, intents.SLOT_STEP_NUMBER)
        if number is None:
            ordinal = resolved_id(handler_input, intents.SLOT_STEP_ORDINAL)
            number = int(ordinal) if ordinal is not None and ordinal.isdigit() else None
        return guide.go_to(state, number)


class SkipPreparationHandler(GuideIntentHandler):
    intents = (intents.SKIP_PREPARATION,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.skip_preparation(state)


class PauseHandler(GuideIntentHandler):
    intents = (intents.PAUSE,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.pause(state)


class ResumeHandler(GuideIntentHandler):
    intents = (intents.RESUME,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.resume(state)


class YesHandler(GuideIntentHandler):
    intents = (intents.YES,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.yes(state)


class NoHandler(GuideIntentHandler):
    intents = (intents.NO,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.no(state)
