"""Touch: a button on the screen is the spoken intent of the same meaning, nothing else.

Every button's ``SendEvent`` (``skill/apl/screen.json``) sends ``["button", <id>]``. Before the
handlers are chosen, this interceptor turns such a UserEvent into the IntentRequest the person
could have said instead, so a press goes through exactly the same code as the voice: the same
handler, the same ``Guide`` call, the same progress saving and the delete confirmation.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Intent, IntentConfirmationStatus, IntentRequest

from skill import intents
from skill.screen_labels import program_button
from skill.state import Program

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
    "tips": intents.ALL_TIPS,
    "breathing": intents.BREATHING_EXERCISE,
    **{program_button(program): intents.CHOOSE_PROGRAM for program in Program},
}
# Buttons that also fill a slot, as entity resolution fills it for the spoken words:
# id -> (slot, resolved value id).
BUTTON_SLOTS: dict[str, tuple[str, str]] = {
    program_button(program): (intents.SLOT_PROGRAM, program.value) for program in Program
}


def intent_for(arguments: object) -> str | None:
    """The intent a button's SendEvent arguments stand for; ``None`` for anything else."""
    button = _button(arguments)
    return None if button is None else BUTTON_INTENTS.get(button)


def _button(arguments: object) -> str | None:
    if not isinstance(arguments, Sequence) or isinstance(arguments, str) or len(arguments) != 2:
        return None
    kind, button = arguments
    return button if kind == BUTTON_EVENT and isinstance(button, str) else None


def slots_for(arguments: object) -> dict[str, Any]:
    """The slots the button's intent carries: a resolved value, or none."""
    button = _button(arguments)
    if button not in BUTTON_SLOTS:
        return {}
    # Imported on a touch only: the entity-resolution models cost a cold start milliseconds.
    from ask_sdk_model import Slot
    from ask_sdk_model.slu.entityresolution import (
        Resolution,
        Resolutions,
        Status,
        StatusCode,
        Value,
        ValueWrapper,
    )

    name, value_id = BUTTON_SLOTS[button]
    match = Resolution(
        authority=f"rueckenmassage.touch.{name}",
        status=Status(code=StatusCode.ER_SUCCESS_MATCH),
        values=[ValueWrapper(value=Value(name=value_id, id=value_id))],
    )
    resolutions = Resolutions(resolutions_per_authority=[match])
    return {name: Slot(name=name, value=value_id, resolutions=resolutions)}


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
            intent=Intent(
                name=name,
                slots=slots_for(arguments),
                confirmation_status=IntentConfirmationStatus.NONE,
            ),
        )
