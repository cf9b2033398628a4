"""Request envelopes for every request type and intent, in every state of the conversation.

Each request goes through ``lambda_handler`` exactly as on AWS Lambda; the state is put into
the session attributes as Alexa would hand them back.
"""

from __future__ import annotations

from typing import Any

import pytest
from skill_checks import assert_valid_response, ends_session, reprompt_of, speech_of

from skill import intents
from skill.chat import envelopes as env
from skill.content import load_content
from skill.handlers import handled_intents
from skill.ssml import total_break_seconds
from skill.state import SESSION_KEY, ConversationState, Pending, Said

# FAQ id -> its intent name, as the content names them.
FAQ = {faq.id: faq.intent for faq in load_content().faq.values()}

STATES: dict[str, ConversationState] = {
    "launch": ConversationState(pending=Pending.BEGIN, said=Said.WELCOME),
    "preparation": ConversationState().at(0).asking(Pending.CONTINUE),
    **{f"step{n}": ConversationState().at(n).asking(Pending.CONTINUE) for n in range(1, 8)},
    "closing": ConversationState().at(8).asking(Pending.TIPS),
    "after_faq": ConversationState().at(3).saying(Said.FAQ, "aids", Pending.CONTINUE),
    "paused": ConversationState(paused=True)
    .at(4)
    .with_changes(paused=True, pending=Pending.CONTINUE),
    "pain": ConversationState().at(2).with_changes(pain_hold=True, pending=Pending.CONTINUE),
}

SLOTS: dict[str, dict[str, Any]] = {
    intents.GO_TO_STEP: {intents.SLOT_STEP_NUMBER: "4", intents.SLOT_STEP_ORDINAL: None},
    intents.CHANGE_PRACTICE_TIME: {
        intents.SLOT_DIRECTION: env.slot(
            intents.SLOT_DIRECTION, "längere", resolved_id="longer", slot_type="PracticeDirection"
        ),
        intents.SLOT_SECONDS: None,
        intents.SLOT_DURATION: None,
    },
    intents.SINGLE_TIP: {intents.SLOT_TIP_TOPIC: None},
}


def attributes(state: ConversationState) -> dict[str, Any]:
    return {SESSION_KEY: state.to_attributes()}


def ask(handler, intent: str, state: ConversationState | None = None, slots=None) -> dict:
    envelope = env.intent_request(
        intent,
        slots if slots is not None else SLOTS.get(intent),
        session_attributes=attributes(state) if state is not None else None,
        new=state is None,
    )
    return handler(envelope, None)


def state_after(response: dict) -> ConversationState:
    return ConversationState.from_attributes(response["sessionAttributes"][SESSION_KEY])


@pytest.mark.parametrize("state_name", sorted(STATES))
@pytest.mark.parametrize("intent", sorted(handled_intents(load_content())))
def test_every_intent_in_every_state_gives_a_valid_answer(handler, state_name, intent) -> None:
    response = ask(handler, intent, STATES[state_name])
    assert_valid_response(response)
    text = speech_of(response)
    assert "Entschuldigung" not in text, text  # no error handler on a normal path
    if not ends_session(response):
        state_after(response)  # the stored state reads back


@pytest.mark.parametrize("intent", sorted(handled_intents(load_content())))
def test_every_intent_works_as_a_one_shot_in_a_new_session(handler, intent) -> None:
    response = ask(handler, intent, None)
    assert_valid_response(response)
    assert "Entschuldigung" not in speech_of(response)


def test_launch_welcomes_warns_and_asks(handler) -> None:
    response = handler(env.launch_request(), None)
    assert_valid_response(response)
    text = speech_of(response)
    assert text.startswith("Willkommen bei Rückenmassage.")
    assert "akuten Verletzungen, Entzündungen oder starken Schmerzen" in text
    assert "ärztlichen Rat" in text
    assert text.endswith("Möchten Sie beginnen?")
    assert not ends_session(response)
    assert "ja" in reprompt_of(response)
    assert state_after(response).pending is Pending.BEGIN


