"""Alexa's answer to the voice consent for reminders: ``Connections.Response`` (the answer to
``Connections.SendRequest`` "AskFor") or, where that is what arrives, a ``SessionResumedRequest``
(the newer ``AskForPermissionsConsent`` connection). The token the skill sent says which
reminder was wanted; ACCEPTED creates it, DENIED and NOT_ANSWERED get a kind answer."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.conversation.reminders import CHANGED
from skill.handlers.base import guide_of, load_state, speak
from skill.handlers.reminders import change, set_up
from skill.reminder_spec import read_token

CONNECTIONS_RESPONSE = "Connections.Response"
SESSION_RESUMED = "SessionResumedRequest"
CONSENT_REQUESTS = (CONNECTIONS_RESPONSE, SESSION_RESUMED)
ACCEPTED, DENIED = "ACCEPTED", "DENIED"


def consent_answer(request: Any) -> tuple[object, str | None]:
    """(token, status) of either form; status None when the answer says nothing usable."""
    if getattr(request, "object_type", None) == CONNECTIONS_RESPONSE:
        payload = getattr(request, "payload", None)
        status = payload.get("status") if isinstance(payload, dict) else None
        return getattr(request, "token", None), status if isinstance(status, str) else None
    cause = getattr(request, "cause", None)
    code = getattr(getattr(cause, "status", None), "code", None)
    result = getattr(cause, "result", None)
    status = result.get("status") if isinstance(result, dict) else None
    if str(code) not in ("200", "204") or not isinstance(status, str):
        status = None
    return getattr(cause, "token", None), status


class ConsentAnswerHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return getattr(request, "object_type", None) in CONSENT_REQUESTS

    def handle(self, handler_input: HandlerInput) -> Response:
        guide, state = guide_of(handler_input), load_state(handler_input)
        token, status = consent_answer(handler_input.request_envelope.request)
        wanted = read_token(token)
        if wanted is None:  # not the skill's own request (or a token it never made)
            return speak(handler_input, guide.acts.what_now(state))
        origin, spec = wanted
        if status == ACCEPTED:
            if origin == CHANGED:
                # A change names a time; days only when they were named (a daily token may
                # just mean "keep each reminder's days").
                days = None if spec.daily else spec.days
                return change(handler_input, (spec.hour, spec.minute), days, consented=True)
            return set_up(handler_input, spec, origin, consented=True)
        kind = "denied" if status == DENIED else "not_answered"
        return speak(handler_input, guide.reminders.problem(state, kind, origin))
