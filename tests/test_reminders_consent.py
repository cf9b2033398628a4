"""Reminders by voice, through request envelopes, against a real HTTPS stand-in for Alexa's
Reminders API: the voice consent (not granted -> Alexa's AskFor; ACCEPTED -> created and
confirmed; DENIED and NOT_ANSWERED -> a kind answer, nothing created; already granted ->
created at once) and what the API receives (method, path, bearer token, body)."""

from __future__ import annotations

from typing import Any

import pytest
from reminder_requests import (
    API_TOKEN,
    NOW,
    ask,
    consent_answer,
    consent_request,
    reminder_slots,
    state_after,
)
from reminders_api_server import PATH
from skill_checks import assert_valid_response, ends_session, speech_of

from skill import intents
from skill.reminders_api import REMINDERS_SCOPE

DAILY = ("täglich", "daily")
WEEKDAYS = ("werktags", "weekdays")
MONDAY, THURSDAY = ("jeden montag", "mo"), ("donnerstag", "th")


def schedule(words: Any, days: str, hour: int) -> str:
    """ "jeden Tag um neunzehn Uhr", from the content's building blocks."""
    time = words.all("schedule.at_hour", hour=hour)[0]
    return words.all("schedule.combined", days=days, time=time)[0]


def day_words(words: Any, *keys: str) -> str:
    names = [words.all(f"schedule.{key}")[0] for key in keys]
    if len(names) == 1:
        return names[0]
    return words.all("schedule.and", first=", ".join(names[:-1]), last=names[-1])[0]


def asked_for_consent(response: dict[str, Any]) -> str:
    """The AskFor directive is there, for the reminders scope; its token."""
    directive = consent_request(response)
    assert directive is not None
    assert directive["name"] == "AskFor"
    assert directive["payload"] == {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "1",
        "permissionScope": REMINDERS_SCOPE,
    }
    return str(directive["token"])


def test_without_the_permission_alexa_asks_for_it_and_nothing_is_called(
    handler, reminders_api, words
) -> None:
    response = ask(handler, reminders_api.endpoint, intents.SET_REMINDER,
                   reminder_slots("19:00", DAILY))  # fmt: skip
    assert_valid_response(response)
    assert words.said("reminders.consent_lead", speech_of(response))
    assert asked_for_consent(response)
    assert ends_session(response)  # Alexa takes over the dialog
    assert reminders_api.api.calls == []


