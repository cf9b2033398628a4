"""A stand-in for the skill, for tests of the console and of ``Session`` that must not depend
on what the real skill says."""

from __future__ import annotations

from typing import Any

from skill.intents import built_in_of


class EchoSkill:
    """Says which request it got (a PhrasesIntent as its built-in, as the skill's handlers see
    it); StopIntent ends the session; counts turns in attributes."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.requests.append(event)
        request = event["request"]
        if request["type"] == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        name = built_in_of(request.get("intent", {}).get("name", request["type"]))
        turns = event["session"]["attributes"].get("turns", 0) + 1
        return {
            "version": "1.0",
            "sessionAttributes": {"turns": turns},
            "response": {
                "outputSpeech": {
                    "type": "SSML",
                    "ssml": f'<speak>{name} {turns} <break time="10s"/><break time="5s"/></speak>',
                },
                "shouldEndSession": name == "AMAZON.StopIntent",
            },
        }
