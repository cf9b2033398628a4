"""The skill's own reminders: listing, changing, deleting (also with "Lösche meine Daten"), and
the offer after a completed massage: made once, only where it can work, never again after a
"nein". Against the real HTTPS stand-in for the Reminders API."""

from __future__ import annotations

from typing import Any

import pytest
from reminder_requests import (
    API_TOKEN,
    ask,
    consent_answer,
    consent_request,
    launch,
    reminder_slots,
    state_after,
    with_api,
)
from reminders_api_server import PATH
from skill_checks import assert_valid_response, ends_session, speech_of
from test_reminders_consent import day_words, schedule

from skill import intents
from skill.builder import create_handler
from skill.chat import envelopes as env
from skill.persistence import MemoryAdapter, ProgressStore
from skill.settings import Settings
from skill.state import ALL_STEPS, CLOSING, ConversationState, Pending, ReminderOffer

DAILY_AT_7 = "FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0;INTERVAL=1"
MONDAY_THURSDAY_AT_8 = "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=8;BYMINUTE=0;BYSECOND=0;INTERVAL=1"
# The last step heard through, every step guided: "weiter" completes the massage.
LAST_STEP = ConversationState(steps_done=ALL_STEPS, store_ok=True).at(CLOSING - 1)
LAST_STEP = LAST_STEP.asking(Pending.CONTINUE)


def rules_of(api: Any) -> list[str]:
    return sorted(r["trigger"]["recurrence"]["recurrenceRules"][0] for r in api.reminders.values())


def test_listing_says_each_of_the_skills_reminders(handler, reminders_api, words) -> None:
    reminders_api.api.add(DAILY_AT_7)
    reminders_api.api.add(MONDAY_THURSDAY_AT_8)
    response = ask(handler, reminders_api.endpoint, intents.LIST_REMINDERS, permission="granted")
    assert_valid_response(response)
    text = speech_of(response)
    assert words.said("reminders.count", text, count=2)
    assert schedule(words, day_words(words, "daily"), 19) in text
    assert schedule(words, day_words(words, "mo", "th"), 8) in text
    (call,) = reminders_api.api.calls
    assert (call.method, call.path, call.authorization) == ("GET", PATH, f"Bearer {API_TOKEN}")


@pytest.mark.parametrize("permission", ["granted", None])
def test_listing_none(handler, reminders_api, words, permission) -> None:
    response = ask(handler, reminders_api.endpoint, intents.LIST_REMINDERS, permission=permission)
    assert words.said("reminders.none", speech_of(response))
    # Never allowed: the skill cannot have set one, and does not ask the API.
    assert len(reminders_api.api.calls) == (1 if permission else 0)


def test_listing_after_the_permission_was_refused_says_so(handler, reminders_api, words) -> None:
    response = ask(handler, reminders_api.endpoint, intents.LIST_REMINDERS, permission="denied")
    assert words.said("reminders.no_permission", speech_of(response))
    assert response["response"]["card"]["type"] == "AskForPermissionsConsent"
    assert reminders_api.api.calls == []


def test_changing_the_time_keeps_the_days(handler, reminders_api, words) -> None:
    token = reminders_api.api.add(MONDAY_THURSDAY_AT_8)
    response = ask(handler, reminders_api.endpoint, intents.CHANGE_REMINDER,
                   reminder_slots("20:00"), permission="granted")  # fmt: skip
    assert_valid_response(response)
    assert words.said("reminders.changed", speech_of(response),
                      schedule=schedule(words, day_words(words, "mo", "th"), 20))  # fmt: skip
    (put,) = reminders_api.api.calls_to("PUT")
    assert put.path == f"{PATH}/{token}"
    assert put.body["trigger"]["recurrence"]["recurrenceRules"] == [
        MONDAY_THURSDAY_AT_8.replace("BYHOUR=8", "BYHOUR=20")
    ]
    assert rules_of(reminders_api.api) == [MONDAY_THURSDAY_AT_8.replace("BYHOUR=8", "BYHOUR=20")]


def test_changing_the_days_keeps_the_time(handler, reminders_api) -> None:
    reminders_api.api.add(DAILY_AT_7)
    ask(handler, reminders_api.endpoint, intents.CHANGE_REMINDER,
        reminder_slots(None, ("werktags", "weekdays")), permission="granted")  # fmt: skip
    assert rules_of(reminders_api.api) == [
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=19;BYMINUTE=0;BYSECOND=0;INTERVAL=1"
    ]


