"""The voice: German number words and durations, and how phrasings are chosen."""

from __future__ import annotations

import itertools

import pytest
from text_to_num import text2num

from skill.conversation.voice import Voice, number_words, ordinal_dative
from skill.state import ConversationState


def test_number_words_read_back_as_the_number() -> None:
    numbers = [*range(0, 1201), 1999, 2024, 21_345, 100_001, 999_999]
    assert [n for n in numbers if text2num(number_words(n), "de") != n] == []


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "ersten"),
        (2, "zweiten"),
        (3, "dritten"),
        (7, "siebten"),
        (8, "achten"),
        (16, "sechzehnten"),
        (20, "zwanzigsten"),
        (21, "einundzwanzigsten"),
        (100, "einhundertsten"),
        (103, "einhundertdritten"),
    ],
)
def test_ordinals_as_in_zu_ihrer_dritten_massage(number: int, words: str) -> None:
    assert ordinal_dative(number) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (10, "zehn Sekunden"),
        (45, "fünfundvierzig Sekunden"),
        (60, "eine Minute"),
        (90, "anderthalb Minuten"),
        (75, "eine Minute und fünfzehn Sekunden"),
        (120, "zwei Minuten"),
        (1, "eine Sekunde"),
    ],
)
def test_durations_are_said_in_words(content, seconds: int, words: str) -> None:
    assert Voice(content).duration(ConversationState(), seconds) == words


def test_phrasings_change_every_turn_and_stay_put_for_the_same_turn(content) -> None:
    voice = Voice(content)
    key = "guide.say_next"
    for seed in (0, 1, 4711, 65535):
        said = [voice.line(ConversationState(seed=seed, turn=turn), key) for turn in range(12)]
        assert all(a != b for a, b in itertools.pairwise(said))
        assert said == [voice.line(ConversationState(seed=seed, turn=t), key) for t in range(12)]
        assert set(said) == set(content.variants(key))  # every phrasing gets its turn
