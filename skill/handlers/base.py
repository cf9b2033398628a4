"""What every handler shares: reading the state, speaking a ``Turn``, choosing the content.

The state is read from the session attributes once per request (``load_state`` keeps it in
the request attributes) and written back once, when the answer is spoken (``speak``).
"""

from __future__ import annotations

import time
import zlib
from functools import cache

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.interfaces.connections import SendRequestDirective
from ask_sdk_model.ui import AskForPermissionsConsentCard, SimpleCard

from skill.content import content_folder, load_content
from skill.conversation import Guide, Turn
from skill.handlers.screen import add_screen
from skill.reminders_api import REMINDERS_SCOPE
from skill.state import MAX_SEED, SESSION_KEY, ConversationState

# request_attributes keys: this request's state, and the one last written to the session.
_STATE = "rueckenmassage.state"
_WRITTEN = "rueckenmassage.state_written"


@cache
def _guide(folder: str) -> Guide:
    return Guide(load_content(folder))


def guide_for(locale: str | None) -> Guide:
    """The guide for a request's locale; unknown locales get the default one.

    Normalised before the cache: keyed by the raw locale, every made-up locale string a
    request carried would stay in memory for good.
    """
    return _guide(content_folder(locale if isinstance(locale, str) else None))


def request_locale(handler_input: HandlerInput) -> str | None:
    return getattr(handler_input.request_envelope.request, "locale", None)


def guide_of(handler_input: HandlerInput) -> Guide:
    return guide_for(request_locale(handler_input))


def intent_name(handler_input: HandlerInput) -> str | None:
    """The intent of an IntentRequest, else None (cheaper than one closure per handler)."""
    request = handler_input.request_envelope.request
    if getattr(request, "object_type", None) != "IntentRequest":
        return None
    return getattr(getattr(request, "intent", None), "name", None)


def _session_value(handler_input: HandlerInput) -> object:
    if handler_input.request_envelope.session is None:
        return None  # e.g. a one-shot request without a session: start fresh
    attributes = handler_input.attributes_manager.session_attributes
    return attributes.get(SESSION_KEY) if isinstance(attributes, dict) else None


def load_state(handler_input: HandlerInput) -> ConversationState:
    """The validated state of this session (a safe fresh state for anything unusable)."""
    request_attributes = handler_input.attributes_manager.request_attributes
    state = request_attributes.get(_STATE)
    if state is None:
        state = ConversationState.from_attributes(_session_value(handler_input))
        request_attributes[_STATE] = state
    return state  # type: ignore[no-any-return]


def remember_state(handler_input: HandlerInput, state: ConversationState) -> None:
    """This request's state from now on; written to the session by ``speak``/``save_state``."""
    handler_input.attributes_manager.request_attributes[_STATE] = state


def save_state(handler_input: HandlerInput, state: ConversationState) -> None:
    """Remember ``state`` and write it to the session attributes (unless written already)."""
    remember_state(handler_input, state)
    request_attributes = handler_input.attributes_manager.request_attributes
    if request_attributes.get(_WRITTEN) is state:
        return
    request_attributes[_WRITTEN] = state
    if handler_input.request_envelope.session is not None:
        # Only the skill's own key: nothing a request carried in is echoed back.
        handler_input.attributes_manager.session_attributes = {
            SESSION_KEY: state.to_attributes()
        }


def write_pending_state(handler_input: HandlerInput) -> None:
    """Write the state if it changed since the last write (for answers not made by speak)."""
    request_attributes = handler_input.attributes_manager.request_attributes
    state = request_attributes.get(_STATE)
    if state is not None and request_attributes.get(_WRITTEN) is not state:
        save_state(handler_input, state)


def request_time(handler_input: HandlerInput) -> int:
    """The request's timestamp (Unix seconds); this machine's clock if it has none."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    try:
        return int(stamp.timestamp())  # type: ignore[union-attr]
    except (AttributeError, TypeError, ValueError, OverflowError, OSError):
        return int(time.time())


def session_seed(handler_input: HandlerInput) -> int:
    """A number from the session id: each session picks its own phrasings."""
    session = handler_input.request_envelope.session
    session_id = getattr(session, "session_id", None) if session is not None else None
    return zlib.crc32(session_id.encode()) & MAX_SEED if isinstance(session_id, str) else 0


def speak(handler_input: HandlerInput, turn: Turn) -> Response:
    """Store the new state and build the response for ``turn``."""
    state = turn.state
    if turn.done_after is not None:
        state = state.with_changes(practice_end=request_time(handler_input) + turn.done_after)
    save_state(handler_input, state)
    builder = handler_input.response_builder
    builder.speak(turn.speech.to_ssml())
    if turn.reprompt is not None and not turn.end_session:
        builder.ask(turn.reprompt.to_ssml())
    if turn.card is not None:
        builder.set_card(SimpleCard(title=turn.card[0], content=turn.card[1]))
    builder.set_should_end_session(turn.end_session)
    if turn.permission_card:
        builder.set_card(AskForPermissionsConsentCard(permissions=[REMINDERS_SCOPE]))
    if turn.consent_token is not None:
        # Alexa asks for the permission in its own words and answers with a
        # Connections.Response (skill/handlers/consent.py); no screen goes with the hand-over.
        builder.add_directive(consent_request(turn.consent_token))
        return builder.response
    add_screen(handler_input, turn, guide_of(handler_input).content)
    return builder.response


def consent_request(token: str) -> SendRequestDirective:
    """Connections.SendRequest "AskFor": Alexa asks for the reminders permission by voice."""
    payload = {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "1",
        "permissionScope": REMINDERS_SCOPE,
    }
    return SendRequestDirective(name="AskFor", payload=payload, token=token)


class GuideIntentHandler(AbstractRequestHandler):
    """Handles the intents in ``intents`` by one ``Guide`` call (``turn``)."""

    intents: tuple[str, ...] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_name(handler_input) in self.intents

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = self.turn(guide_of(handler_input), load_state(handler_input), handler_input)
        return speak(handler_input, turn)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        raise NotImplementedError