def test_changing_when_there_is_none(handler, reminders_api, words) -> None:
    response = ask(handler, reminders_api.endpoint, intents.CHANGE_REMINDER,
                   reminder_slots("20:00"), permission="granted")  # fmt: skip
    assert words.said("reminders.nothing_to_change", speech_of(response))
    assert reminders_api.api.calls_to("PUT") == reminders_api.api.calls_to("POST") == []


def test_changing_without_the_permission_asks_for_it_then_changes(
    handler, reminders_api, words
) -> None:
    reminders_api.api.add(DAILY_AT_7)
    asking = ask(handler, reminders_api.endpoint, intents.CHANGE_REMINDER,
                 reminder_slots("20:00"))  # fmt: skip
    directive = consent_request(asking)
    assert directive is not None and reminders_api.api.calls == []
    answer = consent_answer(handler, reminders_api.endpoint, "ACCEPTED", directive["token"])
    assert words.said("reminders.changed", speech_of(answer),
                      schedule=schedule(words, day_words(words, "daily"), 20))  # fmt: skip
    assert rules_of(reminders_api.api) == [DAILY_AT_7.replace("BYHOUR=19", "BYHOUR=20")]


def test_deleting_removes_every_reminder_of_the_skill(handler, reminders_api, words) -> None:
    tokens = {reminders_api.api.add(DAILY_AT_7), reminders_api.api.add(MONDAY_THURSDAY_AT_8)}
    response = ask(handler, reminders_api.endpoint, intents.DELETE_REMINDER, permission="granted")
    assert_valid_response(response)
    assert words.said("reminders.deleted", speech_of(response))
    assert {call.path for call in reminders_api.api.calls_to("DELETE")} == {
        f"{PATH}/{token}" for token in tokens
    }
    assert reminders_api.api.reminders == {}
    again = ask(handler, reminders_api.endpoint, intents.DELETE_REMINDER, permission="granted")
    assert words.said("reminders.nothing_to_delete", speech_of(again))


def test_deleting_my_data_deletes_the_reminders_and_the_record(reminders_api, words) -> None:
    adapter = MemoryAdapter()
    skill = create_handler(Settings(), ProgressStore(adapter))
    reminders_api.api.add(DAILY_AT_7)
    completed = ask(skill, reminders_api.endpoint, intents.NEXT, state=LAST_STEP,
                    permission="granted")  # fmt: skip
    assert len(adapter) == 1  # the massage and its day are on record
    asked = ask(skill, reminders_api.endpoint, intents.DELETE_DATA, permission="granted",
                state=state_after(completed))  # fmt: skip
    done = ask(skill, reminders_api.endpoint, intents.YES, permission="granted",
               state=state_after(asked))  # fmt: skip
    assert_valid_response(done)
    text = speech_of(done)
    assert words.said("data.deleted", text) and words.said("reminders.data_deleted_too", text)
    assert reminders_api.api.reminders == {} and len(adapter) == 0
    assert ends_session(done)


def test_deleting_my_data_when_the_reminders_cannot_go_says_so(reminders_api, words) -> None:
    adapter = MemoryAdapter()
    skill = create_handler(Settings(), ProgressStore(adapter))
    reminders_api.api.add(DAILY_AT_7)
    reminders_api.api.fail_with = 503
    asked = ask(skill, reminders_api.endpoint, intents.DELETE_DATA, permission="granted",
                state=LAST_STEP)  # fmt: skip
    done = ask(skill, reminders_api.endpoint, intents.YES, permission="granted",
               state=state_after(asked))  # fmt: skip
    text = speech_of(done)
    assert words.said("data.deleted", text) and words.said("reminders.data_reminders_left", text)
    assert len(reminders_api.api.reminders) == 1


# -- the offer after a completed massage ----------------------------------------------------------
def closing(skill: Any, endpoint: str, **options: Any) -> dict[str, Any]:
    """A new session (it reads the stored record), walked to the end of the last step, then
    "weiter": the closing of a completed massage."""
    started = state_after(launch(skill, endpoint, **options))
    at_last_step = started.with_changes(steps_done=ALL_STEPS).at(CLOSING - 1)
    response = ask(skill, endpoint, intents.NEXT, state=at_last_step.asking(Pending.CONTINUE),
                   **options)  # fmt: skip
    assert_valid_response(response)
    return response


