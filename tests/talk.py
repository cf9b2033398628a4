"""``Talk``: one person speaking German to the real skill, line by line, as in ``chat``."""

from __future__ import annotations

from typing import Any

from skill_checks import assert_valid_response, ends_session, speech_of

from skill.chat.envelopes import Session
from skill.chat.resolver import Resolver
from skill.ssml import total_break_seconds


class Talk:
    """One person talking to the skill; ``say`` returns what Alexa answers."""

    def __init__(self, handler, resolver: Resolver, user_id: str | None = None) -> None:
        self.session = Session(handler) if user_id is None else Session(handler, user_id=user_id)
        self.resolver = resolver
        self.last: dict[str, Any] = {}
        self.intents: list[str] = []

    def say(self, line: str) -> str:
        resolution = self.resolver.resolve(line, in_session=self.session.is_open)
        if resolution.kind == "launch":
            envelope = self.session.launch()
            self.intents.append("LaunchRequest")
        else:
            envelope = self.session.intent(
                resolution.intent, resolution.slots, new_session=resolution.new_session
            )
            self.intents.append(resolution.intent or "")
        self.last = self.session.send(envelope)
        assert_valid_response(self.last)
        return speech_of(self.last)

    @property
    def ended(self) -> bool:
        return ends_session(self.last)

    @property
    def breaks(self) -> float:
        return total_break_seconds(self.last["response"]["outputSpeech"]["ssml"])

    def hang_up(self, reason: str = "EXCEEDED_MAX_REPROMPTS") -> None:
        """The person stops answering (or walks away): Alexa ends the session."""
        if self.session.is_open:
            self.session.send(self.session.end(reason))  # type: ignore[arg-type]
