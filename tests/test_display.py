"""The display model: the speech timeline a countdown follows, and what a goodbye shows."""

from __future__ import annotations

from skill.content import load_content
from skill.conversation import Guide
from skill.display import (
    SOUND_MS,
    STRENGTH_MS,
    Screen,
    Segment,
    display_of,
    practice_segments,
    timeline,
)
from skill.ssml import SOUNDS, SPOKEN_CHARS_PER_SECOND, Speech
from skill.state import ConversationState, Pending

GUIDE = Guide(load_content())


def ms(chars: int, rate: float = 1.0) -> float:
    return chars / (SPOKEN_CHARS_PER_SECOND * rate) * 1000


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


def test_a_longer_lead_in_starts_the_countdown_later() -> None:
    state = ConversationState().with_practice(30)
    starts = {}
    for number in (1, 2):
        turn = GUIDE.present(state, number)
        countdown = display_of(turn, len(GUIDE.content.steps)).countdown
        assert countdown is not None and countdown.seconds == 30
        lead_in = turn.speech.to_ssml().split("<break time=")[0]
        starts[number] = (countdown.segments[0].start_ms, len(lead_in))
    (start1, chars1), (start2, chars2) = starts[1], starts[2]
    assert (start1 < start2) == (chars1 < chars2)


def test_a_goodbye_shows_what_was_said_without_buttons_or_hold() -> None:
    state = ConversationState().at(3).asking(Pending.CONTINUE)
    display = display_of(GUIDE.goodbye(state), len(GUIDE.content.steps))
    assert display.screen is Screen.MESSAGE
    assert display.buttons == () and display.hold_ms == 0 and display.hint == ""
    assert display.spoken and display.speech_ms > 0


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
