"""Request envelopes for every request type and intent, in every state of the conversation.

Each request goes through ``lambda_handler`` exactly as on AWS Lambda; the state is put into
the session attributes as Alexa would hand them back.
"""

from __future__ import annotations

from typing import Any

import pytest
from skill_checks import (
    asks_what_to_say,
    assert_valid_response,
    ends_session,
    last_sentence,
    reprompt_of,
    speech_of,
)

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
    "welcome_back": ConversationState(
        resumable=4, pending=Pending.RESUME_OR_RESTART, said=Said.WELCOME, turn=1
    ),
    # Every question that can be open, mid-guide, after some answers of the session.
    **{
        f"asked_{pending.value}": ConversationState(turn=5).at(3).asking(pending)
        for pending in Pending
    },
}
# After each kind of answer: what "wiederholen" says (tests below).
SAID_STATES = {said: ConversationState(turn=5, position=3, said=said) for said in Said}

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
    intents.CHOOSE_PROGRAM: {
        intents.SLOT_PROGRAM: env.slot(
            intents.SLOT_PROGRAM, "kurze", resolved_id="short", slot_type="ProgramLength"
        ),
        intents.SLOT_DURATION: None,
    },
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
def test_every_intent_in_every_state_gives_a_valid_answer(handler, words, state_name, intent):
    before = STATES[state_name]
    response = ask(handler, intent, before)
    assert_valid_response(response)
    text = speech_of(response)
    assert not words.said("session.error", text), text  # no error handler on a normal path
    if not ends_session(response):
        after = state_after(response)  # the stored state reads back
        assert asks_what_to_say(text), text  # the last sentence asks, or names what to say
        if last_sentence(text).endswith("?") and "„" not in last_sentence(text):
            assert after.pending is not Pending.NONE, text  # "ja" and "nein" mean something
        # Each answer counts one more; "wiederholen" re-says the last one with its words.
        repeated = intent == intents.REPEAT and before.turn > 0
        expected_turn = before.turn if repeated else before.turn + 1
        assert after.turn == expected_turn


@pytest.mark.parametrize("said", list(Said))
def test_repeat_after_every_kind_of_answer_says_it_in_the_same_words(handler, said) -> None:
    first = ask(handler, intents.REPEAT, SAID_STATES[said])
    assert_valid_response(first)
    if not ends_session(first):
        again = ask(handler, intents.REPEAT, state_after(first))
        assert speech_of(again) == speech_of(first)
        assert state_after(again).turn == state_after(first).turn


@pytest.mark.parametrize("intent", sorted(handled_intents(load_content())))
def test_every_intent_works_as_a_one_shot_in_a_new_session(handler, words, intent) -> None:
    response = ask(handler, intent, None)
    assert_valid_response(response)
    assert not words.said("session.error", speech_of(response))


def test_launch_welcomes_warns_and_asks(handler, words) -> None:
    response = handler(env.launch_request(), None)
    assert_valid_response(response)
    text = speech_of(response)
    assert words.starts("launch.welcome", text)
    assert words.said("launch.safety", text)
    assert any(text.endswith(question) for question in words.all("launch.ask_begin"))
    assert not ends_session(response)
    assert "ja" in reprompt_of(response)
    assert state_after(response).pending is Pending.BEGIN


def test_yes_at_launch_starts_the_preparation_with_breathing(handler, words, content) -> None:
    response = ask(handler, intents.YES, STATES["launch"])
    text = speech_of(response)
    assert words.is_preparation(text)
    assert text.count(content.practice.breathe_in) == content.program(None).breathing_cycles
    assert "[Ton]" in text
    assert words.said("guide.next_is", text, place=words.place(1)[0])
    assert words.said("guide.barge_in", text)
    assert state_after(response).position == 0


def test_no_at_launch_offers_faq_tips_or_breathing_then_ends_politely(handler, words) -> None:
    response = ask(handler, intents.NO, STATES["launch"])
    assert words.said("launch.alternatives", speech_of(response))
    assert not ends_session(response)
    second = ask(handler, intents.NO, state_after(response))
    assert ends_session(second)
    assert words.said("session.goodbye", speech_of(second))


