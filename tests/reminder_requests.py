"""Request envelopes for the reminder tests: what Alexa sends when the Reminders API can be
reached (``apiEndpoint``, ``apiAccessToken``, the granted scopes) and the two forms of its
answer to the voice consent (``Connections.Response`` and ``SessionResumedRequest``)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

from skill import intents
from skill.chat import envelopes as env
from skill.reminders_api import REMINDERS_SCOPE
from skill.state import SESSION_KEY, ConversationState

# A Monday, 18:40 in Berlin (CET): "um neunzehn Uhr" is still to come today.
NOW = datetime(2026, 3, 2, 17, 40, tzinfo=timezone.utc)
API_TOKEN = "test-api-access-token"
Permission = Literal["granted", "denied", None]
SEND_REQUEST = "Connections.SendRequest"


def with_api(
    envelope: dict[str, Any], endpoint: str, permission: Permission = None
) -> dict[str, Any]:
    """``envelope`` as Alexa sends it to a skill with the reminders permission in the
    manifest: the API endpoint and token, and the scope's status once the person answered."""
    system = envelope["context"]["System"]
    system["apiEndpoint"] = endpoint
    system["apiAccessToken"] = API_TOKEN
    if permission is not None:
        status = "GRANTED" if permission == "granted" else "DENIED"
        system["user"]["permissions"] = {
            "consentToken": "test-consent-token",
            "scopes": {REMINDERS_SCOPE: {"status": status}},
        }
    return envelope


def day_slot(name: str, spoken: str | None, value_id: str | None) -> dict[str, Any]:
    return env.slot(name, spoken, resolved_id=value_id, slot_type="ReminderDays")


def reminder_slots(
    time: str | None, *days: tuple[str, str], part: tuple[str, str] | None = None
) -> dict[str, str | dict[str, Any] | None]:
    """SetReminderIntent's slots as Alexa fills them: AMAZON.TIME ("19:00"), up to three
    ReminderDays values and a DayPart value, each as (spoken, id)."""
    slots: dict[str, str | dict[str, Any] | None] = {intents.SLOT_TIME: time}
    for name, day in zip(intents.REMINDER_DAY_SLOTS, (*days, None, None, None), strict=False):
        slots[name] = day_slot(name, *day) if day else None
    slots[intents.SLOT_DAY_PART] = (
        env.slot(intents.SLOT_DAY_PART, part[0], resolved_id=part[1], slot_type="DayPart")
        if part
        else None
    )
    return slots


def ask(
    handler: Any,
    endpoint: str,
    intent: str,
    slots: dict[str, Any] | None = None,
    *,
    permission: Permission = None,
    state: ConversationState | None = None,
    locale: str = "de-DE",
    now: datetime = NOW,
) -> dict[str, Any]:
    """``intent`` said in ``state`` (a new session when None)."""
    envelope = env.intent_request(
        intent,
        slots,
        session_attributes={SESSION_KEY: state.to_attributes()} if state is not None else None,
        new=state is None,
        locale=locale,
        now=now,
    )
    return handler(with_api(envelope, endpoint, permission), None)


def launch(
    handler: Any, endpoint: str, *, permission: Permission = None, now: datetime = NOW
) -> dict[str, Any]:
    """ "Alexa, starte Rückenmassage": a new session, which reads the stored record."""
    return handler(with_api(env.launch_request(now=now), endpoint, permission), None)


def consent_answer(
    handler: Any,
    endpoint: str,
    status: str,
    token: str,
    *,
    form: Literal["response", "resumed"] = "response",
    locale: str = "de-DE",
    now: datetime = NOW,
) -> dict[str, Any]:
    """Alexa's answer to the voice consent, in a new session (the one that asked has ended),
    with the scope granted when the person accepted."""
    envelope = env.launch_request(locale=locale, now=now)
    launch = envelope["request"]
    common = {key: launch[key] for key in ("requestId", "timestamp", "locale")}
    if form == "response":
        envelope["request"] = {
            **common,
            "type": "Connections.Response",
            "name": "AskFor",
            "status": {"code": "200", "message": "OK"},
            "payload": {"permissionScope": REMINDERS_SCOPE, "status": status},
            "token": token,
        }
    else:
        envelope["request"] = {
            **common,
            "type": "SessionResumedRequest",
            "cause": {
                "type": "ConnectionCompleted",
                "token": token,
                "status": {"code": "200", "message": "OK"},
                "result": {"status": status, "isCardThrown": False},
            },
        }
    permission: Permission = "granted" if status == "ACCEPTED" else None
    return handler(with_api(envelope, endpoint, permission), None)


def consent_request(response: dict[str, Any]) -> dict[str, Any] | None:
    """The ``Connections.SendRequest`` "AskFor" directive of a response, if it has one."""
    for directive in response["response"].get("directives") or []:
        if directive.get("type") == SEND_REQUEST:
            return directive  # type: ignore[no-any-return]
    return None


def state_after(response: dict[str, Any]) -> ConversationState:
    attributes = response.get("sessionAttributes") or {}
    return ConversationState.from_attributes(attributes.get(SESSION_KEY))
