"""What each answer shows on an Echo Show, Echo Spot or Fire TV: the RenderDocument directive.

Counts come from the content (``len(content.steps)``), practice times from the SSML that is
actually spoken in the same response.
"""

from __future__ import annotations

import json

import pytest
from screen_requests import RENDER_DOCUMENT, ask, directives, properties, screen_of, state_after
from skill_checks import assert_valid_response, ends_session, speech_of
from test_skill_requests import SLOTS, STATES

from skill import intents
from skill.chat import envelopes as env
from skill.content import load_content
from skill.display import display_of
from skill.handlers import handled_intents
from skill.handlers.screen import screen_document
from skill.screen_data import datasource
from skill.screen_labels import load_labels, program_button
from skill.ssml import escape, total_break_seconds
from skill.state import ALL_STEPS, CLOSING, ConversationState, Pending, Program, Said, step_bit

CONTENT = load_content()
LABELS = load_labels()
STEPS = len(CONTENT.steps)
# "The total size of your response cannot exceed 24 kilobytes" (Amazon's response reference,
# quoted in notes/alexa-limits.md section 5); document and datasources count against it.
MAX_RESPONSE_BYTES = 24 * 1024


def ssml_of(response: dict) -> str:
    return response["response"]["outputSpeech"]["ssml"]


def practice_breaks(ssml: str) -> float:
    """Seconds of the practice Alexa speaks: the timed breaks from the practice's start phrase
    (if the answer has one) up to the chime."""
    before_chime = ssml[len("<speak>") : ssml.index("<audio")]
    starts = CONTENT.practice.start
    for start in [starts] if isinstance(starts, str) else starts:
        if escape(start) in before_chime:
            before_chime = before_chime[before_chime.rindex(escape(start)) :]
    return total_break_seconds(f"<speak>{before_chime}</speak>")


def assert_countdown_matches_speech(response: dict) -> dict:
    """The practice on screen is exactly the practice Alexa speaks in this response."""
    practice = properties(response)["practice"]
    seconds = practice_breaks(ssml_of(response))
    assert seconds > 0
    assert practice["seconds"] == seconds
    assert practice["totalMs"] == seconds * 1000
    segments = practice["segments"]
    assert practice["segmentCount"] == len(segments)
    assert sum(s["endMs"] - s["startMs"] for s in segments) == seconds * 1000
    done = 0
    for before, segment in zip([None, *segments], segments, strict=False):
        assert segment["doneMs"] == done
        assert segment["startMs"] < segment["endMs"]
        if before is not None:  # a cue is spoken between two breaks
            assert segment["startMs"] > before["endMs"]
        done += segment["endMs"] - segment["startMs"]
    assert segments[0]["startMs"] > 0  # the instructions come first
    assert practice["endMs"] == segments[-1]["endMs"]
    assert properties(response)["holdMs"] > practice["endMs"]  # held past the chime
    return practice


def test_launch_shows_the_name_the_safety_note_and_begin(handler) -> None:
    response = handler(env.launch_request(supported_interfaces=env.APL_INTERFACE), None)
    directive = screen_of(response)
    assert directive["type"] == RENDER_DOCUMENT
    assert directive["token"] == "rueckenmassage.launch"
    assert directive["document"] == screen_document()
    shown = properties(response)
    assert shown["title"] == LABELS.headings["skill_name"]
    assert shown["lines"] == [CONTENT.text("launch.safety")]
    assert [b["id"] for b in shown["buttons"]] == ["begin"]
    assert shown["buttons"][0]["label"] == LABELS.buttons["begin"]
    assert shown["practice"]["seconds"] == 0 and shown["sections"] == []


@pytest.mark.parametrize("practice", [10, 30, 45, 120])
@pytest.mark.parametrize("number", range(1, STEPS + 1))
def test_each_step_shows_its_place_instructions_and_countdown(
    handler, guide, number, practice
) -> None:
    state = ConversationState().at(number - 1).with_practice(practice).asking(Pending.CONTINUE)
    response = ask(handler, intents.NEXT, state)
    assert screen_of(response)["token"] == f"rueckenmassage.guide.{number}"
    shown = properties(response)
    step = CONTENT.step(number)
    assert shown["eyebrow"] == LABELS.headings["step_of"].format(number=number, total=STEPS)
    assert shown["title"] == step.title
    assert shown["lines"] == list(step.instructions)
    assert [s["state"] for s in shown["sections"]] == (
        ["done"] * number + ["current"] + ["todo"] * (STEPS - number)
    )
    assert [b["id"] for b in shown["buttons"]] == ["previous", "pause", "repeat", "next"]
    # Hands-on steps practise for the chosen time; a stretch or a rest for the program's
    # shorter time, never longer (issue 9's programs).
    expected = guide.programs.section_seconds(state, step)
    assert expected == practice if step.hands_on else expected <= practice
    assert assert_countdown_matches_speech(response)["seconds"] == expected


