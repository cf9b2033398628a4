"""The conversation state model, without the ASK SDK."""

from __future__ import annotations

import pytest

from skill.state import (
    CLOSING,
    DEFAULT_PRACTICE_SECONDS,
    MAX_PRACTICE_SECONDS,
    MIN_PRACTICE_SECONDS,
    PREPARATION,
    ConversationState,
    Pending,
    Said,
)


def test_round_trip_keeps_every_field() -> None:
    state = ConversationState(
        position=4,
        practice_seconds=45,
        pending=Pending.CONTINUE,
        said=Said.FAQ,
        said_ref="aids",
        paused=True,
        pain_hold=True,
        tip_index=2,
        resumable=3,
        completed=4,
        store_ok=True,
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
    assert state.practice_seconds == DEFAULT_PRACTICE_SECONDS


def test_each_bad_field_falls_back_alone() -> None:
    state = ConversationState.from_attributes(
        {
            "position": 3,
            "practice_seconds": "lang",
            "pending": "explode",
            "said": 7,
            "said_ref": "<speak>evil</speak>",
            "paused": "yes",
            "tip_index": 1000,
            "resumable": 42,
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


def test_reaching_the_closing_counts_one_completed_massage() -> None:
    state = ConversationState(completed=2).at(7).at(CLOSING)
    assert state.completed == 3
    assert state.at(CLOSING).completed == 3  # repeating the closing is not another massage


def test_store_permission_is_never_assumed() -> None:
    assert ConversationState.from_attributes({"store_ok": "true"}).store_ok is False
    assert ConversationState.from_attributes({"completed": -1}).completed == 0
