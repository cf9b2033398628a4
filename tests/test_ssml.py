"""The SSML builder: escaping, breaks, sounds and Alexa's limits."""

from __future__ import annotations

import pytest

from skill.ssml import (
    MAX_SSML_CHARS,
    Speech,
    SpeechLimitError,
    check_ssml,
    to_display_text,
    total_break_seconds,
)


def test_text_is_escaped() -> None:
    ssml = Speech().say("Rücken & Nacken <entspannt>").to_ssml()
    assert ssml == "<speak>Rücken &amp; Nacken &lt;entspannt&gt;</speak>"
    assert to_display_text(ssml) == "Rücken & Nacken <entspannt>"


@pytest.mark.parametrize(("seconds", "breaks"), [(10, 1), (25, 3), (120, 12), (7, 1), (0, 0)])
def test_pause_is_a_chain_of_breaks_of_at_most_ten_seconds(seconds: int, breaks: int) -> None:
    speech = Speech().say("Los").pause(seconds)
    ssml = speech.to_ssml()
    assert ssml.count("<break") == breaks
    assert total_break_seconds(ssml) == seconds == speech.break_seconds


def test_display_text_sums_pauses_and_shows_sounds() -> None:
    ssml = Speech().say("Los.").pause(30).sound("chime").say("Gut.").to_ssml()
    assert to_display_text(ssml) == "Los. [Pause 30 s] [Ton] Gut."


def test_more_than_five_sounds_are_refused() -> None:
    speech = Speech()
    for _ in range(6):
        speech.sound("chime")
    with pytest.raises(SpeechLimitError, match="audio"):
        speech.to_ssml()


def test_overlong_speech_is_refused() -> None:
    with pytest.raises(SpeechLimitError, match="characters"):
        Speech().say("a" * MAX_SSML_CHARS).to_ssml()


@pytest.mark.parametrize(
    "ssml",
    [
        "<speak>offen",
        "<speak><break time='11s'/></speak>",
        "<speak><break time='12000ms'/></speak>",
        "<p>kein speak</p>",
        "<speak><break time='lang'/></speak>",
    ],
)
def test_check_rejects_bad_documents(ssml: str) -> None:
    with pytest.raises(SpeechLimitError):
        check_ssml(ssml)


def test_negative_pause_is_refused() -> None:
    with pytest.raises(SpeechLimitError):
        Speech().pause(-1)
