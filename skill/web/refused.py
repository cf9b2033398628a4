"""The one exception a failed request check raises (its own module: both the verifiers and the
certificate fetch raise it)."""

from __future__ import annotations

from skill.web.sdk_compat import VerificationException


class RequestRefused(VerificationException):
    """A request failed one check; ``check`` names it (``cert-url``, ``signature``, ...)."""

    def __init__(self, check: str, reason: str) -> None:
        super().__init__(f"{check} check failed: {reason}")
        self.check = check
        self.reason = reason
