"""Request envelopes of skill.chat.envelopes: shaped like Alexa's, readable by the ASK SDK."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.utils import get_simple_slot_values, get_slot, get_slot_value_v2
from ask_sdk_model import IntentRequest, LaunchRequest, RequestEnvelope, SessionEndedRequest
from ask_sdk_model.events.skillevents import SkillDisabledRequest, SkillEnabledRequest
from stand_in_skill import EchoSkill

from skill.chat import envelopes as env

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def deserialize(envelope: dict[str, Any]) -> RequestEnvelope:
    """Exactly what the SDK does with the JSON Alexa posts."""
    return DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)


# --------------------------------------------------------------------------------------------
# Single envelopes


def test_launch_request_deserializes_with_session_and_context() -> None:
    envelope = env.launch_request(session_attributes={"a": 1})
    parsed = deserialize(envelope)
    assert envelope["version"] == "1.0"
    assert isinstance(parsed.request, LaunchRequest)
    assert parsed.request.locale == "de-DE"
    assert parsed.session.new is True
    assert parsed.session.attributes == {"a": 1}
    assert parsed.session.session_id.startswith("amzn1.echo-api.session.")
    assert parsed.session.application.application_id == env.DEFAULT_APPLICATION_ID
    assert parsed.session.user.user_id == env.DEFAULT_USER_ID
    system = parsed.context.system
    assert system.application.application_id == env.DEFAULT_APPLICATION_ID
    assert system.user.user_id == env.DEFAULT_USER_ID
    assert system.device.device_id == env.DEFAULT_DEVICE_ID
    assert system.api_endpoint == "https://api.eu.amazonalexa.com"
    # A device without a screen: no interfaces, so APL must not be sent.
    assert envelope["context"]["System"]["device"]["supportedInterfaces"] == {}


def test_parameters_reach_the_envelope() -> None:
    envelope = env.launch_request(
        new=False,
        session_id="amzn1.echo-api.session.fixed",
        user_id="amzn1.ask.account.OTHER",
        application_id="amzn1.ask.skill.11111111-1111-1111-1111-111111111111",
        locale="de-AT",
        supported_interfaces=env.APL_INTERFACE,
    )
    parsed = deserialize(envelope)
    assert parsed.session.new is False
    assert parsed.session.session_id == "amzn1.echo-api.session.fixed"
    assert parsed.session.user.user_id == "amzn1.ask.account.OTHER"
    assert parsed.context.system.user.user_id == "amzn1.ask.account.OTHER"
    assert parsed.context.system.application.application_id.startswith("amzn1.ask.skill.1111")
    assert parsed.request.locale == "de-AT"
    assert parsed.context.system.device.supported_interfaces.alexa_presentation_apl is not None


def test_timestamp_is_iso_utc_and_now() -> None:
    envelope = env.intent_request("AMAZON.HelpIntent")
    stamp = envelope["request"]["timestamp"]
    assert ISO_UTC.match(stamp)
    sent = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs(datetime.now(timezone.utc) - sent) < timedelta(seconds=5)
    parsed = deserialize(envelope)
    assert parsed.request.timestamp.year == sent.year


def test_timestamp_can_be_fixed_for_tolerance_tests() -> None:
    old = datetime(2026, 11, 29, 11, 0, 0, tzinfo=timezone.utc)
    assert env.launch_request(now=old)["request"]["timestamp"] == "2026-11-29T11:00:00Z"
    # Other time zones are converted, naive times taken as UTC.
    berlin = datetime(2026, 11, 29, 13, 0, 0, tzinfo=timezone(timedelta(hours=1)))
    assert env.timestamp(berlin) == "2026-11-29T12:00:00Z"
    assert env.timestamp(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05Z"


def test_request_and_session_ids_are_unique() -> None:
    first, second = env.launch_request(), env.launch_request()
    assert first["request"]["requestId"] != second["request"]["requestId"]
    assert first["session"]["sessionId"] != second["session"]["sessionId"]
    assert first["request"]["requestId"].startswith("amzn1.echo-api.request.")


def test_intent_request_with_plain_and_resolved_slots() -> None:
    envelope = env.intent_request(
        "GoToStepIntent",
        {
            "stepNumber": "4",
            "stepOrdinal": env.slot(
                "stepOrdinal",
                "dritte",
                resolved_id="3",
                resolved_name="dritten",
                slot_type="StepOrdinal",
            ),
            "unused": None,
        },
    )
    parsed = deserialize(envelope)
    request = parsed.request
    assert isinstance(request, IntentRequest)
    assert parsed.session.new is False  # intents usually arrive inside a session
    assert request.intent.name == "GoToStepIntent"
    assert request.intent.confirmation_status.value == "NONE"
    slots = request.intent.slots
    assert slots["stepNumber"].value == "4"
    assert slots["unused"].value is None
    ordinal = slots["stepOrdinal"]
    assert ordinal.value == "dritte"
    authority = ordinal.resolutions.resolutions_per_authority[0]
    assert authority.status.code.value == "ER_SUCCESS_MATCH"
    assert authority.authority == (
        f"amzn1.er-authority.echo-sdk.{env.DEFAULT_APPLICATION_ID}.StepOrdinal"
    )
    assert authority.values[0].value.id == "3"
    assert authority.values[0].value.name == "dritten"


def test_slot_helpers_of_the_sdk_read_the_envelope() -> None:
    envelope = env.intent_request("ChangePracticeTimeIntent", {"duration": "PT1M", "seconds": None})
    handler_input = HandlerInput(request_envelope=deserialize(envelope))
    # The newer slotValue form, which Alexa sends next to the classic value.
    assert get_slot_value_v2(handler_input, "duration").value == "PT1M"
    simple = get_simple_slot_values(get_slot_value_v2(handler_input, "duration"))
    assert [v.value for v in simple] == ["PT1M"]
    assert get_slot_value_v2(handler_input, "seconds") is None
    assert get_slot(handler_input, "seconds") is not None  # declared, but unfilled


def test_intent_without_slots_has_no_slots_key() -> None:
    envelope = env.intent_request("AMAZON.YesIntent")
    assert "slots" not in envelope["request"]["intent"]
    assert "dialogState" not in envelope["request"]
    assert deserialize(envelope).request.intent.slots is None


def test_dialog_state_when_asked_for() -> None:
    envelope = env.intent_request("DeleteDataIntent", dialog_state="STARTED")
    assert deserialize(envelope).request.dialog_state.value == "STARTED"


@pytest.mark.parametrize("reason", ["USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR"])
def test_session_ended_request(reason: str) -> None:
    parsed = deserialize(env.session_ended_request(reason, session_attributes={"x": 1}))
    assert isinstance(parsed.request, SessionEndedRequest)
    assert parsed.request.reason.value == reason
    assert parsed.session.attributes == {"x": 1}
    if reason == "ERROR":
        assert parsed.request.error.object_type.value == "INVALID_RESPONSE"
    else:
        assert parsed.request.error is None


def test_skill_disabled_event_has_no_session() -> None:
    envelope = env.skill_event("AlexaSkillEvent.SkillDisabled", user_id="amzn1.ask.account.GONE")
    assert "session" not in envelope
    assert envelope["request"]["body"]["userInformation"]["persistenceStatus"] == "PERSISTED"
    parsed = deserialize(envelope)
    assert isinstance(parsed.request, SkillDisabledRequest)
    assert parsed.session is None
    assert parsed.context.system.user.user_id == "amzn1.ask.account.GONE"
    assert parsed.request.event_creation_time is not None


def test_skill_enabled_event() -> None:
    envelope = env.skill_event("AlexaSkillEvent.SkillEnabled")
    assert "body" not in envelope["request"]
    assert isinstance(deserialize(envelope).request, SkillEnabledRequest)


def test_response_ends_session() -> None:
    assert env.response_ends_session({"response": {"shouldEndSession": True}})
    assert not env.response_ends_session({"response": {"shouldEndSession": False}})
    # No flag: a voice-only device ends the session.
    assert env.response_ends_session({"response": {}})


# --------------------------------------------------------------------------------------------
# Session


def test_session_passes_attributes_back_and_marks_only_the_first_request_new() -> None:
    skill = EchoSkill()
    session = env.Session(skill)
    session.send(session.launch())
    session.send(session.intent("AMAZON.YesIntent"))
    session.send(session.intent("AMAZON.NextIntent"))
    first, second, third = skill.requests
    assert [r["session"]["new"] for r in skill.requests] == [True, False, False]
    assert len({r["session"]["sessionId"] for r in skill.requests}) == 1
    assert first["session"]["attributes"] == {}
    assert second["session"]["attributes"] == {"turns": 1}
    assert third["session"]["attributes"] == {"turns": 2}
    assert session.is_open
    assert session.attributes == {"turns": 3}


def test_session_closes_when_the_response_ends_it() -> None:
    skill = EchoSkill()
    session = env.Session(skill)
    session.send(session.launch())
    session.send(session.intent("AMAZON.StopIntent"))
    assert not session.is_open
    assert session.attributes == {}
    # The next utterance is a one-shot: a new session without the old attributes.
    session.send(session.intent("HowLongIntent"))
    last = skill.requests[-1]
    assert last["session"]["new"] is True
    assert last["session"]["attributes"] == {}
    assert last["session"]["sessionId"] != skill.requests[0]["session"]["sessionId"]


def test_session_end_sends_session_ended_request_and_closes() -> None:
    skill = EchoSkill()
    session = env.Session(skill, user_id="amzn1.ask.account.ME", locale="de-CH")
    session.send(session.launch())
    session_id = session.session_id
    session.send(session.end("EXCEEDED_MAX_REPROMPTS"))
    ended = skill.requests[-1]
    assert ended["request"]["type"] == "SessionEndedRequest"
    assert ended["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert ended["request"]["locale"] == "de-CH"
    assert ended["session"]["sessionId"] == session_id
    assert ended["session"]["user"]["userId"] == "amzn1.ask.account.ME"
    assert ended["session"]["attributes"] == {"turns": 1}
    assert not session.is_open
    with pytest.raises(RuntimeError):
        session.end()


def test_launch_always_starts_a_new_session() -> None:
    skill = EchoSkill()
    session = env.Session(skill)
    session.send(session.launch())
    first_id = session.session_id
    session.send(session.launch())
    assert session.session_id != first_id
    assert skill.requests[-1]["session"]["new"] is True
    assert skill.requests[-1]["session"]["attributes"] == {}


def test_intent_with_new_session_forces_a_new_one() -> None:
    skill = EchoSkill()
    session = env.Session(skill)
    session.send(session.launch())
    session.send(session.intent("HowLongIntent", new_session=True))
    assert skill.requests[-1]["session"]["new"] is True
    assert skill.requests[-1]["session"]["sessionId"] != skill.requests[0]["session"]["sessionId"]


def test_session_envelopes_deserialize() -> None:
    session = env.Session(supported_interfaces=env.APL_INTERFACE)
    parsed = deserialize(session.intent("GoToStepIntent", {"stepNumber": "2"}))
    assert parsed.request.intent.slots["stepNumber"].value == "2"
    assert parsed.context.system.device.supported_interfaces.alexa_presentation_apl is not None


def test_send_needs_a_handler() -> None:
    session = env.Session()
    with pytest.raises(RuntimeError):
        session.send(session.launch())