@pytest.mark.parametrize("number", range(1, 8))
@pytest.mark.parametrize("practice", [10, 30, 45, 120])
def test_each_step_says_heading_practice_chime_and_next(
    handler, guide, words, number, practice
) -> None:
    state = ConversationState().at(number - 1).with_practice(practice).asking(Pending.CONTINUE)
    response = ask(handler, intents.NEXT, state)
    assert_valid_response(response)
    text = speech_of(response)
    ssml = response["response"]["outputSpeech"]["ssml"]
    assert words.is_step(text, number)
    section = guide.content.step(number)
    expected = guide.programs.section_seconds(state, section)
    assert total_break_seconds(ssml) == expected + guide.content.practice.get_ready_seconds
    assert text.count("[Ton]") == 1
    assert "soundbank://soundlibrary/" in ssml
    assert words.said(
        "guide.next_is", text, place=words.place(number + 1)[0] if number < 7 else "der Abschluss"
    )
    assert not ends_session(response)
    assert state_after(response).position == number


def test_breathing_step_leads_breathing_cycles(handler, words, content) -> None:
    number = next(n for n, step in enumerate(content.steps, 1) if step.practice == "breathing")
    response = ask(handler, intents.NEXT, STATES[f"step{number - 1}"])
    text = speech_of(response)
    assert words.is_step(text, number)
    cycles = content.program(None).practice_seconds // content.practice.breath_cycle_seconds
    assert text.count(content.practice.breathe_in) == cycles
    assert text.count(content.practice.breathe_out) == cycles


def test_closing_then_tips_then_goodbye(handler, words, content) -> None:
    closing = ask(handler, intents.NEXT, STATES["step7"])
    text = speech_of(closing)
    assert words.said("guide.ask_tips", text, count=len(content.tips))
    assert "Wasser" not in text  # step 7 said it
    assert state_after(closing).pending is Pending.TIPS
    tips = ask(handler, intents.YES, state_after(closing))
    assert all(tip.text in speech_of(tips) for tip in content.tips)
    assert ends_session(tips)


def test_no_tips_after_closing_says_goodbye(handler, words) -> None:
    response = ask(handler, intents.NO, STATES["closing"])
    assert ends_session(response)
    assert words.said("session.goodbye", speech_of(response))


def test_next_after_the_closing_gives_the_tips_it_offered(handler, content) -> None:
    response = ask(handler, intents.NEXT, STATES["closing"])
    assert all(tip.text in speech_of(response) for tip in content.tips)


def test_next_after_the_closing_without_an_offer_offers_to_start_over(handler, words) -> None:
    response = ask(handler, intents.NEXT, STATES["closing"].asking(Pending.NONE))
    assert words.said("guide.already_finished", speech_of(response))
    assert state_after(response).pending is Pending.RESTART
    again = ask(handler, intents.YES, state_after(response))
    assert words.is_preparation(speech_of(again))


def test_previous_goes_back_and_stops_at_the_preparation(handler, words) -> None:
    assert words.is_step(speech_of(ask(handler, intents.PREVIOUS, STATES["step3"])), 2)
    to_prep = ask(handler, intents.PREVIOUS, STATES["step1"])
    assert words.is_preparation(speech_of(to_prep))
    at_start = ask(handler, intents.PREVIOUS, STATES["preparation"])
    assert words.said("guide.at_start", speech_of(at_start))
    assert state_after(at_start).position == 0


def test_repeat_says_the_step_again_and_an_faq_answer_again(handler, words, content) -> None:
    again = ask(handler, intents.REPEAT, STATES["step3"])
    assert words.is_step(speech_of(again), 3)
    assert state_after(again).position == 3
    faq_again = ask(handler, intents.REPEAT, STATES["after_faq"])
    assert content.faq["aids"].answer[0] in speech_of(faq_again)
    assert state_after(faq_again).position == 3


def test_start_over_goes_to_the_preparation(handler, words) -> None:
    response = ask(handler, intents.START_OVER, STATES["step6"])
    assert words.is_preparation(speech_of(response))


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        ({intents.SLOT_STEP_NUMBER: "4"}, 4),
        ({intents.SLOT_STEP_NUMBER: "7"}, 7),
        (
            {
                intents.SLOT_STEP_ORDINAL: env.slot(
                    intents.SLOT_STEP_ORDINAL, "dritten", resolved_id="3", slot_type="StepOrdinal"
                )
            },
            3,
        ),
    ],
)
def test_go_to_step(handler, words, slots, expected) -> None:
    response = ask(handler, intents.GO_TO_STEP, STATES["step1"], slots)
    assert words.is_step(speech_of(response), expected)


