"""Requests from an Echo Show (APL) or an Echo Dot, and what their answers put on screen."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from apl_bindings import binding_errors

from skill.chat import envelopes as env
from skill.state import SESSION_KEY, ConversationState

RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"
USER_EVENT = "Alexa.Presentation.APL.UserEvent"


def ask(
    handler,
    intent: str,
    state: ConversationState | None,
    *,
    screen: bool = True,
    slots: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """``intent`` said in ``state`` (a new session if None), on a device with or without APL,
    at ``now`` (the request's timestamp; the state remembers when a practice ends)."""
    envelope = env.intent_request(
        intent,
        slots,
        session_attributes={SESSION_KEY: state.to_attributes()} if state is not None else None,
        new=state is None,
        supported_interfaces=env.APL_INTERFACE if screen else None,
        now=now,
    )
    return handler(envelope, None)


def touch(
    handler,
    arguments: list[Any],
    state: ConversationState,
    token: str = "",
    now: datetime | None = None,
) -> dict[str, Any]:
    """A button press in ``state``: the UserEvent Alexa sends for a SendEvent's ``arguments``."""
    envelope = env.intent_request(
        "unused",
        session_attributes={SESSION_KEY: state.to_attributes()},
        supported_interfaces=env.APL_INTERFACE,
        now=now,
    )
    return handler(as_user_event(envelope, arguments, token), None)


def touch_in(session: env.Session, arguments: list[Any], token: str = "") -> dict[str, Any]:
    """A button press in a running ``Session`` (same user, session id and attributes)."""
    envelope = as_user_event(session.intent("unused"), arguments, token)
    return session.send(envelope)


def as_user_event(envelope: dict[str, Any], arguments: list[Any], token: str) -> dict[str, Any]:
    request = envelope["request"]
    envelope["request"] = {
        "type": USER_EVENT,
        "requestId": request["requestId"],
        "timestamp": request["timestamp"],
        "locale": request["locale"],
        "token": token,
        "arguments": arguments,
        "source": {"type": "TouchWrapper", "handler": "Press", "id": "button"},
        "components": {},
    }
    return envelope


def directives(response: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        directive
        for directive in (response.get("response") or {}).get("directives") or []
        if directive["type"] == RENDER_DOCUMENT
    ]


def screen_of(response: dict[str, Any]) -> dict[str, Any]:
    """The one RenderDocument directive of ``response``; every binding of its document must
    resolve against the datasource it is sent with."""
    found = directives(response)
    assert len(found) == 1, found
    directive = found[0]
    assert binding_errors(directive["document"], directive["datasources"]) == []
    return directive


def properties(response: dict[str, Any]) -> dict[str, Any]:
    return screen_of(response)["datasources"]["screen"]["properties"]


def state_after(response: dict[str, Any]) -> ConversationState:
    return ConversationState.from_attributes(response["sessionAttributes"][SESSION_KEY])
