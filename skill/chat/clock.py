"""Request times as a device would send them to someone who lets each answer finish.

Alexa stamps every request with its time. The skill compares a request's time with the end
of the last answer's practice to know whether a step was heard through (a stop in the middle
of a practice leaves it to do again). Typed lines come at once, so the console would look like
someone who always interrupts: this clock moves on by each answer's spoken length instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from skill.ssml import speaking_seconds

# How soon after the end of an answer a person speaks, and how far into an answer a
# barge-in ("Alexa, stopp") comes.
REPLY_AFTER = timedelta(seconds=2)
BARGE_IN_AFTER = timedelta(seconds=5)


class ListeningClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.sent_at = start or datetime.now(timezone.utc)
        self.ends_at = self.sent_at

    def next_request(self, *, interrupting: bool = False) -> datetime:
        """The time of the next request: a moment after the last answer ended, or a few
        seconds into it (``interrupting``)."""
        self.sent_at = self.sent_at + BARGE_IN_AFTER if interrupting else self.ends_at + REPLY_AFTER
        self.ends_at = self.sent_at
        return self.sent_at

    def answered(self, response: dict[str, Any]) -> None:
        """Take in the answer to the last request: it ends after its spoken length."""
        speech = (response.get("response") or {}).get("outputSpeech") or {}
        ssml = speech.get("ssml")
        if ssml:
            self.ends_at = self.sent_at + timedelta(seconds=speaking_seconds(ssml))

    def wait(self, seconds: float) -> datetime:
        """Silence: the time ``seconds`` after the last answer ended (e.g. a session timeout)."""
        return self.ends_at + timedelta(seconds=seconds)
