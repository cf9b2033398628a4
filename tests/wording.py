"""What the skill should say, derived from the content: every phrasing of a dialog key, filled
in the way the skill fills it (numbers as German words). Tests never hard-code wording or
counts that the content decides."""

from __future__ import annotations

import re

from skill.content import Content
from skill.conversation.voice import number_words
from skill.state import CLOSING, PREPARATION


class Wording:
    def __init__(self, content: Content) -> None:
        self.content = content

    def all(self, key: str, **values: object) -> list[str]:
        """Every phrasing of ``key`` with ``values`` filled in (whole numbers as words)."""
        spoken = {
            name: number_words(value) if isinstance(value, int) else value
            for name, value in values.items()
        }
        return [text.format(**spoken) for text in self.content.variants(key)]

    def said(self, key: str, text: str, **values: object) -> bool:
        """Whether ``text`` contains one of the phrasings of ``key``."""
        return any(phrasing in text for phrasing in self.all(key, **values))

    def said_any(self, key: str, text: str) -> bool:
        """Whether ``text`` contains a phrasing of ``key``, whatever fills its placeholders
        (for values the test cannot know, such as the time of day of an offer)."""
        for phrasing in self.content.variants(key):
            pattern = re.sub(r"\\\{\w+\\\}", ".+?", re.escape(phrasing))
            if re.search(pattern, text):
                return True
        return False

    def starts(self, key: str, text: str, **values: object) -> bool:
        return any(text.startswith(phrasing) for phrasing in self.all(key, **values))

    # -- the guide's sections ------------------------------------------------------------------
    def heading(self, number: int) -> list[str]:
        """How step ``number`` begins ("Schritt drei von sieben: feste Stellen.")."""
        step = self.content.step(number)
        return self.all(
            "guide.step_heading", number=number, total=len(self.content.steps), name=step.spoken
        )

    def is_step(self, text: str, number: int) -> bool:
        return any(text.startswith(heading) for heading in self.heading(number))

    def is_preparation(self, text: str) -> bool:
        return self.starts("guide.preparation_heading", text)

    def place(self, position: int) -> list[str]:
        """The position as said after "bei" ("Schritt drei, feste Stellen")."""
        if position == PREPARATION:
            return self.all("places.preparation")
        if position == CLOSING:
            return self.all("places.closing")
        name = self.content.step(position).spoken
        return self.all("places.step", number=position, name=name)

    def names(self, position: int, text: str) -> bool:
        return any(place in text for place in self.place(position))

    def words(self, number: int) -> str:
        return number_words(number)