def test_yes_at_launch_starts_the_preparation_with_breathing(handler) -> None:
    response = ask(handler, intents.YES, STATES["launch"])
    text = speech_of(response)
    assert text.startswith("Zuerst die Vorbereitung.")
    assert text.count("Einatmen") == 3
    assert "[Ton]" in text
    assert "Als Nächstes kommt Schritt 1, Leichten Druck aufbauen." in text
    assert state_after(response).position == 0


def test_no_at_launch_offers_faq_tips_or_breathing_then_ends_politely(handler) -> None:
    response = ask(handler, intents.NO, STATES["launch"])
    text = speech_of(response)
    assert "Tipps" in text and "Atemübung" in text and "fragen" in text
    assert not ends_session(response)
    second = ask(handler, intents.NO, state_after(response))
    assert ends_session(second)
    assert "Glas Wasser" in speech_of(second)


@pytest.mark.parametrize("number", range(1, 8))
@pytest.mark.parametrize("practice", [10, 30, 45, 120])
def test_each_step_says_heading_practice_chime_and_next(handler, number, practice) -> None:
    state = ConversationState().at(number - 1).with_practice(practice).asking(Pending.CONTINUE)
    response = ask(handler, intents.NEXT, state)
    assert_valid_response(response)
    text = speech_of(response)
    ssml = response["response"]["outputSpeech"]["ssml"]
    assert text.startswith(f"Schritt {number} von 7: ")
    assert total_break_seconds(ssml) == practice
    assert text.count("[Ton]") == 1
    assert "soundbank://soundlibrary/" in ssml
    upcoming = "der Abschluss" if number == 7 else f"Schritt {number + 1}, "
    assert f"Als Nächstes kommt {upcoming}" in text
    assert not ends_session(response)
    assert state_after(response).position == number


def test_breathing_step_leads_breathing_cycles(handler) -> None:
    response = ask(handler, intents.NEXT, STATES["step4"])
    text = speech_of(response)
    assert text.startswith("Schritt 5 von 7: Gleichmäßige Atmung beibehalten.")
    assert text.count("Einatmen") == 3 and text.count("ausatmen") == 3


def test_closing_then_tips_then_goodbye(handler) -> None:
    closing = ask(handler, intents.NEXT, STATES["step7"])
    text = speech_of(closing)
    assert "alle sieben Schritte" in text and "Glas Wasser" in text and "Ruhe" in text
    assert "Tipps" in text
    assert state_after(closing).pending is Pending.TIPS
    tips = ask(handler, intents.YES, state_after(closing))
    tip_text = speech_of(tips)
    for word in ("ergonomische", "Bewegungspausen", "Kräftigungsübungen", "Wärmekissen"):
        assert word in tip_text
    assert ends_session(tips)


def test_no_tips_after_closing_says_goodbye(handler) -> None:
    response = ask(handler, intents.NO, STATES["closing"])
    assert ends_session(response)
    assert "Auf Wiederhören" in speech_of(response)


def test_next_after_the_closing_offers_to_start_over(handler) -> None:
    response = ask(handler, intents.NEXT, STATES["closing"])
    assert "schon abgeschlossen" in speech_of(response)
    assert state_after(response).pending is Pending.RESTART
    again = ask(handler, intents.YES, state_after(response))
    assert speech_of(again).startswith("Zuerst die Vorbereitung.")


def test_previous_goes_back_and_stops_at_the_preparation(handler) -> None:
    back = ask(handler, intents.PREVIOUS, STATES["step3"])
    assert speech_of(back).startswith("Schritt 2 von 7")
    to_prep = ask(handler, intents.PREVIOUS, STATES["step1"])
    assert speech_of(to_prep).startswith("Zuerst die Vorbereitung.")
    at_start = ask(handler, intents.PREVIOUS, STATES["preparation"])
    assert "schon am Anfang" in speech_of(at_start)
    assert state_after(at_start).position == 0