def test_preparation_shows_its_breathing_countdown(handler, guide) -> None:
    response = ask(handler, intents.YES, STATES["launch"])
    assert screen_of(response)["token"] == "rueckenmassage.guide.0"
    shown = properties(response)
    assert shown["title"] == CONTENT.preparation.title
    assert shown["lines"] == list(CONTENT.preparation.instructions)
    assert [s["state"] for s in shown["sections"]] == ["current"] + ["todo"] * STEPS
    cycle = CONTENT.practice.breath_cycle_seconds
    cycles = guide.programs.spec(STATES["launch"]).breathing_cycles  # the program in use
    practice = assert_countdown_matches_speech(response)
    assert practice["seconds"] == cycles * cycle
    assert practice["segmentCount"] == cycles * 2  # in and out


def test_breathing_exercise_counts_down_its_cycles(handler) -> None:
    response = ask(handler, intents.BREATHING_EXERCISE, STATES["step2"])
    assert screen_of(response)["token"] == "rueckenmassage.breathing.2"
    practice = assert_countdown_matches_speech(response)
    assert practice["seconds"] == (
        CONTENT.practice.breathing_exercise_cycles * CONTENT.practice.breath_cycle_seconds
    )


@pytest.mark.parametrize(("intent", "faq_id"), sorted(CONTENT.faq_intents.items()))
def test_faq_answers_show_question_and_answer(handler, intent, faq_id) -> None:
    response = ask(handler, intent, STATES["step3"])
    assert screen_of(response)["token"] == "rueckenmassage.faq.3"
    shown = properties(response)
    assert shown["title"] == CONTENT.faq[faq_id].question
    assert shown["lines"] == list(CONTENT.faq[faq_id].answer)
    assert [b["id"] for b in shown["buttons"]] == ["yes", "no"]  # "Möchten Sie weitermachen?"
    assert shown["practice"]["seconds"] == 0


@pytest.mark.parametrize(
    ("faq_id", "condition"),
    [(f.id, c) for f in CONTENT.faq.values() for c in f.conditions],
    ids=lambda value: getattr(value, "id", value),
)
def test_an_faq_about_a_condition_shows_its_advice_too(handler, faq_id, condition) -> None:
    slots = {intents.SLOT_CONDITION: env.slot(intents.SLOT_CONDITION, condition.names[0],
                                              resolved_id=condition.id,
                                              slot_type="HealthCondition")}  # fmt: skip
    response = ask(handler, CONTENT.faq[faq_id].intent, STATES["step3"], slots=slots)
    shown = properties(response)
    expected = list(CONTENT.faq[faq_id].answer)
    if condition.advice:
        expected.append(condition.advice)
    assert shown["title"] == CONTENT.faq[faq_id].question
    assert shown["lines"] == expected
    assert " ".join(expected) in speech_of(response)  # the screen shows what was said


def test_tips_show_the_tip_asked_for_and_all_tips(handler) -> None:
    for number, tip in enumerate(CONTENT.tips):
        state = ConversationState().with_changes(tips_heard=(1 << number) - 1)  # the next one
        response = ask(handler, intents.SINGLE_TIP, state, slots=SLOTS[intents.SINGLE_TIP])
        assert screen_of(response)["token"] == "rueckenmassage.tip"
        assert properties(response)["lines"] == [tip.text]
        # "Noch ein Tipp?" until the last; then the offer to begin the massage.
        last = number == len(CONTENT.tips) - 1
        expected = ["begin"] if last else ["yes", "no"]
        assert [b["id"] for b in properties(response)["buttons"]] == expected
    everything = ask(handler, intents.ALL_TIPS, STATES["closing"])
    assert screen_of(everything)["token"] == f"rueckenmassage.tips.{CLOSING}"
    assert properties(everything)["lines"] == [tip.text for tip in CONTENT.tips]