@pytest.mark.parametrize("number", [0, 8, 99])
def test_go_to_a_step_that_does_not_exist_names_the_range(handler, words, number) -> None:
    response = ask(
        handler, intents.GO_TO_STEP, STATES["step2"], {intents.SLOT_STEP_NUMBER: str(number)}
    )
    text = speech_of(response)
    assert words.said("guide.step_missing", text, requested=number, total=7)
    assert words.said("guide.ask_step", text)
    assert not ends_session(response)
    assert state_after(response).position == 2
    assert state_after(response).pending is Pending.STEP_CHOICE


def test_go_to_step_without_a_number_asks_which(handler, words) -> None:
    response = ask(handler, intents.GO_TO_STEP, STATES["step2"], {intents.SLOT_STEP_NUMBER: "?"})
    assert words.said("guide.ask_step", speech_of(response))


def test_where_am_i(handler, words, content) -> None:
    launch = speech_of(ask(handler, intents.WHERE_AM_I, STATES["launch"]))
    assert words.said("status.not_started", launch)
    text = speech_of(ask(handler, intents.WHERE_AM_I, STATES["step4"]))
    name = content.step(4).spoken
    assert words.said("status.at_step", text, number=4, total=7, name=name)
    paused = speech_of(ask(handler, intents.WHERE_AM_I, STATES["paused"]))
    assert words.said("status.paused", paused)


def test_how_long_names_the_program_and_its_minutes(handler, guide, words, content) -> None:
    for program in content.programs:
        state = STATES["launch"].with_changes(program=program)
        text = speech_of(ask(handler, intents.HOW_LONG, state))
        minutes = guide.voice.minutes(state, guide.programs.estimated_seconds(state))
        assert content.programs[program].name in text and minutes in text
    assert words.said(
        "status.remaining",
        speech_of(ask(handler, intents.HOW_LONG, STATES["step2"])),
        minutes=guide.voice.minutes(
            STATES["step2"], guide.programs.estimated_seconds(STATES["step2"], 3)
        ),
    )


def test_skip_preparation(handler, words) -> None:
    skipped = speech_of(ask(handler, intents.SKIP_PREPARATION, STATES["launch"]))
    assert words.starts("guide.skip_ok", skipped)
    assert any(heading in skipped for heading in words.heading(1))
    late = ask(handler, intents.SKIP_PREPARATION, STATES["step3"])
    assert words.said("guide.skip_done", speech_of(late))
    assert state_after(late).position == 3


def _direction(direction_id: str, spoken: str) -> dict:
    return {
        intents.SLOT_DIRECTION: env.slot(
            intents.SLOT_DIRECTION, spoken, resolved_id=direction_id, slot_type="PracticeDirection"
        )
    }


@pytest.mark.parametrize(
    ("slots", "start", "expected", "key", "says"),
    [
        (_direction("longer", "längere"), 30, 45, "practice.changed", "fünfundvierzig Sekunden"),
        (_direction("shorter", "kürzere"), 30, 15, "practice.changed", "fünfzehn Sekunden"),
        (_direction("shorter", "kürzere"), 10, 10, "practice.at_min", "zehn Sekunden"),
        (_direction("longer", "längere"), 120, 120, "practice.at_max", "zwei Minuten"),
        (_direction("default", "normal"), 90, None, "practice.reset", None),
        ({intents.SLOT_SECONDS: "60"}, 30, 60, "practice.changed", "eine Minute"),
        ({intents.SLOT_SECONDS: "200"}, 30, 120, "practice.clamped", None),
        ({intents.SLOT_SECONDS: "5"}, 30, 10, "practice.changed", "zehn Sekunden"),
        ({intents.SLOT_DURATION: "PT1M30S"}, 30, 90, "practice.changed", "anderthalb Minuten"),
    ],
)
def test_change_practice_time(handler, guide, words, slots, start, expected, key, says) -> None:
    state = STATES["step2"].with_practice(start)
    response = ask(handler, intents.CHANGE_PRACTICE_TIME, state, slots)
    text = speech_of(response)
    after = state_after(response)
    effective = guide.programs.practice_seconds(after)
    if expected is None:  # back to the program's own time
        assert after.practice_seconds is None
    else:
        assert effective == expected
    if says is not None:
        assert words.said(key, text, practice=says)
    elif key == "practice.clamped":
        assert words.said(key, text, min="zehn Sekunden", max="zwei Minuten")
    assert after.position == 2
    step = ask(handler, intents.NEXT, after)
    breaks = total_break_seconds(step["response"]["outputSpeech"]["ssml"])
    assert breaks == effective + guide.content.practice.get_ready_seconds


