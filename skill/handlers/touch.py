"""Touch: a button on the screen is the spoken intent of the same meaning, nothing else.

Every button's ``SendEvent`` (``skill/apl/screen.json``) sends ``["button", <id>]``. Before the
handlers are chosen, this interceptor turns such a UserEvent into the IntentRequest the person
could have said instead, so a press goes through exactly the same code as the voice: the same
handler, the same ``Guide`` call, the same progress saving and the delete confirmation.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Intent, IntentConfirmationStatus, IntentRequest

from skill import intents

log = logging.getLogger(__name__)

USER_EVENT = "Alexa.Presentation.APL.UserEvent"
BUTTON_EVENT = "button"  # the first SendEvent argument of every button
# request_attributes key: the button a request came from (for logs and tests).
TOUCHED = "rueckenmassage.touched_button"

BUTTON_INTENTS: dict[str, str] = {
    "begin": intents.BEGIN_MASSAGE,
    "next": intents.NEXT,
    "previous": intents.PREVIOUS,
    "pause": intents.PAUSE,
    "resume": intents.RESUME,
    "repeat": intents.REPEAT,
    "start_over": intents.START_OVER,
    "yes": intents.YES,
    "no": intents.NO,
}


def intent_for(arguments: object) -> str | None:
    """The intent a button's SendEvent arguments stand for; ``None`` for anything else."""
    if not isinstance(arguments, Sequence) or isinstance(arguments, str) or len(arguments) != 2:
        return None
    kind, button = arguments
    if kind != BUTTON_EVENT or not isinstance(button, str):
        return None
    return BUTTON_INTENTS.get(button)


class TouchAsIntentInterceptor(AbstractRequestInterceptor):
    """Registered first, so every later interceptor and handler sees the intent."""

    def process(self, handler_input: HandlerInput) -> None:
        envelope = handler_input.request_envelope
        request = envelope.request
        if getattr(request, "object_type", None) != USER_EVENT:
            return
        arguments = getattr(request, "arguments", None)
        name = intent_for(arguments)
        if name is None:  # an old or foreign document: answer as to words not understood
            log.info("touch event with unknown arguments %r", arguments)
            name = intents.FALLBACK
        handler_input.attributes_manager.request_attributes[TOUCHED] = arguments
        envelope.request = IntentRequest(
            request_id=request.request_id,
            timestamp=request.timestamp,
            locale=request.locale,
            intent=Intent(name=name, slots={}, confirmation_status=IntentConfirmationStatus.NONE),
        )