@pytest.mark.parametrize("form", ["response", "resumed"])
def test_accepted_creates_the_reminder_and_confirms_it(
    handler, reminders_api, words, form
) -> None:
    asking = ask(handler, reminders_api.endpoint, intents.SET_REMINDER,
                 reminder_slots("19:00", DAILY))  # fmt: skip
    token = asked_for_consent(asking)

    answer = consent_answer(handler, reminders_api.endpoint, "ACCEPTED", token, form=form)
    assert_valid_response(answer)
    text = speech_of(answer)
    daily = schedule(words, day_words(words, "daily"), 19)
    assert words.said("reminders.set", text, schedule=daily)
    assert not ends_session(answer)  # the session goes on

    posts = reminders_api.api.calls_to("POST")
    assert len(posts) == 1
    post = posts[0]
    assert post.path == PATH
    assert post.authorization == f"Bearer {API_TOKEN}"
    body = post.body
    trigger = body["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE"
    # Local time, no zone suffix (the device's zone applies): today 19:00, still to come.
    assert trigger["scheduledTime"] == "2026-03-02T19:00:00"
    assert "timeZoneId" not in trigger
    assert trigger["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0;INTERVAL=1"
    ]
    assert body["alertInfo"]["spokenInfo"]["content"] == [
        {"locale": "de-DE", "text": words.all("reminders.alert_text")[0]}
    ]
    assert body["pushNotification"] == {"status": "ENABLED"}
    assert reminders_api.api.calls[0].method == "GET"  # checked for the same one first


@pytest.mark.parametrize(
    ("status", "key"), [("DENIED", "reminders.denied"), ("NOT_ANSWERED", "reminders.not_answered")]
)
@pytest.mark.parametrize("form", ["response", "resumed"])
def test_denied_or_not_answered_gets_a_kind_answer_and_nothing_is_created(
    handler, reminders_api, words, status, key, form
) -> None:
    token = asked_for_consent(
        ask(handler, reminders_api.endpoint, intents.SET_REMINDER, reminder_slots("19:00", DAILY))
    )
    answer = consent_answer(handler, reminders_api.endpoint, status, token, form=form)
    assert_valid_response(answer)
    assert words.said(key, speech_of(answer))
    assert not ends_session(answer)
    assert reminders_api.api.calls == []


@pytest.mark.parametrize(
    ("slots", "rule", "days", "first"),
    [
        (reminder_slots("19:00", DAILY), "FREQ=DAILY;BYHOUR=19;BYMINUTE=0", ("daily",),
         "2026-03-02T19:00:00"),
        (reminder_slots("19:00", WEEKDAYS), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=19;BYMINUTE=0",
         ("weekdays",), "2026-03-02T19:00:00"),
        # "jeden Montag und Donnerstag um acht": Monday 08:00 has passed, so Thursday.
        (reminder_slots("08:00", MONDAY, THURSDAY), "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=8;BYMINUTE=0",
         ("mo", "th"), "2026-03-05T08:00:00"),
        # "abends": Alexa's AMAZON.TIME says EV; the skill takes seven in the evening.
        (reminder_slots("EV", DAILY), "FREQ=DAILY;BYHOUR=19;BYMINUTE=0", ("daily",),
         "2026-03-02T19:00:00"),
        # "jeden Abend um sieben": 07:00 and the evening, no day named: every day at 19:00.
        (reminder_slots("07:00", part=("jeden abend", "EV")), "FREQ=DAILY;BYHOUR=19;BYMINUTE=0",
         ("daily",), "2026-03-02T19:00:00"),
    ],
)  # fmt: skip
def test_already_granted_creates_at_once_with_the_right_rule(
    handler, reminders_api, words, slots, rule, days, first
) -> None:
    response = ask(handler, reminders_api.endpoint, intents.SET_REMINDER, slots,
                   permission="granted")  # fmt: skip
    assert_valid_response(response)
    assert consent_request(response) is None
    hour = int(first[11:13])
    assert words.said("reminders.set", speech_of(response),
                      schedule=schedule(words, day_words(words, *days), hour))  # fmt: skip
    (post,) = reminders_api.api.calls_to("POST")
    assert post.body["trigger"]["recurrence"]["recurrenceRules"] == [
        f"{rule};BYSECOND=0;INTERVAL=1"
    ]
    assert post.body["trigger"]["scheduledTime"] == first


@pytest.mark.parametrize("locale", ["de-AT", "de-CH"])
def test_the_reminder_speaks_in_the_requests_locale(handler, reminders_api, locale) -> None:
    ask(handler, reminders_api.endpoint, intents.SET_REMINDER, reminder_slots("07:30", DAILY),
        permission="granted", locale=locale)  # fmt: skip
    (post,) = reminders_api.api.calls_to("POST")
    (spoken,) = post.body["alertInfo"]["spokenInfo"]["content"]
    assert spoken["locale"] == locale
    assert "BYHOUR=7;BYMINUTE=30" in post.body["trigger"]["recurrence"]["recurrenceRules"][0]


def test_without_a_time_the_skill_asks_for_one_and_keeps_the_days(
    handler, reminders_api, words
) -> None:
    asked = ask(handler, reminders_api.endpoint, intents.SET_REMINDER,
                reminder_slots(None, WEEKDAYS), permission="granted")  # fmt: skip
    assert_valid_response(asked)
    assert words.said("reminders.ask_time", speech_of(asked))
    assert reminders_api.api.calls == []
    answer = ask(handler, reminders_api.endpoint, intents.SET_REMINDER, reminder_slots("19:30"),
                 permission="granted", state=state_after(asked))  # fmt: skip
    assert_valid_response(answer)
    (post,) = reminders_api.api.calls_to("POST")
    assert post.body["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=19;BYMINUTE=30;BYSECOND=0;INTERVAL=1"
    ]


def test_the_same_reminder_twice_is_created_once(handler, reminders_api, words) -> None:
    reminders_api.api.add("FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0;INTERVAL=1")
    response = ask(handler, reminders_api.endpoint, intents.SET_REMINDER,
                   reminder_slots("19:00", DAILY), permission="granted")  # fmt: skip
    assert words.said("reminders.already_set", speech_of(response),
                      schedule=schedule(words, day_words(words, "daily"), 19))  # fmt: skip
    assert reminders_api.api.calls_to("POST") == []


def test_a_consent_answer_the_skill_did_not_ask_for_creates_nothing(
    handler, reminders_api
) -> None:
    for token in ("", "someone-else:ask:1900-daily", "rueckenmassage-reminder:ask:2500-daily"):
        answer = consent_answer(handler, reminders_api.endpoint, "ACCEPTED", token)
        assert_valid_response(answer)
    assert reminders_api.api.calls == []


def test_the_request_time_is_the_one_alexa_sent(handler, reminders_api) -> None:
    """The skill takes "today" from the request (Berlin time), not from this machine."""
    ask(handler, reminders_api.endpoint, intents.SET_REMINDER, reminder_slots("19:00", DAILY),
        permission="granted", now=NOW.replace(hour=19))  # 20:40 in Berlin: tomorrow  # fmt: skip
    (post,) = reminders_api.api.calls_to("POST")
    assert post.body["trigger"]["scheduledTime"] == "2026-03-03T19:00:00"
    assert post.body["requestTime"].startswith("2026-03-02T20:40")
