"""Opening the skill."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.handlers.base import guide_of, load_state, speak


class LaunchRequestHandler(AbstractRequestHandler):
    """ "Alexa, starte Rückenmassage": welcome, safety note, "Möchten Sie beginnen?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return speak(handler_input, guide_of(handler_input).flow.launch(load_state(handler_input)))
