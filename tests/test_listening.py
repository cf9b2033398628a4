"""German for listening: short launches, said-once hints, varied phrasings, numbers as words,
and every suggested phrase understood. Whole sessions go through the real skill; durations
are estimated from the text as everywhere in the skill (``skill.ssml.speaking_seconds``)."""

from __future__ import annotations

import itertools
import re

import pytest
from skill_checks import asks_what_to_say
from talk import Talk

from skill.ssml import speaking_seconds, to_display_text
from skill.state import STEP_COUNT, ConversationState, Program

SEEDS = range(0, 64)


def launch_seconds(guide, state: ConversationState) -> float:
    return speaking_seconds(guide.flow.launch(state).speech.to_ssml())


def test_first_launch_speaks_at_most_ten_seconds_with_the_safety_note(guide, words) -> None:
    longest = max(launch_seconds(guide, ConversationState(seed=seed)) for seed in SEEDS)
    assert longest <= 10
    text = to_display_text(guide.flow.launch(ConversationState()).speech.to_ssml())
    assert words.said("launch.safety", text)


@pytest.mark.parametrize("resumable", range(0, STEP_COUNT + 1))
def test_returning_launch_speaks_at_most_five_seconds(guide, resumable) -> None:
    offers = [ConversationState(seed=s, resumable=resumable, completed=3) for s in SEEDS]
    assert max(launch_seconds(guide, state) for state in offers) <= 5


@pytest.mark.parametrize("completed", [1, 2, 9, 20, 99])
def test_returning_after_finished_massages_speaks_at_most_five_seconds(guide, completed) -> None:
    states = [ConversationState(seed=s, completed=completed) for s in SEEDS]
    assert max(launch_seconds(guide, state) for state in states) <= 5


def test_returning_people_get_one_greeting_and_no_second_safety_note(guide, words) -> None:
    for state in (ConversationState(resumable=3), ConversationState(completed=2)):
        text = to_display_text(guide.flow.launch(state).speech.to_ssml())
        assert not words.said("launch.safety", text)
        greetings = ["launch.welcome", "launch.welcome_back", "launch.welcome_back_completed"]
        values = {"nth": "dritten"}
        assert sum(words.said(key, text, **values) for key in greetings) == 1


def walk(talk: Talk, program: str | None = None) -> list[str]:
    """A whole session: launch, (a program,) the preparation, every step, closing, tips."""
    said = [talk.say("starte rückenmassage")]
    if program:
        said.append(talk.say(program))
    said.append(talk.say("ja"))
    while not talk.ended:
        said.append(talk.say("weiter"))
    return said


@pytest.mark.parametrize("program", [None, "die kurze Version", "ausführlich bitte"])
def test_a_whole_session_never_repeats_a_varied_phrasing_in_consecutive_answers(
    talk: Talk, content, program
) -> None:
    answers = walk(talk, program)
    varied = [
        phrasings
        for section in content.dialog.values()
        for phrasings in section.values()
        if len(phrasings) > 1 and "{" not in "".join(phrasings)
    ]
    varied += [content.practice.start, content.practice.end]
    for first, second in itertools.pairwise(answers):
        for phrasings in varied:
            assert not any(p in first and p in second for p in phrasings), phrasings


def test_a_whole_session_mentions_water_once_and_the_barge_in_hint_once(talk: Talk) -> None:
    answers = walk(talk)
    assert sum(text.count("Wasser") for text in answers) == 2  # step 7: drink, and why
    assert sum("Wasser" in text for text in answers) == 1
    assert sum("„Alexa, das tut weh“" in text for text in answers) == 1


def test_a_whole_session_speaks_numbers_as_words(talk: Talk) -> None:
    for text in walk(talk):
        spoken = re.sub(r"\[Pause [\d.]+ s\]", "", text)
        assert not re.search(r"\d", spoken), text


def test_every_section_gives_a_moment_to_get_into_position(guide, words, content) -> None:
    ready = content.practice.get_ready_seconds
    for position in range(0, STEP_COUNT + 1):
        text = to_display_text(guide.flow.present(ConversationState(), position).speech.to_ssml())
        before_start = text.split(f"[Pause {ready} s]")[0]
        assert words.said("guide.get_ready", before_start)
        after = text.split(f"[Pause {ready} s]", 1)[1].strip()
        assert any(after.startswith(start) for start in content.practice.start)


@pytest.mark.parametrize("practice", [10, 15, 20, 50, 120])
@pytest.mark.parametrize("program", list(Program))
def test_every_steps_practice_has_a_breathing_cue(guide, content, practice, program) -> None:
    state = ConversationState(program=program, practice_seconds=practice)
    start = content.practice.start
    for number in range(1, STEP_COUNT + 1):
        text = to_display_text(guide.flow.present(state, number).speech.to_ssml())
        practice_part = text.split(next(s for s in start if s in text), 1)[1]
        assert re.search(r"[Aa]tm", practice_part), (number, practice_part)


def test_the_stretch_guides_both_sides(guide, content) -> None:
    stretch = next(step for step in content.steps if step.practice == "stretch")
    for program in Program:
        number = content.steps.index(stretch) + 1
        text = to_display_text(
            guide.flow.present(ConversationState(program=program), number).speech.to_ssml()
        )
        assert "links" in text and "rechts" in text
        assert all(cue in text for cue in stretch.cues)  # every movement, in any length


def test_every_phrase_the_skill_suggests_is_understood(content, resolver) -> None:
    """Every „…“ in the dialog (what a person is told to say) resolves to an intent."""
    texts = [t for section in content.dialog.values() for key in section.values() for t in key]
    quoted = {m for text in texts for m in re.findall(r"„([^“]+)“", text)}
    assert len(quoted) > 10
    misunderstood = [
        phrase
        for phrase in sorted(quoted)
        if resolver.resolve(phrase, in_session=True).intent == "AMAZON.FallbackIntent"
    ]
    assert misunderstood == []


def test_practice_time_and_pause_are_two_words(content) -> None:
    """ "Übungszeit" is the timed practice, "Pause" only the command to stop a moment."""
    texts = [t for section in content.dialog.values() for key in section.values() for t in key]
    practice_texts = [t for key in content.dialog["practice"].values() for t in key]
    assert all("Pause" not in text for text in practice_texts)
    assert all("Übungszeit" in text for text in content.variants("practice.changed"))
    unquoted = [re.sub(r"„[^“]*“", "", text) for text in texts]  # what people may say
    assert [text for text in unquoted if re.search(r"\bPausen?\b", text)] == []


def test_every_open_answer_of_a_session_asks_what_can_be_said(talk: Talk) -> None:
    for line in [
        "starte rückenmassage",
        "hilfe",
        "ja",
        "Schritt neun",
        "nein",
        "Pause",
        "wie lange dauert das",
        "danke",
        "einen Tipp bitte",
    ]:
        text = talk.say(line)
        if not talk.ended:
            assert asks_what_to_say(text), text
