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


# Request types that Alexa answers with speech; any other request gets a silent answer.
CONVERSATION_REQUESTS = ("LaunchRequest", "IntentRequest")


def assert_strict_json(response: object) -> None:
    """What Alexa can parse: plain JSON (no NaN or Infinity), a JSON object at the top."""
    import json

    assert isinstance(response, dict), type(response)
    json.dumps(response, allow_nan=False)


def assert_silent(response: dict[str, Any]) -> None:
    """A clean refusal or a quiet answer: nothing is said, nothing is asked."""
    assert_strict_json(response)
    body = response.get("response") or {}
    assert not body.get("outputSpeech"), body
    assert not body.get("reprompt"), body
    assert not body.get("directives"), body
    assert body.get("shouldEndSession") is not False


def assert_answer_fits(event: object, response: object, *, skill_id: str | None) -> None:
    """The contract of ``lambda_handler`` for any event, well-formed or hostile.

    An Alexa conversation request (launch or intent) meant for this skill gets a valid spoken
    answer; every other event (another skill's, an unknown or broken request) a silent one.
    """
    assert_strict_json(response)
    assert isinstance(response, dict)
    if _expects_speech(event, skill_id):
        assert_valid_response(response)
        assert speech_of(response).strip()
    elif (response.get("response") or {}).get("outputSpeech"):
        assert_valid_response(response)
    else:
        assert_silent(response)


def _expects_speech(event: object, skill_id: str | None) -> bool:
    if not isinstance(event, dict):
        return False
    request = event.get("request")
    if not isinstance(request, dict) or request.get("type") not in CONVERSATION_REQUESTS:
        return False
    if skill_id is None:
        return True
    context = event.get("context")
    system = context.get("System") if isinstance(context, dict) else None
    holders = [system]
    session = event.get("session")
    if isinstance(session, dict) and "application" in session:
        holders.append(session)
    ids = []
    for holder in holders:
        application = holder.get("application") if isinstance(holder, dict) else None
        ids.append(application.get("applicationId") if isinstance(application, dict) else None)
    return all(found == skill_id for found in ids)


def last_sentence(text: str) -> str:
    import re

    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    return sentences[-1] if sentences else ""


def asks_what_to_say(text: str) -> bool:
    """An open microphone needs a last sentence that asks, or names what can be said."""
    last = last_sentence(text)
    return last.endswith("?") or "„" in last