@pytest.mark.parametrize(
    ("steps_done", "done_key"),
    [(ALL_STEPS, "closing.all_done"), (step_bit(STEPS), "closing.last_step_done")],
)
@pytest.mark.parametrize("turn", range(3))
def test_closing_is_a_calm_end_screen_with_the_tips_question(
    handler, words, steps_done, done_key, turn
) -> None:
    """The closing words as they were just said (they have several phrasings)."""
    state = STATES["step7"].with_changes(steps_done=steps_done, turn=turn)
    response = ask(handler, intents.NEXT, state)
    assert screen_of(response)["token"] == f"rueckenmassage.closing.{CLOSING}"
    shown = properties(response)
    assert shown["title"] == LABELS.headings["closing"]
    done, rest = shown["lines"]
    assert done in words.all(done_key, total=STEPS) and rest in words.all("closing.rest")
    assert f"{done} {rest}" in speech_of(response)
    assert {s["state"] for s in shown["sections"]} == {"done"}
    assert len(shown["sections"]) == STEPS + 1
    assert [b["id"] for b in shown["buttons"]] == ["yes", "no"]
    assert shown["practice"]["seconds"] == 0


def test_pause_shows_where_it_holds_and_a_resume_button(handler, words) -> None:
    response = ask(handler, intents.PAUSE, STATES["step4"])
    assert screen_of(response)["token"] == "rueckenmassage.pause.4"
    shown = properties(response)
    assert shown["title"] == LABELS.headings["pause"]
    assert shown["eyebrow"] == LABELS.headings["step_of"].format(number=4, total=STEPS)
    # What was said: "… bei Schritt vier, lange Streichbewegungen" (issue 9: the step's
    # spoken name in running speech, the guide's title stays on the card).
    assert words.names(4, shown["lines"][0])
    assert [b["id"] for b in shown["buttons"]] == ["resume"]
    assert state_after(response).paused


def test_pain_hold_shows_the_advice_and_asks(handler) -> None:
    response = ask(handler, intents.PAIN, STATES["step2"])
    assert screen_of(response)["token"] == "rueckenmassage.pain.2"
    shown = properties(response)
    assert shown["title"] == LABELS.headings["pain"]
    assert CONTENT.text("pain.stop") in shown["lines"][0]
    assert CONTENT.text("pain.doctor") in shown["lines"][0]
    assert [b["id"] for b in shown["buttons"]] == ["yes", "no"]
    assert state_after(response).pain_hold
    assert shown["hint"]  # the reprompt: what to say instead of touching


@pytest.mark.parametrize("state_name", sorted(STATES))
@pytest.mark.parametrize("intent", sorted(handled_intents(CONTENT)))
def test_screen_only_with_apl_and_on_every_answer_with_it(handler, state_name, intent) -> None:
    voice = ask(handler, intent, STATES[state_name], screen=False, slots=SLOTS.get(intent))
    assert directives(voice) == []
    shown = ask(handler, intent, STATES[state_name], slots=SLOTS.get(intent))
    assert_valid_response(shown)
    assert len(json.dumps(shown, ensure_ascii=False).encode("utf-8")) < MAX_RESPONSE_BYTES
    if not ends_session(shown):
        directive = screen_of(shown)
        assert directive["token"].startswith("rueckenmassage.")
        assert properties(shown)["hint"]
    # The card for the Alexa app stays whether or not there is a screen.
    assert voice["response"].get("card") == shown["response"].get("card")


def test_launch_without_a_screen_keeps_the_voice_and_has_no_directive(handler) -> None:
    response = handler(env.launch_request(), None)
    assert directives(response) == []
    assert_valid_response(response)


def test_the_largest_answers_stay_within_the_response_limit(handler) -> None:
    sizes = {}
    for number in range(1, STEPS + 1):
        state = ConversationState().at(number - 1).with_practice(120).asking(Pending.CONTINUE)
        sizes[f"step{number}"] = ask(handler, intents.NEXT, state)
    sizes["all tips"] = ask(handler, intents.ALL_TIPS, STATES["step3"])
    sizes["closing tips"] = ask(handler, intents.YES, STATES["closing"])
    for name, response in sizes.items():
        assert directives(response), name
        size = len(json.dumps(response, ensure_ascii=False).encode("utf-8"))
        assert size < MAX_RESPONSE_BYTES, (name, size)