def test_repeat_says_the_step_again_and_an_faq_answer_again(handler) -> None:
    again = ask(handler, intents.REPEAT, STATES["step3"])
    assert speech_of(again).startswith("Schritt 3 von 7")
    assert state_after(again).position == 3
    faq_again = ask(handler, intents.REPEAT, STATES["after_faq"])
    assert "Faszienrollen" in speech_of(faq_again)
    assert state_after(faq_again).position == 3


def test_start_over_goes_to_the_preparation(handler) -> None:
    response = ask(handler, intents.START_OVER, STATES["step6"])
    assert speech_of(response).startswith("Zuerst die Vorbereitung.")


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        ({intents.SLOT_STEP_NUMBER: "4"}, "Schritt 4 von 7"),
        ({intents.SLOT_STEP_NUMBER: "7"}, "Schritt 7 von 7"),
        (
            {
                intents.SLOT_STEP_ORDINAL: env.slot(
                    intents.SLOT_STEP_ORDINAL, "dritten", resolved_id="3", slot_type="StepOrdinal"
                )
            },
            "Schritt 3 von 7",
        ),
    ],
)
def test_go_to_step(handler, slots, expected) -> None:
    response = ask(handler, intents.GO_TO_STEP, STATES["step1"], slots)
    assert speech_of(response).startswith(expected)


@pytest.mark.parametrize("number", ["0", "8", "99"])
def test_go_to_a_step_that_does_not_exist_names_the_range(handler, number) -> None:
    response = ask(handler, intents.GO_TO_STEP, STATES["step2"], {intents.SLOT_STEP_NUMBER: number})
    text = speech_of(response)
    assert f"Schritt {number} gibt es nicht" in text
    assert "1 bis 7" in text
    assert not ends_session(response)
    assert state_after(response).position == 2


def test_go_to_step_without_a_number_asks_which(handler) -> None:
    response = ask(handler, intents.GO_TO_STEP, STATES["step2"], {intents.SLOT_STEP_NUMBER: "?"})
    assert "Welchen Schritt" in speech_of(response)


def test_where_am_i(handler) -> None:
    assert "noch nicht begonnen" in speech_of(ask(handler, intents.WHERE_AM_I, STATES["launch"]))
    text = speech_of(ask(handler, intents.WHERE_AM_I, STATES["step4"]))
    assert "Sie sind bei Schritt 4 von 7: Längere Streichbewegungen einbauen." in text
    assert "pausiert" in speech_of(ask(handler, intents.WHERE_AM_I, STATES["paused"]))


def test_how_long_estimates_from_the_practice_time(handler) -> None:
    short = speech_of(ask(handler, intents.HOW_LONG, STATES["launch"].with_practice(10)))
    long = speech_of(ask(handler, intents.HOW_LONG, STATES["launch"].with_practice(120)))

    def minutes(text: str) -> int:
        return int(text.split("etwa ")[1].split(" Minuten")[0])

    assert minutes(long) - minutes(short) >= 10  # 7 steps x 110 s more practice
    assert "Bis zum Ende" in speech_of(ask(handler, intents.HOW_LONG, STATES["step2"]))


def test_skip_preparation(handler) -> None:
    skipped = ask(handler, intents.SKIP_PREPARATION, STATES["launch"])
    assert speech_of(skipped).startswith("Gut, wir lassen die Vorbereitung aus. Schritt 1 von 7")
    late = ask(handler, intents.SKIP_PREPARATION, STATES["step3"])
    assert "liegt schon hinter Ihnen" in speech_of(late)
    assert state_after(late).position == 3


def _direction(direction_id: str, spoken: str) -> dict:
    return {
        intents.SLOT_DIRECTION: env.slot(
            intents.SLOT_DIRECTION, spoken, resolved_id=direction_id, slot_type="PracticeDirection"
        )
    }


