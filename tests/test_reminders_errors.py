"""When the Reminders API fails: 401/403 -> say so and send the permissions card; 429, 5xx, a
server that never answers, one that cannot be reached or trusted -> one calm sentence, the
session goes on and nothing is lost. Against a real local HTTPS server (or a silent socket)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from reminder_requests import ask, reminder_slots, state_after
from skill_checks import assert_valid_response, ends_session, speech_of

from skill import intents
from skill.api_client import MAX_IN_FLIGHT
from skill.builder import create_handler
from skill.reminders_api import REMINDERS_SCOPE
from skill.settings import Settings
from skill.state import ConversationState, Pending

IN_GUIDE = ConversationState(store_ok=True).at(3).asking(Pending.CONTINUE)
DAILY_AT_7 = "FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0;INTERVAL=1"
# Each reminder request, said in the middle of step three, with the permission granted.
REQUESTS: dict[str, tuple[str, dict[str, Any] | None]] = {
    "set": (intents.SET_REMINDER, reminder_slots("19:00", ("täglich", "daily"))),
    "list": (intents.LIST_REMINDERS, None),
    "change": (intents.CHANGE_REMINDER, reminder_slots("20:00")),
    "delete": (intents.DELETE_REMINDER, None),
}
# Generous: the answer comes back, not how fast (figures: benchmarks/bench_reminders.py).
ANSWER_BOUND_SECONDS = 5.0


def said_in_guide(handler: Any, endpoint: str, what: str) -> dict[str, Any]:
    intent, slots = REQUESTS[what]
    response = ask(handler, endpoint, intent, slots, permission="granted", state=IN_GUIDE)
    assert_valid_response(response)
    return response


def goes_on(response: dict[str, Any]) -> bool:
    """The session continues where it was: step three, nothing lost."""
    return not ends_session(response) and state_after(response).position == IN_GUIDE.position


@pytest.mark.parametrize("what", sorted(REQUESTS))
@pytest.mark.parametrize("status", [401, 403])
def test_a_revoked_permission_is_said_and_the_card_sent(
    handler, reminders_api, words, what, status
) -> None:
    reminders_api.api.add(DAILY_AT_7)
    reminders_api.api.fail_with = status
    response = said_in_guide(handler, reminders_api.endpoint, what)
    assert words.said("reminders.no_permission", speech_of(response))
    assert response["response"]["card"] == {
        "type": "AskForPermissionsConsent",
        "permissions": [REMINDERS_SCOPE],
    }
    assert goes_on(response)


@pytest.mark.parametrize("what", sorted(REQUESTS))
@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_throttling_and_server_errors_get_one_calm_sentence(
    handler, reminders_api, words, what, status
) -> None:
    reminders_api.api.add(DAILY_AT_7)
    reminders_api.api.fail_with = status
    response = said_in_guide(handler, reminders_api.endpoint, what)
    assert words.said("reminders.unavailable", speech_of(response))
    assert "card" not in response["response"]
    assert goes_on(response)


@pytest.mark.parametrize("status", [400, 404, 409])
def test_a_refused_request_is_a_calm_sentence_too(handler, reminders_api, words, status) -> None:
    reminders_api.api.fail_with, reminders_api.api.fail_on = status, frozenset({"POST"})
    response = said_in_guide(handler, reminders_api.endpoint, "set")
    assert words.said("reminders.refused", speech_of(response))
    assert goes_on(response)


def test_a_proxys_html_error_page_is_read_as_unavailable(handler, reminders_api, words) -> None:
    reminders_api.api.fail_with, reminders_api.api.html_errors = 502, True
    response = said_in_guide(handler, reminders_api.endpoint, "set")
    assert words.said("reminders.unavailable", speech_of(response))


def test_a_failed_create_after_a_good_list_loses_nothing(handler, reminders_api, words) -> None:
    reminders_api.api.fail_with, reminders_api.api.fail_on = 503, frozenset({"POST"})
    response = said_in_guide(handler, reminders_api.endpoint, "set")
    assert words.said("reminders.unavailable", speech_of(response))
    assert goes_on(response)
    assert [call.method for call in reminders_api.api.calls] == ["GET", "POST"]
    # Said again once the API is back: created then.
    reminders_api.api.fail_with = None
    said_in_guide(handler, reminders_api.endpoint, "set")
    assert len(reminders_api.api.reminders) == 1


@pytest.mark.parametrize("what", sorted(REQUESTS))
@pytest.mark.parametrize("behaviour", ["hang", "trickle"])
def test_a_server_that_never_answers_still_gets_an_answer_out(
    handler, reminders_api, words, what, behaviour
) -> None:
    setattr(reminders_api.api, behaviour, True)
    started = time.monotonic()
    response = said_in_guide(handler, reminders_api.endpoint, what)
    assert time.monotonic() - started < ANSWER_BOUND_SECONDS
    assert words.said("reminders.unavailable", speech_of(response))
    assert goes_on(response)
    assert reminders_api.api.calls  # it was reached, and held the call


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A port that takes connections but never speaks TLS (nor anything else)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"https://127.0.0.1:{listener.getsockname()[1]}"


def test_a_silent_endpoint_still_gets_an_answer_out(handler, silent_endpoint, words) -> None:
    started = time.monotonic()
    response = said_in_guide(handler, silent_endpoint, "set")
    assert time.monotonic() - started < ANSWER_BOUND_SECONDS
    assert words.said("reminders.unavailable", speech_of(response))
    assert goes_on(response)


def test_an_unreachable_endpoint_is_unavailable(handler, words) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    response = said_in_guide(handler, f"https://127.0.0.1:{port}", "set")
    assert words.said("reminders.unavailable", speech_of(response))


def test_a_server_the_client_does_not_trust_is_never_sent_the_reminder(
    handler, reminders_api, words, monkeypatch
) -> None:
    """Certificates are checked: without the test CA in REQUESTS_CA_BUNDLE, no call goes
    through (the handshake fails before any request is sent)."""
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    response = said_in_guide(handler, reminders_api.endpoint, "set")
    assert words.said("reminders.unavailable", speech_of(response))
    assert reminders_api.api.calls == []


def test_calls_that_never_finish_do_not_pile_up_threads(reminders_api, words) -> None:
    """One skill, many requests against a server that trickles its answers (so no read
    timeout ever ends the calls): each request is answered, at most MAX_IN_FLIGHT helper
    threads wait on the server at any time, and beyond that no call is made at all."""
    reminders_api.api.trickle = True
    earlier = set(api_threads())  # still winding down from other tests
    skill = create_handler(Settings())
    for _ in range(MAX_IN_FLIGHT + 2):
        response = said_in_guide(skill, reminders_api.endpoint, "list")
        assert words.said("reminders.unavailable", speech_of(response))
        assert len(set(api_threads()) - earlier) <= MAX_IN_FLIGHT
    assert 1 <= len(reminders_api.api.calls) <= MAX_IN_FLIGHT


def api_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "alexa-api" and t.is_alive()]