def test_unclear_practice_change_asks_how_long(handler, words) -> None:
    response = ask(handler, intents.CHANGE_PRACTICE_TIME, STATES["step2"], {})
    assert words.said("practice.unclear", speech_of(response))
    assert state_after(response).practice_seconds is None


def test_pause_keeps_the_position_and_resume_continues_the_same_step(handler, words) -> None:
    paused = ask(handler, intents.PAUSE, STATES["step4"])
    assert words.names(4, speech_of(paused))
    assert not ends_session(paused)
    state = state_after(paused)
    assert state.paused and state.position == 4
    resumed = ask(handler, intents.RESUME, state)
    assert words.is_step(speech_of(resumed), 4)
    assert not state_after(resumed).paused


@pytest.mark.parametrize("faq_id", sorted(FAQ))
def test_faq_mid_session_answers_and_offers_to_continue_naming_the_step(
    handler, words, content, faq_id
) -> None:
    response = ask(handler, FAQ[faq_id], STATES["step3"])
    text = speech_of(response)
    assert all(sentence in text for sentence in content.faq[faq_id].answer)
    assert words.said("guide.next_is", text, place=words.place(4)[0])
    assert words.said("guide.ask_continue", text)
    go_on = ask(handler, intents.YES, state_after(response))
    assert words.is_step(speech_of(go_on), 4)


def test_faq_before_the_guide_offers_to_begin(handler, words) -> None:
    text = speech_of(ask(handler, FAQ["aids"], None))
    assert any(text.endswith(question) for question in words.all("launch.ask_begin"))


def test_tips_all_at_once_and_one_by_one(handler, content) -> None:
    all_tips = speech_of(ask(handler, intents.ALL_TIPS, STATES["step2"]))
    assert all(tip.text in all_tips for tip in content.tips)
    state = STATES["step2"]
    heard = []
    response = ask(handler, intents.SINGLE_TIP, state)
    for _ in content.tips:
        heard.append(speech_of(response))
        state = state_after(response)
        if state.pending is Pending.NEXT_TIP:
            response = ask(handler, intents.YES, state)
    assert [sum(tip.text in text for text in heard) for tip in content.tips] == [1] * len(
        content.tips
    )


def test_tip_by_topic(handler, content) -> None:
    slots = {
        intents.SLOT_TIP_TOPIC: env.slot(
            intents.SLOT_TIP_TOPIC, "Wärme", resolved_id="warmth", slot_type="TipTopic"
        )
    }
    text = speech_of(ask(handler, intents.SINGLE_TIP, STATES["step2"], slots))
    assert text.startswith(content.tip("warmth").text)


def test_pain_stops_advises_and_holds_the_guide(handler, words) -> None:
    response = ask(handler, intents.PAIN, STATES["step3"])
    text = speech_of(response)
    assert words.said("pain.stop", text) and words.said("pain.doctor", text)
    assert not words.names(4, text)  # the guide does not go on by itself
    assert "[Pause" not in text
    state = state_after(response)
    assert state.pain_hold and state.position == 3
    assert not ends_session(response)
    gently = ask(handler, intents.YES, state)
    assert words.is_step(speech_of(gently), 3)
    stop = ask(handler, intents.NO, state)
    assert ends_session(stop)


def test_help_depends_on_where_the_person_is(handler, words) -> None:
    at_launch = ask(handler, intents.HELP, STATES["launch"])
    in_step = ask(handler, intents.HELP, STATES["step5"])
    assert speech_of(at_launch) != speech_of(in_step)
    assert words.names(5, speech_of(in_step))
    assert words.said("guide.barge_in", speech_of(in_step))
    assert not ends_session(at_launch) and not ends_session(in_step)