def test_a_broken_screen_never_costs_the_spoken_answer(handler, monkeypatch) -> None:
    def broken(*args: object) -> None:
        raise KeyError("datasource")

    monkeypatch.setattr("skill.screen_data.datasource", broken)
    response = ask(handler, intents.NEXT, STATES["step1"])
    assert directives(response) == []
    assert_valid_response(response)
    assert state_after(response).position == 2 and state_after(response).said is Said.STEP


def test_a_tampered_faq_reference_still_gets_a_screen(handler, guide) -> None:
    state = ConversationState().at(3).saying(Said.FAQ, "no_such_faq", Pending.CONTINUE)
    response = ask(handler, intents.FALLBACK, state)
    shown = properties(response)
    assert shown["title"] == LABELS.headings["skill_name"]
    assert shown["lines"] and shown["hint"]
    # An answer that keeps the reference (the error reply) shows what was said instead.
    turn = guide.acts.error(state)
    display = display_of(turn, STEPS)
    shown = datasource(display, CONTENT, LABELS)["screen"]["properties"]
    assert shown["kind"] == "faq" and shown["title"] == LABELS.headings["skill_name"]
    assert shown["lines"] == [display.spoken] and display.spoken


def test_goodbye_shows_its_own_words_and_holds_nothing(handler, words) -> None:
    response = ask(handler, intents.STOP, STATES["after_faq"])
    assert ends_session(response)
    directive = screen_of(response)
    assert directive["token"] == "rueckenmassage.message.3"
    shown = properties(response)
    assert shown["buttons"] == [] and shown["holdMs"] == 0 and shown["hint"] == ""
    # Issue 9: the goodbye no longer mentions water; it is its own words, as said.
    assert shown["lines"] == [speech_of(response)]
    assert words.said("session.goodbye", shown["lines"][0])


# The questions issue 9 added: each shows what was asked, with buttons that answer it.
QUESTIONS = {
    # "nein" at "Möchten Sie weitermachen?": "Was möchten Sie tun?" with the options
    "what now": (intents.NO, STATES["step3"], None, Pending.WHAT_NOW, ["next", "tips"]),
    # "nein" at "Möchten Sie beginnen?": a question, the tips or the breathing exercise
    "alternatives": (
        intents.NO,
        STATES["launch"],
        None,
        Pending.ALTERNATIVES,
        ["tips", "breathing"],
    ),
    # "Schritt neun": there is no such step; which one?
    "step choice": (
        intents.GO_TO_STEP,
        STATES["step3"],
        {intents.SLOT_STEP_NUMBER: str(STEPS + 2), intents.SLOT_STEP_ORDINAL: None},
        Pending.STEP_CHOICE,
        ["next"],
    ),
    # "eine andere Massage": which program?
    "program choice": (
        intents.CHOOSE_PROGRAM,
        STATES["step3"],
        {intents.SLOT_PROGRAM: None, intents.SLOT_DURATION: None},
        Pending.PROGRAM_CHOICE,
        [program_button(program) for program in Program],
    ),
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_new_questions_show_what_was_asked_and_buttons_that_answer(handler, name) -> None:
    intent, state, slots, pending, buttons = QUESTIONS[name]
    response = ask(handler, intent, state, slots=slots)
    assert state_after(response).pending is pending
    assert screen_of(response)["token"].startswith("rueckenmassage.message")
    shown = properties(response)
    assert shown["lines"] == [speech_of(response)]
    assert shown["hint"] and shown["practice"]["seconds"] == 0
    assert [b["id"] for b in shown["buttons"]] == buttons
    assert [b["label"] for b in shown["buttons"]] == [LABELS.buttons[b] for b in buttons]


def test_the_default_program_is_the_suggested_button(handler) -> None:
    intent, state, slots, _, _ = QUESTIONS["program choice"]
    shown = properties(ask(handler, intent, state, slots=slots))
    primary = [b["id"] for b in shown["buttons"] if b["primary"]]
    assert primary == [program_button(CONTENT.default_program)]


def test_after_the_closing_words_not_understood_offers_tips_and_start_over(handler) -> None:
    """Nothing is asked then; the hint says „Tipps“ or „von vorn“, and so do the buttons."""
    response = ask(handler, intents.FALLBACK, STATES["closing"])
    assert state_after(response).pending is Pending.NONE
    assert [b["id"] for b in properties(response)["buttons"]] == ["tips", "start_over"]
