"""``Turn``: one answer of the conversation model, the only thing the handlers speak."""

from __future__ import annotations

from dataclasses import dataclass

from skill.ssml import Speech
from skill.state import ConversationState


@dataclass(frozen=True)
class Turn:
    state: ConversationState
    speech: Speech
    reprompt: Speech | None = None
    end_session: bool = False
    # A card for the Alexa app: (title, text), plain text from the content.
    card: tuple[str, str] | None = None
    # Seconds from the start of this answer until its practice has been spoken to its end
    # (answers that guide a section only): a later request tells whether it was heard through.
    done_after: int | None = None
    # Seconds of timed practice (breaks) in ``speech``: what a screen counts down.
    practice_seconds: int = 0
    # Hand over to Alexa's own question for the reminders permission (Connections.SendRequest
    # "AskFor", with this token coming back in the answer); the session ends with it.
    consent_token: str | None = None
    # Send the card that asks for the reminders permission in the Alexa app.
    permission_card: bool = False

    def __post_init__(self) -> None:
        # Alexa's rule: a response that keeps the microphone open must ask and have a reprompt.
        if not self.end_session and self.reprompt is None:
            raise ValueError("an open session needs a reprompt")
