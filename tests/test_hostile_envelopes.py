"""Envelopes Alexa would not send (or only rarely): every one gets an answer or a clean refusal.

These are the minimal inputs a fuzzer found (issue 10, finding 6): each went through
``lambda_handler`` and either raised out of it or was answered with the generic error reply.
Now a conversation request for this skill gets a proper German answer, anything else a silent
one, and nothing raises. ``test_fuzz_envelopes.py`` explores the space around them.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from typing import Any

import pytest
from alexa_pki import OTHER_SKILL_ID, SKILL_ID
from skill_checks import assert_answer_fits, assert_silent, assert_valid_response, speech_of

from skill import intents
from skill.builder import create_handler
from skill.chat import envelopes as env
from skill.settings import Settings
from skill.state import SESSION_KEY, ConversationState, Pending

Event = dict[str, Any]


@pytest.fixture
def errors(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """Error-level log lines: the generic error reply logs one, a proper answer none."""
    caplog.set_level(logging.ERROR)

    def lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]

    return lines


def in_step(step: int = 3) -> dict[str, Any]:
    return {SESSION_KEY: ConversationState().at(step).asking(Pending.CONTINUE).to_attributes()}


def with_attributes(value: object) -> Event:
    event = env.intent_request(intents.NEXT, session_attributes=in_step())
    event["session"]["attributes"] = value
    return event


def without(path: tuple[str, ...], event: Event) -> Event:
    event = copy.deepcopy(event)
    holder = event
    for key in path[:-1]:
        holder = holder[key]
    del holder[path[-1]]
    return event


CONVERSATION_CASES: dict[str, Event] = {
    "stepNumber ²": env.intent_request(intents.GO_TO_STEP, {intents.SLOT_STEP_NUMBER: "²"}),
    "stepNumber ①": env.intent_request(intents.GO_TO_STEP, {intents.SLOT_STEP_NUMBER: "①"}),
    "stepNumber Arabic-Indic ٣": env.intent_request(
        intents.GO_TO_STEP, {intents.SLOT_STEP_NUMBER: "٣"}
    ),
    "seconds ²": env.intent_request(intents.CHANGE_PRACTICE_TIME, {intents.SLOT_SECONDS: "²"}),
    "seconds ①": env.intent_request(intents.CHANGE_PRACTICE_TIME, {intents.SLOT_SECONDS: "①"}),
    "resumable 8 at launch": env.launch_request(
        session_attributes={SESSION_KEY: {"resumable": 8, "store_ok": True}}, new=False
    ),
    "resumable 8 then next": env.intent_request(
        intents.NEXT, session_attributes={SESSION_KEY: {"resumable": 8, "store_ok": True}}
    ),
    "attributes a list": with_attributes([1, 2, 3]),
    "attributes a string": with_attributes("rueckenmassage"),
    "attributes a number": with_attributes(42),
    "attributes Infinity": with_attributes(float("inf")),
    "attributes NaN": with_attributes(float("nan")),
    "attributes null": with_attributes(None),
    "state a list": with_attributes({SESSION_KEY: [1]}),
    "foreign attribute Infinity": with_attributes({**in_step(), "x": float("inf")}),
    "intent request without session": without(("session",), env.intent_request(intents.NEXT)),
    "launch without session": without(("session",), env.launch_request()),
    "intent request without intent": without(("request", "intent"), env.intent_request("X")),
    "intent without a name": without(
        ("request", "intent", "name"), env.intent_request(intents.HELP)
    ),
    "intent a string": {**env.intent_request("X"), "request": {
        **env.intent_request("X")["request"], "intent": "AMAZON.HelpIntent"}},
    "slots a list": {**env.intent_request("X"), "request": {
        **env.intent_request("X")["request"],
        "intent": {"name": intents.GO_TO_STEP, "slots": ["stepNumber"]}}},
    "timestamp garbage": {**env.launch_request(), "request": {
        **env.launch_request()["request"], "timestamp": "gestern"}},
    "locale a number": {**env.launch_request(), "request": {
        **env.launch_request()["request"], "locale": 7}},
    "no context": without(("context",), env.intent_request(intents.HELP)),
}


@pytest.mark.parametrize("case", list(CONVERSATION_CASES))
def test_conversation_request_gets_a_proper_german_answer(
    case: str, errors: Callable[[], list[str]]
) -> None:
    handler = create_handler(Settings())
    event = CONVERSATION_CASES[case]
    response = handler(copy.deepcopy(event), None)
    assert_answer_fits(event, response, skill_id=None)
    assert_valid_response(response)
    assert "Entschuldigung" not in speech_of(response)
    assert errors() == []


def test_resumable_outside_the_stored_range_is_not_offered() -> None:
    state = ConversationState.from_attributes({"resumable": 8})
    assert state.resumable is None
    assert ConversationState.from_attributes({"resumable": 7}).resumable == 7


def test_session_attributes_carry_only_the_skill_state() -> None:
    handler = create_handler(Settings())
    response = handler(with_attributes({**in_step(), "foreign": {"deep": [1] * 1000}}), None)
    assert set(response["sessionAttributes"]) == {SESSION_KEY}


def test_the_repair_keeps_every_field_of_a_real_state() -> None:
    """A Unix time (when a practice ends) is a valid field: the repair must not drop it."""
    from skill.envelope_repair import cleaned

    state = ConversationState().at(3).with_changes(practice_end=1_796_059_974).to_attributes()
    event = with_attributes({SESSION_KEY: state})
    repaired = cleaned(event, event["request"], event["request"]["type"])
    assert repaired["session"]["attributes"][SESSION_KEY] == state
    huge_state = {**state, "practice_end": 10**40}
    huge = cleaned(with_attributes({SESSION_KEY: huge_state}), event["request"], "x")
    assert "practice_end" not in huge["session"]["attributes"][SESSION_KEY]


SILENT_CASES: dict[str, object] = {
    "unknown request type": {**env.launch_request(), "request": {
        **env.launch_request()["request"], "type": "Alexa.Presentation.APL.Unknown"}},
    "request type a number": {**env.launch_request(), "request": {
        **env.launch_request()["request"], "type": 5}},
    "request missing": without(("request",), env.launch_request()),
    "request a list": {**env.launch_request(), "request": []},
    "event a list": [],
    "event a string": "LaunchRequest",
    "event None": None,
    "session ended without session": without(("session",), env.session_ended_request()),
}


@pytest.mark.parametrize("case", list(SILENT_CASES))
def test_other_requests_get_a_silent_answer(case: str, errors: Callable[[], list[str]]) -> None:
    handler = create_handler(Settings())
    response = handler(copy.deepcopy(SILENT_CASES[case]), None)
    assert_silent(response)
    assert errors() == []


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(without(("context",), env.launch_request(application_id=SKILL_ID)),
                     id="no context"),
        pytest.param(without(("context", "System", "application"),
                             env.launch_request(application_id=SKILL_ID)),
                     id="no application in context"),
        pytest.param(env.launch_request(application_id=OTHER_SKILL_ID), id="other skill"),
        pytest.param({**env.launch_request(application_id=SKILL_ID),
                      "session": {**env.launch_request(application_id=SKILL_ID)["session"],
                                  "application": {"applicationId": OTHER_SKILL_ID}}},
                     id="other skill in session"),
    ],
)
def test_with_a_skill_id_set_requests_for_other_skills_are_refused_quietly(
    event: Event, caplog: pytest.LogCaptureFixture
) -> None:
    handler = create_handler(Settings(skill_id=SKILL_ID))
    with caplog.at_level(logging.WARNING):
        response = handler(copy.deepcopy(event), None)
    assert_silent(response)
    assert any("skill-id" in record.getMessage() for record in caplog.records)


def test_with_a_skill_id_set_its_own_requests_are_answered() -> None:
    handler = create_handler(Settings(skill_id=SKILL_ID))
    response = handler(env.launch_request(application_id=SKILL_ID), None)
    assert_valid_response(response)
    assert "Willkommen" in speech_of(response)


def test_deeply_nested_attributes_do_not_break_the_handler() -> None:
    nested: object = 1
    for _ in range(5000):
        nested = [nested]
    handler = create_handler(Settings())
    response = handler(with_attributes({**in_step(), "x": nested}), None)
    assert_valid_response(response)
    response = handler(with_attributes({SESSION_KEY: nested}), None)
    assert_valid_response(response)


@pytest.mark.parametrize("text", ["²", "①", "٣", "3²", "\uff11", "1" * 7, " ", "-3", "+3", "3.0"])
def test_parse_number_takes_ascii_digits_only(text: str) -> None:
    from skill.slots import parse_number

    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["PT" + "9" * 5000 + "S", "PT²S", "PT①M", "P٣D", "PT1M30"])
def test_parse_duration_refuses_what_int_cannot_read(text: str) -> None:
    from skill.slots import parse_duration

    assert parse_duration(text) is None


@pytest.mark.parametrize(
    "state",
    [
        {"position": float("inf")},
        {"position": 3, "x": {"deep": [[[[1]]]]}},
        {"position": 3, "said_ref": "x" * 100_000},
        {"position": 10**400},
    ],
)
@pytest.mark.parametrize("request_type", ["session ended", "next"])
def test_a_bent_state_never_comes_back_as_invalid_json(state: dict, request_type: str) -> None:
    handler = create_handler(Settings())
    attributes = {SESSION_KEY: state}
    if request_type == "next":
        event = env.intent_request(intents.NEXT, session_attributes=attributes)
    else:
        event = env.session_ended_request()
        event["session"]["attributes"] = attributes
    response = handler(event, None)
    assert_answer_fits(event, response, skill_id=None)
    assert len(str(response)) < 24 * 1024


def _with_key(where: str, key: str) -> Event:
    event = env.launch_request()
    holder = event if where == "envelope" else event[where]
    holder[key] = {} if key == "__dict__" else "IntentRequest"
    return event


@pytest.mark.parametrize(
    ("where", "key"),
    [("envelope", "__dict__"), ("request", "__dict__"), ("session", "__dict__"),
     ("request", "object_type"), ("request", "to_dict"), ("envelope", "__class__")],
)
def test_keys_that_would_shadow_model_attributes_are_ignored(
    where: str, key: str, errors: Callable[[], list[str]]
) -> None:
    """Found by the fuzzer: the SDK sets unknown keys as attributes of its models."""
    handler = create_handler(Settings())
    response = handler(_with_key(where, key), None)
    assert_valid_response(response)
    assert "Willkommen" in speech_of(response)
    assert errors() == []