@pytest.mark.parametrize(
    ("slots", "start", "expected", "says"),
    [
        (_direction("longer", "längere"), 30, 45, "jetzt 45 Sekunden"),
        (_direction("shorter", "kürzere"), 30, 15, "jetzt 15 Sekunden"),
        (_direction("shorter", "kürzere"), 10, 10, "Kürzer geht es nicht"),
        (_direction("longer", "längere"), 120, 120, "Länger geht es nicht"),
        (_direction("default", "normal"), 90, 30, "wieder 30 Sekunden"),
        ({intents.SLOT_SECONDS: "60"}, 30, 60, "jetzt 60 Sekunden"),
        ({intents.SLOT_SECONDS: "200"}, 30, 120, "von 10 bis 120 Sekunden"),
        ({intents.SLOT_SECONDS: "5"}, 30, 10, "jetzt 10 Sekunden"),
        ({intents.SLOT_DURATION: "PT1M30S"}, 30, 90, "jetzt 90 Sekunden"),
    ],
)
def test_change_practice_time(handler, slots, start, expected, says) -> None:
    state = STATES["step2"].with_practice(start)
    response = ask(handler, intents.CHANGE_PRACTICE_TIME, state, slots)
    assert says in speech_of(response)
    after = state_after(response)
    assert after.practice_seconds == expected
    assert after.position == 2
    step = ask(handler, intents.NEXT, after)
    assert total_break_seconds(step["response"]["outputSpeech"]["ssml"]) == expected


def test_unclear_practice_change_asks_how_long(handler) -> None:
    response = ask(handler, intents.CHANGE_PRACTICE_TIME, STATES["step2"], {})
    assert "Wie lang sollen die Pausen sein" in speech_of(response)
    assert state_after(response).practice_seconds == 30


def test_pause_keeps_the_position_and_resume_continues_the_same_step(handler) -> None:
    paused = ask(handler, intents.PAUSE, STATES["step4"])
    assert "Schritt 4, Längere Streichbewegungen" in speech_of(paused)
    assert not ends_session(paused)
    state = state_after(paused)
    assert state.paused and state.position == 4
    resumed = ask(handler, intents.RESUME, state)
    assert speech_of(resumed).startswith("Schritt 4 von 7")
    assert not state_after(resumed).paused


@pytest.mark.parametrize(
    ("intent", "words"),
    [
        (FAQ["frequency"], ["mehrmals pro Woche", "täglich"]),
        (FAQ["aids"], ["Massagebälle", "Faszienrollen", "Massagestäbe"]),
        (FAQ["chronic_pain"], ["Linderung", "Facharzt"]),
        (FAQ["when_not"], ["akuten Verletzungen", "Entzündungen", "starken Schmerzen"]),
    ],
)
def test_faq_mid_session_answers_and_offers_to_continue_naming_the_step(handler, intent, words):
    response = ask(handler, intent, STATES["step3"])
    text = speech_of(response)
    assert all(word in text for word in words)
    assert "Als Nächstes kommt Schritt 4, Längere Streichbewegungen einbauen." in text
    assert "Möchten Sie weitermachen?" in text
    go_on = ask(handler, intents.YES, state_after(response))
    assert speech_of(go_on).startswith("Schritt 4 von 7")


def test_faq_before_the_guide_offers_to_begin(handler) -> None:
    response = ask(handler, FAQ["aids"], None)
    assert speech_of(response).endswith("Möchten Sie beginnen?")


def test_tips_all_at_once_and_one_by_one(handler) -> None:
    all_tips = speech_of(ask(handler, intents.ALL_TIPS, STATES["step2"]))
    assert all(w in all_tips for w in ("ergonomische", "Bewegungspausen", "Kräftigung", "Wärme"))
    state = STATES["step2"]
    heard = []
    for _ in range(4):
        response = ask(handler, intents.SINGLE_TIP, state)
        heard.append(speech_of(response))
        state = state_after(response)
        if len(heard) < 4:
            assert state.pending is Pending.NEXT_TIP
            response = ask(handler, intents.YES, state)
            heard[-1] = speech_of(response)
            state = state_after(response)
    joined = " ".join(heard)
    assert all(w in joined for w in ("Bewegungspausen", "Kräftigung", "Wärme"))


def test_tip_by_topic(handler) -> None:
    slots = {
        intents.SLOT_TIP_TOPIC: env.slot(
            intents.SLOT_TIP_TOPIC, "Wärme", resolved_id="warmth", slot_type="TipTopic"
        )
    }
    text = speech_of(ask(handler, intents.SINGLE_TIP, STATES["step2"], slots))
    assert text.startswith("Wärme, zum Beispiel ein Wärmekissen")