def test_the_offer_accepted_by_voice_creates_a_daily_reminder_from_tomorrow(
    handler, reminders_api, words
) -> None:
    offer = closing(handler, reminders_api.endpoint)
    assert words.said_any("reminders.offer", speech_of(offer))
    assert state_after(offer).pending is Pending.REMINDER_OFFER
    yes = ask(handler, reminders_api.endpoint, intents.YES, state=state_after(offer))
    directive = consent_request(yes)
    assert directive is not None
    answer = consent_answer(handler, reminders_api.endpoint, "ACCEPTED", directive["token"])
    assert_valid_response(answer)
    text = speech_of(answer)
    # Asked at 18:40 in Berlin: "um diese Zeit" is half past six, from tomorrow on.
    assert words.said("reminders.set", text, schedule=schedule(words, day_words(words, "daily"),
                                                               18).replace("Uhr", "Uhr dreißig"))
    (post,) = reminders_api.api.calls_to("POST")
    assert post.body["trigger"]["scheduledTime"] == "2026-03-03T18:30:00"
    assert state_after(answer).reminder_offer is ReminderOffer.ACCEPTED
    # Set up once: the next completed massage does not offer it again.
    later = closing(handler, reminders_api.endpoint, permission="granted")
    assert not words.said_any("reminders.offer", speech_of(later))


@pytest.mark.parametrize("intent", [intents.SET_REMINDER, intents.CHANGE_REMINDER])
def test_a_time_said_at_the_offer_sets_it_up_from_tomorrow(
    handler, reminders_api, words, intent
) -> None:
    """ "Ja, um acht Uhr abends" or "lieber um acht Uhr abends" answer the offer."""
    offer = closing(handler, reminders_api.endpoint, permission="granted")
    answer = ask(handler, reminders_api.endpoint, intent, reminder_slots("20:00"),
                 permission="granted", state=state_after(offer))  # fmt: skip
    assert_valid_response(answer)
    assert words.said("reminders.set", speech_of(answer),
                      schedule=schedule(words, day_words(words, "daily"), 20))  # fmt: skip
    assert words.said("guide.ask_tips", speech_of(answer), count=len(words.content.tips))
    (post,) = reminders_api.api.calls_to("POST")
    assert post.body["trigger"]["scheduledTime"] == "2026-03-03T20:00:00"


def test_nein_to_the_offer_is_remembered_for_good(handler, reminders_api, words) -> None:
    offer = closing(handler, reminders_api.endpoint)
    no = ask(handler, reminders_api.endpoint, intents.NO, state=state_after(offer))
    assert words.said("reminders.declined", speech_of(no))
    assert words.said("guide.ask_tips", speech_of(no), count=len(words.content.tips))
    for _ in range(2):  # new sessions: read from the store
        later = closing(handler, reminders_api.endpoint)
        assert not words.said_any("reminders.offer", speech_of(later))
    assert reminders_api.api.calls == []


def without_api(envelope: dict[str, Any]) -> dict[str, Any]:
    system = envelope["context"]["System"]
    system.pop("apiEndpoint"), system.pop("apiAccessToken")
    return envelope


def test_no_offer_where_it_cannot_work(handler, reminders_api, words) -> None:
    # The person refused the permission before.
    refused = closing(handler, reminders_api.endpoint, permission="denied")
    assert not words.said_any("reminders.offer", speech_of(refused))
    # A request without the Reminders API (no endpoint or token).
    envelope = env.intent_request(
        intents.NEXT, session_attributes={"rueckenmassage": LAST_STEP.to_attributes()}
    )
    response = handler(without_api(envelope), None)
    assert_valid_response(response)
    assert not words.said_any("reminders.offer", speech_of(response))
    # A store that could not be read: a "nein" could not be remembered.
    unreadable = LAST_STEP.with_changes(store_ok=False)
    response = ask(handler, reminders_api.endpoint, intents.NEXT, state=unreadable)
    assert not words.said_any("reminders.offer", speech_of(response))


def test_the_offer_made_without_an_api_endpoint_in_the_envelope_never_calls(handler) -> None:
    envelope = with_api(env.intent_request(intents.LIST_REMINDERS), "http://127.0.0.1:9")
    assert_valid_response(handler(envelope, None))  # not https: the SDK client refuses it
