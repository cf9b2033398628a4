"""``Talk``: one person speaking German to the real skill, line by line, as in ``chat``."""

from __future__ import annotations

from typing import Any

from skill_checks import assert_valid_response, ends_session, speech_of

from skill.chat.clock import ListeningClock
from skill.chat.envelopes import Session
from skill.chat.resolver import Resolver
from skill.intents import built_in_of
from skill.ssml import total_break_seconds
from skill.state import SESSION_KEY, ConversationState


class Talk:
    """One person talking to the skill; ``say`` returns what Alexa answers.

    Requests carry the times a device would send: each line comes a moment after the last
    answer was spoken to its end, unless it ``interrupts`` it ("Alexa, stopp" mid-practice).
    """

    def __init__(self, handler, resolver: Resolver, user_id: str | None = None) -> None:
        self.session = Session(handler) if user_id is None else Session(handler, user_id=user_id)
        self.resolver = resolver
        self.clock = ListeningClock()
        self.last: dict[str, Any] = {}
        self.intents: list[str] = []

    def say(self, line: str, *, interrupting: bool = False) -> str:
        resolution = self.resolver.resolve(line, in_session=self.session.is_open)
        now = self.clock.next_request(interrupting=interrupting)
        if resolution.kind == "launch":
            envelope = self.session.launch(now=now)
            self.intents.append("LaunchRequest")
        else:
            envelope = self.session.intent(
                resolution.intent, resolution.slots, new_session=resolution.new_session, now=now
            )
            # as the handlers see it: a PhrasesIntent as its built-in
            self.intents.append(built_in_of(resolution.intent or ""))
        self.last = self.session.send(envelope)
        self.clock.answered(self.last)
        assert_valid_response(self.last)
        return speech_of(self.last)

    @property
    def state(self) -> ConversationState:
        """The conversation's state after the last answer (a fresh one once it ended)."""
        attributes = self.last.get("sessionAttributes") or {}
        return ConversationState.from_attributes(attributes.get(SESSION_KEY))

    @property
    def ended(self) -> bool:
        return ends_session(self.last)

    @property
    def breaks(self) -> float:
        return total_break_seconds(self.last["response"]["outputSpeech"]["ssml"])

    @property
    def reprompt(self) -> str:
        from skill_checks import reprompt_of

        return reprompt_of(self.last)

    def hang_up(self, reason: str = "EXCEEDED_MAX_REPROMPTS") -> None:
        """The person stops answering (or walks away): Alexa ends the session."""
        if self.session.is_open:
            now = self.clock.wait(20)  # listening, the reprompt, listening again
            self.session.send(self.session.end(reason, now=now))  # type: ignore[arg-type]