def test_pain_stops_advises_and_holds_the_guide(handler) -> None:
    response = ask(handler, intents.PAIN, STATES["step3"])
    text = speech_of(response)
    assert "sofort auf" in text and "Druck" in text and "ärztlichen Rat" in text
    assert "Schritt 4" not in text  # the guide does not go on by itself
    assert "[Pause" not in text
    state = state_after(response)
    assert state.pain_hold and state.position == 3
    assert not ends_session(response)
    gently = ask(handler, intents.YES, state)
    assert speech_of(gently).startswith("Schritt 3 von 7")
    stop = ask(handler, intents.NO, state)
    assert ends_session(stop)


def test_help_depends_on_where_the_person_is(handler) -> None:
    at_launch = ask(handler, intents.HELP, STATES["launch"])
    in_step = ask(handler, intents.HELP, STATES["step5"])
    assert speech_of(at_launch) != speech_of(in_step)
    assert "Schritt 5, Gleichmäßige Atmung beibehalten" in speech_of(in_step)
    assert not ends_session(at_launch) and not ends_session(in_step)


def test_fallback_in_the_guide_keeps_the_position_and_says_how_to_report_pain(handler) -> None:
    response = ask(handler, intents.FALLBACK, STATES["step5"])
    assert "nicht verstanden" in speech_of(response)
    assert "weh" in speech_of(response) and "weiter" in speech_of(response)
    after = state_after(response)
    assert after.position == 5
    again = ask(handler, intents.REPEAT, after)
    assert speech_of(again).startswith("Schritt 5 von 7")


def test_yes_after_not_understood_does_not_move_on(handler) -> None:
    """The misheard words may have been a pain report: "ja" must not start the next step."""
    not_understood = ask(handler, intents.FALLBACK, STATES["step5"])
    yes = ask(handler, intents.YES, state_after(not_understood))
    assert state_after(yes).position == 5
    assert not speech_of(yes).startswith("Schritt 6")


def test_fallback_during_a_pain_hold_never_suggests_going_on(handler) -> None:
    response = ask(handler, intents.FALLBACK, STATES["pain"])
    text = speech_of(response) + " " + reprompt_of(response)
    assert "stopp" in text
    assert "weiter" not in text.lower()
    assert state_after(response).pain_hold


def test_fallback_at_launch_keeps_the_offer_to_begin(handler) -> None:
    response = ask(handler, intents.FALLBACK, STATES["launch"])
    assert state_after(response).pending is Pending.BEGIN


@pytest.mark.parametrize("intent", [intents.STOP, intents.CANCEL, intents.NAVIGATE_HOME])
def test_stop_and_cancel_say_goodbye_with_water(handler, intent) -> None:
    response = ask(handler, intent, STATES["step2"])
    assert ends_session(response)
    assert "Glas Wasser" in speech_of(response)


@pytest.mark.parametrize("reason", ["USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR"])
def test_session_ended_request_is_handled_silently(handler, reason) -> None:
    envelope = env.session_ended_request(reason, session_attributes=attributes(STATES["step2"]))
    response = handler(envelope, None)
    assert_valid_response(response, spoken=False)


def test_breathing_exercise(handler) -> None:
    response = ask(handler, intents.BREATHING_EXERCISE, None)
    text = speech_of(response)
    assert text.startswith("Gern. Wir machen eine kurze Atemübung.")
    assert text.count("Einatmen") == 5
    assert "[Ton]" in text
    assert not ends_session(response)


@pytest.mark.parametrize(
    "tampered",
    [
        {"position": 99},
        {"position": "drei", "practice_seconds": "x"},
        {"pending": "launch_missiles"},
        "kaputt",
        {"said": "step", "position": None},
    ],
)
def test_tampered_session_attributes_fall_back_safely(handler, tampered) -> None:
    envelope = env.intent_request(intents.NEXT, session_attributes={SESSION_KEY: tampered})
    response = handler(envelope, None)
    assert_valid_response(response)
    assert "Entschuldigung" not in speech_of(response)


