"""Request envelopes shaped exactly like the JSON Alexa sends to a custom skill.

Every function returns a plain ``dict`` (what AWS Lambda hands to the handler), so the same
envelope can go through ``SkillBuilder.lambda_handler()``, be posted to the web service, or be
deserialized with the SDK::

    from skill.chat import envelopes as env

    handler = build_skill_builder().lambda_handler()
    response = handler(env.launch_request(), None)
    response = handler(env.intent_request("AMAZON.YesIntent", new=False,
                                          session_attributes=response.get("sessionAttributes")),
                       None)

Slots can be given in full (ASK slot JSON) or as a plain spoken value::

    env.intent_request("GoToStepIntent", {"stepNumber": "4"})
    longer = env.slot("direction", "länger", resolved_id="longer",
                      resolved_name="längere", slot_type="PracticeDirection")
    env.intent_request("ChangePracticeTimeIntent", {"direction": longer})

For a conversation, ``Session`` keeps the session id, the user and the attributes returned by
the last response, and builds the next request from them::

    session = env.Session(handler)
    session.send(session.launch())
    reply = session.send(session.intent("AMAZON.YesIntent"))
    assert session.is_open
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, Literal

# Fixed fake identifiers: stable across runs, so stored progress of the console user (and of
# tests) is found again, and clearly not real ones.
DEFAULT_APPLICATION_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
DEFAULT_USER_ID = "amzn1.ask.account.CHATUSER0000000000000000000000000000"
DEFAULT_DEVICE_ID = "amzn1.ask.device.CHATDEVICE000000000000000000000000000"
DEFAULT_LOCALE = "de-DE"
# German skills are served from the EU endpoint.
API_ENDPOINT = "https://api.eu.amazonalexa.com"
# Not a real token: Alexa sends a JWT here that the SDK's service clients would use.
FAKE_API_ACCESS_TOKEN = "chat-simulator-fake-api-access-token"

# ``supported_interfaces`` of an Echo Show (APL); an Echo Dot sends ``{}``.
APL_INTERFACE: dict[str, Any] = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.2"}}}

SessionEndedReason = Literal["USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR"]
JsonDict = dict[str, Any]
# What ``SkillBuilder.lambda_handler()`` returns: (event, context) -> response dict.
Handler = Callable[[JsonDict, Any], JsonDict]


def new_session_id() -> str:
    return f"amzn1.echo-api.session.{uuid.uuid4()}"


def new_request_id() -> str:
    return f"amzn1.echo-api.request.{uuid.uuid4()}"


def timestamp(now: datetime | None = None) -> str:
    """ISO 8601 in UTC with a ``Z`` and whole seconds, the format Alexa uses."""
    now = datetime.now(timezone.utc) if now is None else now
    if now.tzinfo is None:  # a naive datetime is taken as UTC
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------------------------
# Slots


def slot(
    name: str,
    value: str | None = None,
    *,
    resolved_id: str | None = None,
    resolved_name: str | None = None,
    slot_type: str | None = None,
    application_id: str = DEFAULT_APPLICATION_ID,
) -> JsonDict:
    """One slot as Alexa sends it.

    ``value=None`` is an unfilled slot (Alexa still lists every slot the intent declares).
    With ``resolved_id``/``resolved_name`` the slot carries an entity resolution with
    ``ER_SUCCESS_MATCH`` for custom slot type ``slot_type`` (what a synonym resolves to).
    """
    if value is None:
        return {"name": name, "confirmationStatus": "NONE"}
    result: JsonDict = {
        "name": name,
        "value": value,
        "confirmationStatus": "NONE",
        "source": "USER",
    }
    slot_value: JsonDict = {"type": "Simple", "value": value}
    if resolved_id is not None or resolved_name is not None:
        resolutions = {
            "resolutionsPerAuthority": [
                {
                    "authority": f"amzn1.er-authority.echo-sdk.{application_id}."
                    f"{slot_type or name}",
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [
                        {
                            "value": {
                                "name": resolved_name if resolved_name is not None else value,
                                "id": resolved_id if resolved_id is not None else value,
                            }
                        }
                    ],
                }
            ]
        }
        result["resolutions"] = resolutions
        slot_value["resolutions"] = resolutions
    # Alexa sends both the classic ``value`` and the newer ``slotValue`` form.
    result["slotValue"] = slot_value
    return result


def _normalise_slots(slots: Mapping[str, str | JsonDict | None] | None) -> JsonDict:
    """Accept full slot JSON, a plain spoken value, or ``None`` (unfilled) per slot."""
    result: JsonDict = {}
    for name, given in (slots or {}).items():
        if given is None or isinstance(given, str):
            result[name] = slot(name, given)
        else:
            result[name] = {"name": name, **given}
    return result


# --------------------------------------------------------------------------------------------
# Envelopes


def _envelope(
    request: JsonDict,
    *,
    with_session: bool,
    session_attributes: Mapping[str, Any] | None,
    new: bool,
    session_id: str | None,
    user_id: str,
    application_id: str,
    device_id: str,
    supported_interfaces: Mapping[str, Any] | None,
) -> JsonDict:
    envelope: JsonDict = {"version": "1.0"}
    if with_session:
        envelope["session"] = {
            "new": new,
            "sessionId": session_id or new_session_id(),
            "application": {"applicationId": application_id},
            "attributes": dict(session_attributes or {}),
            "user": {"userId": user_id},
        }
    envelope["context"] = {
        "System": {
            "application": {"applicationId": application_id},
            "user": {"userId": user_id},
            "device": {
                "deviceId": device_id,
                "supportedInterfaces": dict(supported_interfaces or {}),
            },
            "apiEndpoint": API_ENDPOINT,
            "apiAccessToken": FAKE_API_ACCESS_TOKEN,
        }
    }
    envelope["request"] = request
    return envelope


def _request(request_type: str, locale: str, now: datetime | None) -> JsonDict:
    return {
        "type": request_type,
        "requestId": new_request_id(),
        "timestamp": timestamp(now),
        "locale": locale,
    }


def launch_request(
    *,
    session_attributes: Mapping[str, Any] | None = None,
    new: bool = True,
    session_id: str | None = None,
    user_id: str = DEFAULT_USER_ID,
    application_id: str = DEFAULT_APPLICATION_ID,
    locale: str = DEFAULT_LOCALE,
    device_id: str = DEFAULT_DEVICE_ID,
    supported_interfaces: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> JsonDict:
    """A LaunchRequest ("Alexa, starte Rückenmassage"), by default in a new session."""
    request = _request("LaunchRequest", locale, now)
    request["shouldLinkResultBeReturned"] = False
    return _envelope(
        request,
        with_session=True,
        session_attributes=session_attributes,
        new=new,
        session_id=session_id,
        user_id=user_id,
        application_id=application_id,
        device_id=device_id,
        supported_interfaces=supported_interfaces,
    )


def intent_request(
    intent_name: str,
    slots: Mapping[str, str | JsonDict | None] | None = None,
    *,
    session_attributes: Mapping[str, Any] | None = None,
    new: bool = False,
    session_id: str | None = None,
    user_id: str = DEFAULT_USER_ID,
    application_id: str = DEFAULT_APPLICATION_ID,
    locale: str = DEFAULT_LOCALE,
    device_id: str = DEFAULT_DEVICE_ID,
    supported_interfaces: Mapping[str, Any] | None = None,
    dialog_state: Literal["STARTED", "IN_PROGRESS", "COMPLETED"] | None = None,
    confirmation_status: Literal["NONE", "CONFIRMED", "DENIED"] = "NONE",
    now: datetime | None = None,
) -> JsonDict:
    """An IntentRequest. ``new=False`` by default: most intents arrive inside a session.

    ``slots`` maps slot names to full slot JSON (see ``slot``), a spoken value, or ``None``.
    Alexa leaves out ``slots`` for intents that declare none, and so does this function when
    ``slots`` is empty.
    """
    request = _request("IntentRequest", locale, now)
    intent: JsonDict = {"name": intent_name, "confirmationStatus": confirmation_status}
    normalised = _normalise_slots(slots)
    if normalised:
        intent["slots"] = normalised
    if dialog_state is not None:  # only sent for intents with a dialog model
        request["dialogState"] = dialog_state
    request["intent"] = intent
    return _envelope(
        request,
        with_session=True,
        session_attributes=session_attributes,
        new=new,
        session_id=session_id,
        user_id=user_id,
        application_id=application_id,
        device_id=device_id,
        supported_interfaces=supported_interfaces,
    )


def session_ended_request(
    reason: SessionEndedReason = "USER_INITIATED",
    *,
    error_type: str = "INVALID_RESPONSE",
    error_message: str = "The skill's response was invalid.",
    session_attributes: Mapping[str, Any] | None = None,
    new: bool = False,
    session_id: str | None = None,
    user_id: str = DEFAULT_USER_ID,
    application_id: str = DEFAULT_APPLICATION_ID,
    locale: str = DEFAULT_LOCALE,
    device_id: str = DEFAULT_DEVICE_ID,
    supported_interfaces: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> JsonDict:
    """A SessionEndedRequest: the user said nothing twice (EXCEEDED_MAX_REPROMPTS), left
    (USER_INITIATED), or the skill's response failed (ERROR, with an ``error`` object).

    The skill's answer to it is never spoken.
    """
    request = _request("SessionEndedRequest", locale, now)
    request["reason"] = reason
    if reason == "ERROR":
        request["error"] = {"type": error_type, "message": error_message}
    return _envelope(
        request,
        with_session=True,
        session_attributes=session_attributes,
        new=new,
        session_id=session_id,
        user_id=user_id,
        application_id=application_id,
        device_id=device_id,
        supported_interfaces=supported_interfaces,
    )


def skill_event(
    event_type: str,
    *,
    body: Mapping[str, Any] | None = None,
    user_id: str = DEFAULT_USER_ID,
    application_id: str = DEFAULT_APPLICATION_ID,
    locale: str = DEFAULT_LOCALE,
    device_id: str = DEFAULT_DEVICE_ID,
    now: datetime | None = None,
) -> JsonDict:
    """A skill event such as ``AlexaSkillEvent.SkillDisabled``; it has no session.

    SkillDisabled carries ``body.userInformation.persistenceStatus`` on the platform; it is
    filled in with ``PERSISTED`` unless ``body`` is given.
    """
    request = _request(event_type, locale, now)
    request["eventCreationTime"] = request["timestamp"]
    request["eventPublishingTime"] = request["timestamp"]
    if body is not None:
        request["body"] = dict(body)
    elif event_type == "AlexaSkillEvent.SkillDisabled":
        request["body"] = {"userInformation": {"persistenceStatus": "PERSISTED"}}
    return _envelope(
        request,
        with_session=False,
        session_attributes=None,
        new=False,
        session_id=None,
        user_id=user_id,
        application_id=application_id,
        device_id=device_id,
        supported_interfaces=None,
    )


# --------------------------------------------------------------------------------------------
# A conversation


def response_ends_session(response: Mapping[str, Any]) -> bool:
    """Whether a response envelope (what the handler returns) ends the session.

    Only an explicit ``shouldEndSession: false`` keeps it open: on a voice-only device such as
    an Echo Dot, a response without the flag ends the session too.
    """
    return (response.get("response") or {}).get("shouldEndSession") is not False


class Session:
    """One user on one device, talking to the skill one request at a time.

    It remembers the session id and the attributes of the last response (Alexa hands
    ``sessionAttributes`` back in the next request), marks only the first request of a session
    as ``new``, and forgets everything when a response ends the session. Requests built while
    no session is open start a new one, like a one-shot "Alexa, frage Rückenmassage ...".

    ``handler`` (optional) is what ``SkillBuilder.lambda_handler()`` returns; ``send`` uses it.
    """

    def __init__(
        self,
        handler: Handler | None = None,
        *,
        user_id: str = DEFAULT_USER_ID,
        application_id: str = DEFAULT_APPLICATION_ID,
        locale: str = DEFAULT_LOCALE,
        device_id: str = DEFAULT_DEVICE_ID,
        supported_interfaces: Mapping[str, Any] | None = None,
    ) -> None:
        self.handler = handler
        self.user_id = user_id
        self.application_id = application_id
        self.locale = locale
        self.device_id = device_id
        self.supported_interfaces: dict[str, Any] = dict(supported_interfaces or {})
        self.session_id: str | None = None
        self.attributes: dict[str, Any] = {}
        self._sent_first_request = False

    @property
    def is_open(self) -> bool:
        return self.session_id is not None

    def start(self) -> None:
        """Begin a new session: a fresh id, no attributes."""
        self.session_id = new_session_id()
        self.attributes = {}
        self._sent_first_request = False

    def close(self) -> None:
        self.session_id = None
        self.attributes = {}
        self._sent_first_request = False

    def _common(self, now: datetime | None) -> JsonDict:
        """Session and device fields for the next request; marks the session as not new."""
        if not self.is_open:
            self.start()
        new = not self._sent_first_request
        self._sent_first_request = True
        return {
            "session_attributes": self.attributes,
            "new": new,
            "session_id": self.session_id,
            "user_id": self.user_id,
            "application_id": self.application_id,
            "locale": self.locale,
            "device_id": self.device_id,
            "supported_interfaces": self.supported_interfaces,
            "now": now,
        }

    def launch(self, *, now: datetime | None = None) -> JsonDict:
        """A LaunchRequest; it always starts a new session, as "Alexa, starte ..." does."""
        self.start()
        return launch_request(**self._common(now))

    def intent(
        self,
        intent_name: str,
        slots: Mapping[str, str | JsonDict | None] | None = None,
        *,
        new_session: bool = False,
        now: datetime | None = None,
    ) -> JsonDict:
        """An IntentRequest in the open session, or in a new one (one-shot) if none is open or
        ``new_session`` is true."""
        if new_session:
            self.start()
        return intent_request(intent_name, slots, **self._common(now))

    def end(
        self, reason: SessionEndedReason = "USER_INITIATED", *, now: datetime | None = None
    ) -> JsonDict:
        """A SessionEndedRequest for the open session; the session is closed afterwards."""
        if not self.is_open:
            raise RuntimeError("no session is open")
        envelope = session_ended_request(reason, **self._common(now))
        self.close()
        return envelope

    def update(self, response: Mapping[str, Any]) -> None:
        """Take in a response envelope: keep its session attributes, or close the session."""
        if response_ends_session(response):
            self.close()
        else:
            self.attributes = dict(response.get("sessionAttributes") or {})

    def send(self, envelope: JsonDict) -> JsonDict:
        """Pass ``envelope`` to the handler (as AWS Lambda does), update, return the response."""
        if self.handler is None:
            raise RuntimeError("Session has no handler; pass one to Session(handler)")
        response = self.handler(envelope, None)
        if envelope["request"]["type"] != "SessionEndedRequest":
            self.update(response)
        return response
