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
from skill.handlers import handled_intents
from skill.handlers.screen import screen_document
from skill.screen_labels import load_labels
from skill.ssml import escape, total_break_seconds
from skill.state import CLOSING, ConversationState, Pending, Said

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
def test_each_step_shows_its_place_instructions_and_countdown(handler, number, practice) -> None:
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
    assert assert_countdown_matches_speech(response)["seconds"] == practice


def test_preparation_shows_its_breathing_countdown(handler) -> None:
    response = ask(handler, intents.YES, STATES["launch"])
    assert screen_of(response)["token"] == "rueckenmassage.guide.0"
    shown = properties(response)
    assert shown["title"] == CONTENT.preparation.title
    assert shown["lines"] == list(CONTENT.preparation.instructions)
    assert [s["state"] for s in shown["sections"]] == ["current"] + ["todo"] * STEPS
    cycle = CONTENT.practice.breath_cycle_seconds
    practice = assert_countdown_matches_speech(response)
    assert practice["seconds"] == CONTENT.preparation_cycles * cycle
    assert practice["segmentCount"] == CONTENT.preparation_cycles * 2  # in and out


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
        state = ConversationState().with_changes(tip_index=number)
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


def test_closing_is_a_calm_end_screen_with_the_tips_question(handler) -> None:
    response = ask(handler, intents.NEXT, STATES["step7"])
    assert screen_of(response)["token"] == f"rueckenmassage.closing.{CLOSING}"
    shown = properties(response)
    assert shown["title"] == LABELS.headings["closing"]
    assert shown["lines"] == list(CONTENT.closing)
    assert {s["state"] for s in shown["sections"]} == {"done"}
    assert len(shown["sections"]) == STEPS + 1
    assert [b["id"] for b in shown["buttons"]] == ["yes", "no"]
    assert shown["practice"]["seconds"] == 0


def test_pause_shows_where_it_holds_and_a_resume_button(handler) -> None:
    response = ask(handler, intents.PAUSE, STATES["step4"])
    assert screen_of(response)["token"] == "rueckenmassage.pause.4"
    shown = properties(response)
    assert shown["title"] == LABELS.headings["pause"]
    assert shown["eyebrow"] == LABELS.headings["step_of"].format(number=4, total=STEPS)
    assert CONTENT.step(4).title in shown["lines"][0]  # what was said: "… bei Schritt 4, …"
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


def test_a_tampered_faq_reference_still_gets_a_screen(handler) -> None:
    state = ConversationState().at(3).saying(Said.FAQ, "no_such_faq", Pending.CONTINUE)
    response = ask(handler, intents.FALLBACK, state)
    shown = properties(response)
    assert shown["title"] == LABELS.headings["skill_name"]
    assert shown["lines"] and shown["hint"]


def test_goodbye_shows_its_own_words_and_holds_nothing(handler) -> None:
    response = ask(handler, intents.STOP, STATES["after_faq"])
    assert ends_session(response)
    directive = screen_of(response)
    assert directive["token"] == "rueckenmassage.message.3"
    shown = properties(response)
    assert shown["buttons"] == [] and shown["holdMs"] == 0 and shown["hint"] == ""
    assert "Glas Wasser" in shown["lines"][0]