def test_an_exception_in_a_handler_is_answered_in_german(handler, monkeypatch) -> None:
    from skill.conversation import Guide

    def broken(self, state):
        raise RuntimeError("boom")

    monkeypatch.setattr(Guide, "next", broken)
    response = ask(handler, intents.NEXT, STATES["step1"])
    assert_valid_response(response)
    assert speech_of(response).startswith("Entschuldigung, da ist etwas schiefgegangen.")
    assert not ends_session(response)


def test_unknown_intent_is_treated_as_not_understood(handler) -> None:
    response = ask(handler, "SomethingFromANewerModelIntent", STATES["step1"])
    assert "nicht verstanden" in speech_of(response)


def test_other_locales_get_the_german_content(handler) -> None:
    for locale in ("de-AT", "de-CH"):
        response = handler(env.launch_request(locale=locale), None)
        assert speech_of(response).startswith("Willkommen bei Rückenmassage.")


def test_steps_and_answers_leave_a_card_in_the_alexa_app(handler) -> None:
    step = ask(handler, intents.NEXT, STATES["step2"])["response"]["card"]
    assert step["type"] == "Simple"
    assert step["title"] == "Schritt 3 von 7: Fokus auf problematische Zonen."
    assert "fest oder empfindlich" in step["content"]
    faq = ask(handler, FAQ["aids"], STATES["step2"])["response"]["card"]
    assert faq["title"].startswith("Kann man die Selbstmassage auch mit Hilfsmitteln")
    assert "Faszienrollen" in faq["content"]


def test_thanks_is_answered_warmly_and_keeps_the_guide(handler) -> None:
    response = ask(handler, intents.THANKS, STATES["step3"])
    text = speech_of(response)
    assert "nicht verstanden" not in text and "Gern" in text
    assert state_after(response).position == 3 and not ends_session(response)


def _condition(condition_id: str) -> dict[str, Any]:
    return {
        intents.SLOT_CONDITION: env.slot(
            intents.SLOT_CONDITION, condition_id, resolved_id=condition_id, slot_type="X"
        )
    }


def test_a_condition_the_guide_does_not_cover_adds_the_advice_to_ask_a_doctor(handler) -> None:
    when_not = load_content().faq["when_not"]
    uncovered = next(c for c in when_not.conditions if c.advice)
    response = ask(handler, FAQ["when_not"], STATES["step2"], slots=_condition(uncovered.id))
    text = speech_of(response)
    assert when_not.answer[0] in text and uncovered.advice in text
    again = ask(handler, intents.REPEAT, state_after(response))
    assert uncovered.advice in speech_of(again)


def test_a_condition_the_guide_covers_gets_the_guides_answer_alone(handler) -> None:
    when_not = load_content().faq["when_not"]
    covered = next(c for c in when_not.conditions if c.advice is None)
    response = ask(handler, FAQ["when_not"], STATES["step2"], slots=_condition(covered.id))
    text = speech_of(response)
    assert when_not.answer[0] in text
    assert all(c.advice not in text for c in when_not.conditions if c.advice)


@pytest.mark.parametrize("number", range(1, len(load_content().steps) + 1))
def test_a_step_by_its_name(handler, number: int) -> None:
    step = load_content().step(number)
    slots = {
        intents.SLOT_STEP_NAME: env.slot(
            intents.SLOT_STEP_NAME, step.names[0], resolved_id=step.id, slot_type="StepName"
        )
    }
    response = ask(handler, intents.GO_TO_STEP, STATES["launch"], slots=slots)
    assert state_after(response).position == number


def test_the_last_step_by_ordinal(handler) -> None:
    slots = {
        intents.SLOT_STEP_ORDINAL: env.slot(
            intents.SLOT_STEP_ORDINAL, "letzten", resolved_id=intents.LAST_STEP, slot_type="X"
        )
    }
    response = ask(handler, intents.GO_TO_STEP, STATES["launch"], slots=slots)
    assert state_after(response).position == len(load_content().steps)
