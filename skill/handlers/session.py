"""Help, fallback, stop and cancel, the end of a session, and errors."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill import intents
from skill.conversation import Guide, Turn
from skill.handlers.base import GuideIntentHandler, guide_of, load_state, speak
from skill.state import ConversationState

log = logging.getLogger(__name__)


class HelpHandler(GuideIntentHandler):
    """Help that depends on where the person is; the session stays open."""

    intents = (intents.HELP,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.help(state)


class FallbackHandler(GuideIntentHandler):
    intents = (intents.FALLBACK,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.fallback(state)


class ThanksHandler(GuideIntentHandler):
    """ "Danke", "das war schön": answered warmly, never with "nicht verstanden"."""

    intents = (intents.THANKS,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.thanks(state)


class StopHandler(GuideIntentHandler):
    """Stop, cancel and "go home": goodbye with the glass-of-water tip, session ends."""

    intents = (intents.STOP, intents.CANCEL, intents.NAVIGATE_HOME)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.goodbye(state)


class SessionEndedHandler(AbstractRequestHandler):
    """The session ended (user left, silence, error): nothing may be said."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        reason = getattr(getattr(request, "reason", None), "value", None)
        error = getattr(request, "error", None)
        if error is not None:
            log.warning("session ended with error: %s", getattr(error, "message", error))
        else:
            log.info("session ended: %s", reason)
        return handler_input.response_builder.response


class UnhandledRequestHandler(AbstractRequestHandler):
    """Any other request type (e.g. a device event we did not subscribe to): stay quiet."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return not is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        log.info("unhandled request type %s", handler_input.request_envelope.request.object_type)
        return handler_input.response_builder.response


class UnknownIntentHandler(AbstractRequestHandler):
    """An intent that no handler takes (e.g. from a newer model): treat it as not understood."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        state = load_state(handler_input)
        return speak(handler_input, guide_of(handler_input).fallback(state))


class ErrorHandler(AbstractExceptionHandler):
    """Any exception becomes a calm German sentence, so Alexa never reports a broken skill."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("error while handling a request", exc_info=exception)
        try:
            state = load_state(handler_input)
            return speak(handler_input, guide_of(handler_input).error(state))
        except Exception:  # the content itself may be what failed: answer without it
            log.exception("error handler could not use the content")
            builder = handler_input.response_builder
            builder.speak(FALLBACK_ERROR_SSML).ask(FALLBACK_ERROR_SSML)
            return builder.response


# Used only when even the content files cannot be read; everything else comes from content.
FALLBACK_ERROR_SSML = (
    "<speak>Entschuldigung, da ist etwas schiefgegangen. "
    "Bitte versuchen Sie es später noch einmal.</speak>"
)
