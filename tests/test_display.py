"""The display model: its tables cover every state, the speech timeline a countdown follows,
and what a goodbye shows."""

from __future__ import annotations

import pytest

from skill.conversation import Guide
from skill.display import (
    PENDING_BUTTONS,
    SAID_SCREENS,
    SCREEN_BUTTONS,
    Screen,
    buttons_for,
    display_of,
)
from skill.handlers.touch import BUTTON_INTENTS
from skill.screen_labels import BUTTONS, load_labels
from skill.screen_timeline import SOUND_MS, STRENGTH_MS, Segment, practice_segments, timeline
from skill.ssml import SOUNDS, SPOKEN_CHARS_PER_SECOND, Speech
from skill.state import CLOSING, PREPARATION, ConversationState, Pending, Said

# Where a question can be open: before the guide, in it, after it.
PLACES = (None, PREPARATION, 1, CLOSING - 1, CLOSING)


def ms(chars: int, rate: float = 1.0) -> float:
    return chars / (SPOKEN_CHARS_PER_SECOND * rate) * 1000


def test_every_kind_of_answer_has_a_screen_and_every_question_its_buttons() -> None:
    """One entry per member, as the conversation's own tables: a new kind of answer or a new
    question cannot be forgotten here."""
    assert set(SAID_SCREENS) == set(Said)
    assert set(PENDING_BUTTONS) == set(Pending)


@pytest.mark.parametrize("pending", list(Pending))
@pytest.mark.parametrize("position", PLACES)
def test_each_open_question_offers_buttons_that_are_labelled_and_spoken(pending, position):
    state = ConversationState(position=position, pending=pending)
    offered = PENDING_BUTTONS[pending](state)
    assert offered, (pending, position)
    assert len(set(offered)) == len(offered)
    labels = load_labels()
    for button in offered:
        assert button in BUTTONS and button in labels.buttons and button in BUTTON_INTENTS


def test_every_button_a_screen_can_offer_has_a_label_and_an_intent() -> None:
    fixed = {button for buttons in SCREEN_BUTTONS.values() for button in buttons}
    assert fixed <= set(BUTTONS)
    assert set(BUTTONS) == set(BUTTON_INTENTS) == set(load_labels().buttons)


def test_the_guide_and_the_pause_keep_their_own_buttons_whatever_is_asked() -> None:
    for pending in Pending:
        state = ConversationState().at(3).asking(pending)
        assert buttons_for(Screen.GUIDE, state) == SCREEN_BUTTONS[Screen.GUIDE]
        assert buttons_for(Screen.PAUSE, state) == SCREEN_BUTTONS[Screen.PAUSE]


def test_breaks_become_segments_on_the_speech_clock() -> None:
    speech = Speech().say("a" * 28).short_pause().cue("b" * 9).pause(15).cue("c" * 9).pause(3)
    speech.sound("chime").say("d" * 14)
    segments, total = timeline(speech.to_ssml())
    first = ms(28) + STRENGTH_MS["medium"] + ms(9, 0.9)
    second = first + 15_000 + ms(9, 0.9)
    # 15 s are two breaks (10 s + 5 s) with nothing between them: one segment.
    assert segments == (
        Segment(round(first), round(first) + 15_000, 0),
        Segment(round(second), round(second) + 3_000, 15_000),
    )
    assert total == round(second + 3_000 + SOUND_MS[SOUNDS["chime"]] + ms(14))


def test_no_practice_no_segments() -> None:
    segments, total = timeline(Speech().say("x" * 14).to_ssml())
    assert segments == () and total == round(ms(14))


def test_a_longer_lead_in_starts_the_countdown_later(guide: Guide) -> None:
    state = ConversationState().with_practice(30)
    hands_on = [n for n, step in enumerate(guide.content.steps, 1) if step.hands_on][:2]
    assert len(hands_on) == 2
    starts = {}
    for number in hands_on:
        turn = guide.flow.present(state, number)
        countdown = display_of(turn, len(guide.content.steps)).countdown
        assert countdown is not None and countdown.seconds == 30
        lead_in = turn.speech.to_ssml().split("<break time=")[0]
        starts[number] = (countdown.segments[0].start_ms, len(lead_in))
    (start1, chars1), (start2, chars2) = starts.values()
    assert (start1 < start2) == (chars1 < chars2)


def test_a_repeated_step_counts_its_practice_down_again(guide: Guide) -> None:
    """ "Wiederholen" says the step again, practice and all: the screen counts it down too."""
    steps = len(guide.content.steps)
    shown = guide.flow.present(ConversationState(), 2)
    again = guide.acts.repeat(shown.state)
    assert again.speech.to_ssml() == shown.speech.to_ssml()
    assert again.practice_seconds == shown.practice_seconds > 0
    assert display_of(again, steps).countdown == display_of(shown, steps).countdown


def test_a_goodbye_shows_what_was_said_without_buttons_or_hold(guide: Guide) -> None:
    state = ConversationState().at(3).asking(Pending.CONTINUE)
    display = display_of(guide.acts.goodbye(state), len(guide.content.steps))
    assert display.screen is Screen.MESSAGE
    assert display.buttons == () and display.hold_ms == 0 and display.hint == ""
    assert display.spoken and display.speech_ms > 0


def test_pause_and_pain_screens_only_while_the_guide_waits(guide: Guide) -> None:
    steps = len(guide.content.steps)
    pain_before_start = guide.wellbeing.pain(ConversationState())
    assert display_of(pain_before_start, steps).screen is Screen.MESSAGE
    held = guide.wellbeing.pain(ConversationState().at(2))
    assert display_of(held, steps).screen is Screen.PAIN
    paused = guide.flow.pause(ConversationState().at(2))
    assert display_of(paused, steps).screen is Screen.PAUSE
    # A session that says "pause" but is not paused (tampered): what was said, no "Pause".
    stale = guide.acts.error(ConversationState().at(2).saying(Said.PAUSE))
    assert display_of(stale, steps).screen is Screen.MESSAGE


def test_a_timed_pause_before_the_practice_is_not_counted_down() -> None:
    """Only the last breaks, as many seconds as the practice has, up to the chime."""
    segments = (
        Segment(1_000, 4_000, 0),
        Segment(6_000, 16_000, 3_000),
        Segment(18_000, 23_000, 13_000),
    )
    assert practice_segments(segments, 15_000) == (
        Segment(6_000, 16_000, 0),
        Segment(18_000, 23_000, 10_000),
    )
    assert practice_segments(segments, 12_000) == (
        Segment(9_000, 16_000, 0),
        Segment(18_000, 23_000, 7_000),
    )
    assert practice_segments(segments, 18_000) == segments
