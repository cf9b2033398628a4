"""From raw request bytes to the skill's answer, without any web framework.

This is the flow of ask-sdk-webservice-support's ``WebserviceSkillHandler.
verify_request_and_dispatch`` (verify, deserialize, invoke, serialize), split into stages so
each failure gets its own HTTP status, in this order:

1. the signature, over the raw body bytes, before anything parses them: a forged request
   costs a header check and one RSA verification (with the chain cached), never a JSON parse;
2. UTF-8 and JSON (any failure, a 3,000-deep nesting's RecursionError included, is a 400);
3. the envelope's shape, then the checks that need its content (timestamp, skill id);
4. the skill, through the same :class:`skill.entry.SkillEntry` AWS Lambda calls.

The package's handler raises the same ``AskSdkException`` family for a malformed body, a
failed check and a broken skill, and builds its certvalidator-based verifier by default (see
:mod:`skill.web.sdk_compat`). Unlike it we do not add "ask-webservice" to the user agent: with
ask-sdk-core 1.19 that means registering it in the process-wide ``UserAgentManager``, which
would change the responses of every skill in the process.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from skill.entry import Refusal, SkillEntry
from skill.web.sdk_compat import AbstractVerifier, VerificationException
from skill.web.verification import RequestRefused

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """An HTTP status and the JSON body to send."""

    status: int
    body: Mapping[str, Any]


BAD_REQUEST = Outcome(400, {"error": "bad request"})


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def envelope_problem(payload: object) -> str | None:
    """Why ``payload`` is not an Alexa request envelope, or None if it looks like one."""
    if not isinstance(payload, dict):
        return "body is not a JSON object"
    if not isinstance(payload.get("version"), str):
        return "no version"
    request = payload.get("request")
    if not isinstance(request, dict):
        return "no request object"
    for field in ("type", "requestId", "timestamp"):
        if not isinstance(request.get(field), str) or not request[field]:
            return f"no request.{field}"
    for optional in ("session", "context"):
        if optional in payload and not isinstance(payload[optional], dict):
            return f"{optional} is not an object"
    return None


class AlexaDispatcher:
    """Verifies a request and hands it to the skill; knows nothing about HTTP servers.

    ``body_verifiers`` see only the headers and the raw body (the signature);
    ``envelope_verifiers`` also get the SDK's envelope (timestamp, skill id).
    """

    def __init__(
        self,
        entry: SkillEntry,
        body_verifiers: Sequence[AbstractVerifier] = (),
        envelope_verifiers: Sequence[AbstractVerifier] = (),
    ) -> None:
        if not isinstance(entry, SkillEntry):
            raise TypeError(f"expected a skill.entry.SkillEntry, got {type(entry).__name__}")
        self._entry = entry
        self._body_verifiers = list(body_verifiers)
        self._envelope_verifiers = list(envelope_verifiers)

    def dispatch(self, headers: Mapping[str, Any], raw_body: bytes) -> Outcome:
        for verifier in self._body_verifiers:
            refused = self._verify(verifier, headers, raw_body, None)
            if refused is not None:
                return refused
        try:
            payload = json.loads(raw_body.decode("utf-8"), parse_constant=_reject_constant)
        except UnicodeDecodeError:
            return self._bad_request("body", "body is not UTF-8")
        except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
            return self._bad_request("body", f"body is not JSON ({type(error).__name__})")
        problem = envelope_problem(payload)
        if problem is not None:
            return self._bad_request("envelope", f"not an Alexa request envelope: {problem}")
        request_id = payload["request"]["requestId"]
        envelope = self._entry.read(payload)
        if isinstance(envelope, Refusal):
            if envelope.check == "request-type":
                # A well-formed request of a type this skill does not know (a new event):
                # a quiet answer, as on AWS Lambda.
                return Outcome(200, {"version": "1.0", "response": {}})
            return self._bad_request(envelope.check, envelope.reason, request_id)
        for verifier in self._envelope_verifiers:
            refused = self._verify(verifier, headers, raw_body, envelope, request_id)
            if refused is not None:
                return refused
        return Outcome(200, self._entry.answer(envelope))

    def _verify(
        self,
        verifier: AbstractVerifier,
        headers: Mapping[str, Any],
        raw_body: bytes,
        envelope: Any,
        request_id: object = None,
    ) -> Outcome | None:
        try:
            verifier.verify(
                headers=headers,
                serialized_request_env=raw_body,
                deserialized_request_env=envelope,
            )
        except RequestRefused as refused:
            return self._bad_request(refused.check, refused.reason, request_id)
        except VerificationException as error:
            return self._bad_request(type(verifier).__name__, str(error), request_id)
        except Exception:
            # A verifier that crashes has not verified anything: refuse (fail closed).
            logger.exception("verifier %s crashed", type(verifier).__name__)
            return self._bad_request(type(verifier).__name__, "verifier error", request_id)
        return None

    @staticmethod
    def _bad_request(check: str, reason: str, request_id: object = None) -> Outcome:
        # %r keeps control characters from a forged request out of the log's line structure.
        logger.warning(
            "refused request %r (HTTP 400): %s check failed: %r", request_id, check, reason
        )
        return BAD_REQUEST
