"""Programs by voice: a whole session at each length, choosing by time, "Wie lange dauert das?"."""

from __future__ import annotations

import pytest
from talk import Talk

from skill.state import STEP_COUNT, ConversationState, Program

# What each program promises, in minutes of the whole session (issue 9).
PROMISED_MINUTES = {Program.SHORT: 5, Program.NORMAL: 10, Program.LONG: 20}
ASK_FOR = {
    Program.SHORT: "die kurze Version",
    Program.NORMAL: "normal bitte",
    Program.LONG: "ausführlich bitte",
}


@pytest.mark.parametrize("program", list(Program))
def test_each_program_lasts_about_what_it_promises(guide, program) -> None:
    state = ConversationState(program=program)
    minutes = guide.programs.estimated_seconds(state) / 60
    assert abs(minutes - PROMISED_MINUTES[program]) <= PROMISED_MINUTES[program] * 0.15


def test_hands_on_time_is_most_of_the_longer_programs(guide) -> None:
    shares = {}
    for program in Program:
        state = ConversationState(program=program)
        shares[program] = guide.programs.hands_on_seconds(state) / guide.programs.estimated_seconds(
            state
        )
    # Before issue 9: about 2.5 of 9.5 minutes (26 %) by default.
    assert shares[Program.NORMAL] >= 0.38 and shares[Program.LONG] >= 0.45
    assert shares[Program.SHORT] < shares[Program.NORMAL] < shares[Program.LONG]


@pytest.mark.parametrize("program", list(Program))
def test_a_whole_session_at_each_length(talk: Talk, words, content, guide, program) -> None:
    spec = content.programs[program]
    ready = content.practice.get_ready_seconds
    talk.say("starte rückenmassage")
    chosen = talk.say(ASK_FOR[program])
    assert spec.name in chosen and words.said("launch.ask_begin", chosen)
    preparation = talk.say("ja")
    assert words.is_preparation(preparation) and spec.name in preparation
    assert preparation.count(content.practice.breathe_in) == spec.breathing_cycles
    state = ConversationState(program=program)
    for number, step in enumerate(content.steps, start=1):
        text = talk.say("weiter")
        assert words.is_step(text, number)
        assert talk.breaks == guide.programs.section_seconds(state, step) + ready
        if step.why:
            assert all(why in text for why in step.why) == spec.explain
        assert all(sentence in text for sentence in step.instructions)
    closing = talk.say("weiter")
    assert words.said("closing.all_done", closing, total=STEP_COUNT)
    assert words.said("guide.ask_tips", talk.say("nein"), count=len(content.tips))
    tips = talk.say("ja")
    assert all(tip.text in tips for tip in content.tips) and talk.ended


@pytest.mark.parametrize(
    ("said", "minutes", "program"),
    [
        ("ich habe nur fünf Minuten", 5, Program.SHORT),
        ("ich habe zehn Minuten", 10, Program.NORMAL),
        ("ich habe zwanzig Minuten Zeit", 20, Program.LONG),
        ("ich habe eine Stunde", 60, Program.LONG),
    ],
)
def test_the_longest_program_that_fits_the_time(
    talk: Talk, words, guide, content, said, minutes, program
) -> None:
    talk.say("starte rückenmassage")
    answer = talk.say(said)
    requested = guide.voice.duration(ConversationState(), minutes * 60)
    name = content.programs[program].name
    assert words.said("programs.fits", answer, program=name, requested_time=requested)
    assert name in talk.say("Wie lange dauert das?")


def test_too_little_time_gets_the_shortest_and_says_so(talk: Talk, words, content) -> None:
    talk.say("starte rückenmassage")
    answer = talk.say("ich habe nur zwei Minuten")
    short = content.programs[Program.SHORT].name
    assert words.said("programs.none_fits", answer, program=short)


def test_mid_session_the_time_left_decides(model, guide, content) -> None:
    state = ConversationState(program=Program.LONG).at(6)
    left = guide.programs.estimated_seconds(state, 7)
    model.state = state
    model("programs.choose", None, left + 60)
    assert model.state.program is Program.LONG  # the rest of the long one still fits
    model("programs.choose", None, 60)
    assert model.state.program is not Program.LONG


def test_how_long_answers_for_the_program_in_use(talk: Talk, guide, content) -> None:
    talk.say("starte rückenmassage")
    for program, phrase in ASK_FOR.items():
        talk.say(phrase)
        answer = talk.say("Wie lange dauert das?")
        state = ConversationState(program=program)
        minutes = guide.voice.minutes(state, guide.programs.estimated_seconds(state))
        practice = guide.voice.duration(state, content.programs[program].practice_seconds)
        assert content.programs[program].name in answer
        assert minutes in answer and practice in answer


def test_a_program_resets_the_own_practice_time(model, content) -> None:
    model("programs.change_practice", direction="longer")
    assert model.state.practice_seconds is not None
    model("programs.choose", Program.SHORT)
    assert model.state.practice_seconds is None
    assert model.guide.programs.practice_seconds(model.state) == (
        content.programs[Program.SHORT].practice_seconds
    )


def test_no_program_named_asks_which(talk: Talk, words, content) -> None:
    talk.say("starte rückenmassage")
    assert words.said("programs.ask", talk.say("welche Versionen gibt es"))
    assert content.programs[Program.SHORT].name in talk.say("kurz")
