"""Checks every test applies to every response: Alexa's limits and the session rules."""

from __future__ import annotations

from typing import Any

from skill.ssml import check_ssml, to_display_text


def speech_of(response: dict[str, Any]) -> str:
    """What Alexa says, as readable text ("" when nothing is said)."""
    output = (response.get("response") or {}).get("outputSpeech")
    return to_display_text(output["ssml"]) if output else ""


def reprompt_of(response: dict[str, Any]) -> str:
    reprompt = (response.get("response") or {}).get("reprompt")
    return to_display_text(reprompt["outputSpeech"]["ssml"]) if reprompt else ""


def ends_session(response: dict[str, Any]) -> bool:
    return (response.get("response") or {}).get("shouldEndSession") is not False


def assert_valid_response(response: dict[str, Any], *, spoken: bool = True) -> None:
    """Within Alexa's limits; an open session always asks again with a reprompt."""
    import json

    assert len(json.dumps(response, ensure_ascii=False).encode("utf-8")) < 24 * 1024
    body = response["response"]
    if not spoken:
        assert "outputSpeech" not in body or body["outputSpeech"] is None
        return
    ssml = body["outputSpeech"]["ssml"]
    check_ssml(ssml)
    assert speech_of(response).strip()
    if body.get("shouldEndSession") is False:
        reprompt = body["reprompt"]["outputSpeech"]["ssml"]
        check_ssml(reprompt)
        assert reprompt_of(response).strip()
    else:
        assert body.get("shouldEndSession") is True
        assert "reprompt" not in body or body["reprompt"] is None


def last_sentence(text: str) -> str:
    import re

    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    return sentences[-1] if sentences else ""


def asks_what_to_say(text: str) -> bool:
    """An open microphone needs a last sentence that asks, or names what can be said."""
    last = last_sentence(text)
    return last.endswith("?") or "„" in last
