"""The conversation state model, without the ASK SDK."""

from __future__ import annotations

import pytest

from skill.state import (
    CLOSING,
    MAX_PRACTICE_SECONDS,
    MIN_PRACTICE_SECONDS,
    PREPARATION,
    STEP_COUNT,
    ConversationState,
    Pending,
    Program,
    Said,
    step_bit,
)


def test_round_trip_keeps_every_field() -> None:
    state = ConversationState(
        position=4,
        program=Program.LONG,
        practice_seconds=45,
        pending=Pending.CONTINUE,
        said=Said.FAQ,
        said_ref="aids",
        paused=True,
        pain_hold=True,
        tips_heard=0b101,
        steps_done=0b1111,
        resumable=3,
        completed=4,
        store_ok=True,
        turn=12,
        seed=4711,
        practice_end=1_700_000_000,
        heard_through=True,
    )
    assert ConversationState.from_attributes(state.to_attributes()) == state


@pytest.mark.parametrize(
    "attributes",
    [
        None,
        "garbage",
        [],
        {},
        {"position": 99},
        {"position": -1},
        {"position": "4"},
        {"position": True},
        {"position": 4.5},
    ],
)
def test_bad_position_falls_back_to_not_started(attributes: object) -> None:
    state = ConversationState.from_attributes(attributes)
    assert state.position is None
    assert state.practice_seconds is None


def test_each_bad_field_falls_back_alone() -> None:
    state = ConversationState.from_attributes(
        {
            "position": 3,
            "practice_seconds": "lang",
            "pending": "explode",
            "said": 7,
            "said_ref": "<speak>evil</speak>",
            "paused": "yes",
            "tips_heard": -1,
            "steps_done": 1 << STEP_COUNT,
            "resumable": 42,
            "program": "marathon",
            "turn": "7",
            "seed": 1 << 20,
            "heard_through": 1,
        }
    )
    assert state == ConversationState(position=3)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [(5, MIN_PRACTICE_SECONDS), (500, MAX_PRACTICE_SECONDS), (60, 60)],
)
def test_practice_seconds_are_clamped_when_read(stored: int, expected: int) -> None:
    assert (
        ConversationState.from_attributes({"practice_seconds": stored}).practice_seconds == expected
    )


def test_next_and_continue_positions() -> None:
    fresh = ConversationState()
    assert fresh.next_position() == PREPARATION
    at_three = fresh.at(3)
    assert at_three.next_position() == 4
    assert at_three.continue_position() == 4
    assert at_three.with_changes(paused=True).continue_position() == 3
    assert at_three.with_changes(pain_hold=True).continue_position() == 3
    assert fresh.at(CLOSING).next_position() is None


def test_moving_clears_pause_pain_and_resume_offer() -> None:
    state = ConversationState(position=2, paused=True, pain_hold=True, resumable=2).at(3)
    assert (state.position, state.paused, state.pain_hold, state.resumable) == (
        3,
        False,
        False,
        None,
    )
    assert state.said is Said.STEP


def test_at_rejects_positions_outside_the_guide() -> None:
    with pytest.raises(ValueError):
        ConversationState().at(CLOSING + 1)


def test_reaching_the_closing_after_every_step_counts_one_completed_massage() -> None:
    state = ConversationState(completed=2)
    for number in range(PREPARATION, CLOSING):
        state = state.at(number)
    state = state.at(CLOSING)
    assert state.completed == 3
    assert state.at(CLOSING).completed == 3  # repeating the closing is not another massage


def test_jumping_to_the_closing_counts_no_massage() -> None:
    assert ConversationState(completed=2).at(STEP_COUNT).at(CLOSING).completed == 2


def test_a_section_heard_through_moves_the_resume_point_on() -> None:
    at_three = ConversationState().at(3).with_changes(practice_end=1000)
    assert at_three.observed(999).resume_point() == 3  # interrupted before its practice ended
    assert at_three.observed(1000).resume_point() == 4
    assert at_three.observed(1000).with_changes(paused=True).resume_point() == 3
    assert at_three.observed(1000).with_changes(pain_hold=True).resume_point() == 3
    assert ConversationState().at(3).observed(10**9).resume_point() == 3  # end never known


def test_the_last_step_heard_through_counts_the_massage_when_every_step_was_done() -> None:
    every = sum(step_bit(n) for n in range(1, STEP_COUNT + 1))
    last = ConversationState(completed=1).at(STEP_COUNT).with_changes(practice_end=5)
    assert last.with_changes(steps_done=every).observed(5).completed_with_last_step == 2
    assert last.observed(5).resume_point() is None
    assert last.observed(5).completed_with_last_step == 1  # only the last step was done


def test_store_permission_is_never_assumed() -> None:
    assert ConversationState.from_attributes({"store_ok": "true"}).store_ok is False
    assert ConversationState.from_attributes({"completed": -1}).completed == 0
