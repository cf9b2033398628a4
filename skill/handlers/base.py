"""What every handler shares: reading the state, speaking a ``Turn``, choosing the content."""

from __future__ import annotations

from functools import cache

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from skill.content import content_folder, load_content
from skill.conversation import Guide, Turn
from skill.handlers.screen import add_screen
from skill.state import SESSION_KEY, ConversationState


@cache
def guide_for(locale: str | None) -> Guide:
    return Guide(load_content(content_folder(locale)))


def request_locale(handler_input: HandlerInput) -> str | None:
    return getattr(handler_input.request_envelope.request, "locale", None)


def guide_of(handler_input: HandlerInput) -> Guide:
    return guide_for(request_locale(handler_input))


def load_state(handler_input: HandlerInput) -> ConversationState:
    """The validated state of this session (a safe fresh state for anything unusable)."""
    attributes = handler_input.attributes_manager.session_attributes or {}
    return ConversationState.from_attributes(attributes.get(SESSION_KEY))


def save_state(handler_input: HandlerInput, state: ConversationState) -> None:
    attributes = handler_input.attributes_manager.session_attributes
    attributes[SESSION_KEY] = state.to_attributes()
    handler_input.attributes_manager.session_attributes = attributes


def speak(handler_input: HandlerInput, turn: Turn) -> Response:
    """Store the new state and build the response for ``turn``."""
    save_state(handler_input, turn.state)
    builder = handler_input.response_builder
    builder.speak(turn.speech.to_ssml())
    if turn.reprompt is not None and not turn.end_session:
        builder.ask(turn.reprompt.to_ssml())
    if turn.card is not None:
        builder.set_card(SimpleCard(title=turn.card[0], content=turn.card[1]))
    builder.set_should_end_session(turn.end_session)
    add_screen(handler_input, turn, guide_of(handler_input).content)
    return builder.response


class GuideIntentHandler(AbstractRequestHandler):
    """Handles the intents in ``intents`` by one ``Guide`` call (``turn``)."""

    intents: tuple[str, ...] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_intent_name(name)(handler_input) for name in self.intents)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = self.turn(guide_of(handler_input), load_state(handler_input), handler_input)
        return speak(handler_input, turn)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        raise NotImplementedError
