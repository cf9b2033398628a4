"""Answers: the FAQ, the tips, where am I, how long, programs, the practice time, the breathing
exercise."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_request_type

from skill import intents
from skill.conversation import Guide, Turn
from skill.handlers.base import GuideIntentHandler, guide_of
from skill.slots import parse_duration, resolved_id, slot_number, slot_text
from skill.state import ConversationState, Program


class FaqHandler(GuideIntentHandler):
    """The guide's FAQ, one intent each, as the content names them (faq.toml)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not is_request_type("IntentRequest")(handler_input):
            return False
        return get_intent_name(handler_input) in guide_of(handler_input).content.faq_intents

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        faq_id = guide.content.faq_intents[get_intent_name(handler_input)]
        return guide.answers.faq(state, faq_id, resolved_id(handler_input, intents.SLOT_CONDITION))


class AllTipsHandler(GuideIntentHandler):
    intents = (intents.ALL_TIPS,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.answers.all_tips(state)


class SingleTipHandler(GuideIntentHandler):
    intents = (intents.SINGLE_TIP,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.answers.single_tip(state, resolved_id(handler_input, intents.SLOT_TIP_TOPIC))


class WhereAmIHandler(GuideIntentHandler):
    intents = (intents.WHERE_AM_I,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.answers.where_am_i(state)


class HowLongHandler(GuideIntentHandler):
    intents = (intents.HOW_LONG,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.programs.how_long(state)


class ChangePracticeTimeHandler(GuideIntentHandler):
    """ "längere Übungszeit", "Übungszeit von einer Minute", "Pausen von 60 Sekunden"."""

    intents = (intents.CHANGE_PRACTICE_TIME,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        seconds = slot_number(handler_input, intents.SLOT_SECONDS)
        if seconds is None:
            seconds = parse_duration(slot_text(handler_input, intents.SLOT_DURATION))
        direction = resolved_id(handler_input, intents.SLOT_DIRECTION) or resolved_id(
            handler_input, intents.SLOT_RESET_TIME
        )
        return guide.programs.change_practice(state, direction=direction, seconds=seconds)


class BreathingExerciseHandler(GuideIntentHandler):
    intents = (intents.BREATHING_EXERCISE,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.wellbeing.breathing_exercise(state)


class ChooseProgramHandler(GuideIntentHandler):
    """ "Die kurze Version", "ausführlich bitte", "ich habe nur fünf Minuten"."""

    intents = (intents.CHOOSE_PROGRAM,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        program_id = resolved_id(handler_input, intents.SLOT_PROGRAM)
        program = Program(program_id) if program_id in {p.value for p in Program} else None
        seconds = parse_duration(slot_text(handler_input, intents.SLOT_DURATION))
        return guide.programs.choose(state, program, seconds)
