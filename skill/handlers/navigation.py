"""Moving through the guide: begin, next, previous, repeat, start over, go to, skip, pause."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill import intents
from skill.conversation import Guide, Turn
from skill.handlers.base import GuideIntentHandler
from skill.slots import parse_number, resolved_id, slot_number
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
    """ "Schritt vier", "zum dritten Schritt", "zum Dehnen"; 0, 8 or 99 get the valid range."""

    intents = (intents.GO_TO_STEP,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.go_to(state, self.requested_step(guide, handler_input))

    @staticmethod
    def requested_step(guide: Guide, handler_input: HandlerInput) -> int | None:
        """The step asked for by number, ordinal ("zum letzten") or name ("zum Dehnen")."""
        number = slot_number(handler_input, intents.SLOT_STEP_NUMBER)
        if number is not None:
            return number
        ordinal = resolved_id(handler_input, intents.SLOT_STEP_ORDINAL)
        if ordinal == intents.LAST_STEP:
            return len(guide.content.steps)
        if ordinal is not None:
            return parse_number(ordinal)
        step_id = resolved_id(handler_input, intents.SLOT_STEP_NAME)
        return guide.content.step_number(step_id) if step_id is not None else None


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
