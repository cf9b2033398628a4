"""What the skill answers to each thing a person can say, as pure functions of the state.

The model knows the content and the state but nothing of the ASK SDK: every method takes a
``ConversationState`` and returns a ``Turn`` (the new state, what to say, the reprompt, and
whether the session ends). The SDK handlers in ``skill/handlers`` only translate requests to
these calls, so the whole conversation can be tested without request envelopes.

One module per concern, reached through ``Guide``:

- ``flow``: the guide itself: launch, each section with its practice, moving around, pausing
- ``programs``: how long the massage takes: programs, practice time, "wie lange dauert das"
- ``answers``: questions and tips, and where the person is
- ``wellbeing``: pain, the breathing exercise, thanks
- ``data``: the person's stored data (deleting it)
- ``reminders``: reminders: the offer after a massage, setting one up, listing, problems
- ``habit``: the practice record ("Wie oft habe ich schon massiert?", encouragement)
- ``acts``: dialog acts that depend on what was asked or said: yes, no, "weiter" at a
  question, repeat, help, not understood, goodbye
"""

from __future__ import annotations

from skill.content import Content
from skill.conversation.acts import DialogActs
from skill.conversation.answers import Answers
from skill.conversation.data import StoredData
from skill.conversation.flow import Flow
from skill.conversation.habit import Habit
from skill.conversation.programs import Programs
from skill.conversation.reminders import Reminders
from skill.conversation.turn import Turn
from skill.conversation.voice import Voice
from skill.conversation.wellbeing import Wellbeing

__all__ = ["Guide", "Turn"]


class Guide:
    """The conversation model for one locale's content."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.voice = Voice(content)
        self.flow = Flow(self)
        self.programs = Programs(self)
        self.answers = Answers(self)
        self.wellbeing = Wellbeing(self)
        self.data = StoredData(self)
        self.reminders = Reminders(self)
        self.habit = Habit(self)
        self.acts = DialogActs(self)