def test_fallback_in_the_guide_keeps_the_position_and_says_how_to_report_pain(
    handler, words
) -> None:
    response = ask(handler, intents.FALLBACK, STATES["step5"])
    assert words.said("fallback.not_understood", speech_of(response))
    assert words.said("fallback.hint_guide", speech_of(response))
    after = state_after(response)
    assert after.position == 5
    again = ask(handler, intents.REPEAT, after)
    assert words.said("fallback.hint_guide", speech_of(again))


def test_yes_after_not_understood_does_not_move_on(handler, words) -> None:
    """The misheard words may have been a pain report: "ja" must not start the next step."""
    not_understood = ask(handler, intents.FALLBACK, STATES["step5"])
    yes = ask(handler, intents.YES, state_after(not_understood))
    assert state_after(yes).position == 5
    assert not words.is_step(speech_of(yes), 6)


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
def test_stop_and_cancel_say_goodbye(handler, words, intent) -> None:
    response = ask(handler, intent, STATES["step2"])
    assert ends_session(response)
    assert words.said("session.goodbye", speech_of(response))
    assert "Wasser" not in speech_of(response)  # water is step 7's, said once


@pytest.mark.parametrize("reason", ["USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR"])
def test_session_ended_request_is_handled_silently(handler, reason) -> None:
    envelope = env.session_ended_request(reason, session_attributes=attributes(STATES["step2"]))
    response = handler(envelope, None)
    assert_valid_response(response, spoken=False)


def test_breathing_exercise(handler, words, content) -> None:
    response = ask(handler, intents.BREATHING_EXERCISE, None)
    text = speech_of(response)
    assert words.starts("breathing.intro", text)
    assert text.count(content.practice.breathe_in) == content.practice.breathing_exercise_cycles
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
        {"said": "faq", "said_ref": "gone", "position": 2},
        {"said": "tip", "said_ref": "gone", "tips_heard": 3},
    ],
)
def test_tampered_session_attributes_fall_back_safely(handler, words, tampered) -> None:
    for intent in (intents.NEXT, intents.REPEAT):
        envelope = env.intent_request(intent, session_attributes={SESSION_KEY: tampered})
        response = handler(envelope, None)
        assert_valid_response(response)
        assert not words.said("session.error", speech_of(response))


def test_an_exception_in_a_handler_is_answered_in_german(handler, words, monkeypatch) -> None:
    from skill.conversation.acts import DialogActs

    def broken(self, state):
        raise RuntimeError("boom")

    monkeypatch.setattr(DialogActs, "next", broken)
    response = ask(handler, intents.NEXT, STATES["step1"])
    assert_valid_response(response)
    assert words.starts("session.error", speech_of(response))
    assert not ends_session(response)


def test_unknown_intent_is_treated_as_not_understood(handler, words) -> None:
    response = ask(handler, "SomethingFromANewerModelIntent", STATES["step1"])
    assert words.said("fallback.not_understood", speech_of(response))


def test_other_locales_get_the_german_content(handler, words) -> None:
    for locale in ("de-AT", "de-CH"):
        response = handler(env.launch_request(locale=locale), None)
        assert words.starts("launch.welcome", speech_of(response))


def test_steps_and_answers_leave_a_card_in_the_alexa_app(handler, content) -> None:
    step = ask(handler, intents.NEXT, STATES["step2"])["response"]["card"]
    assert step["type"] == "Simple"
    assert step["title"] == content.text(
        "cards.step", number=3, total=len(content.steps), title=content.step(3).title
    )
    assert all(sentence in step["content"] for sentence in content.step(3).instructions)
    faq = ask(handler, FAQ["aids"], STATES["step2"])["response"]["card"]
    assert faq["title"] == content.faq["aids"].question
    assert content.faq["aids"].answer[0] in faq["content"]


def test_thanks_is_answered_warmly_and_keeps_the_guide(handler, words) -> None:
    response = ask(handler, intents.THANKS, STATES["step3"])
    text = speech_of(response)
    assert not words.said("fallback.not_understood", text) and words.said("thanks.reply", text)
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
