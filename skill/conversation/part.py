"""``Part``: what every concern of the conversation model shares (content, voice, the others)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from skill.ssml import Speech
from skill.state import ConversationState

if TYPE_CHECKING:
    from skill.content import Content
    from skill.conversation import Guide
    from skill.conversation.voice import Voice


class Part:
    """One concern of the conversation; reaches the others through ``self.guide``."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide

    @property
    def content(self) -> Content:
        return self.guide.content

    @property
    def voice(self) -> Voice:
        return self.guide.voice

    def line(self, state: ConversationState, key: str, **values: object) -> str:
        return self.voice.line(state, key, **values)

    def speech(self, state: ConversationState, *keys: str) -> Speech:
        return self.voice.speech(state, *keys)
