"""From raw request bytes to the skill's answer, without any web framework.

This is the flow of ask-sdk-webservice-support's ``WebserviceSkillHandler.
verify_request_and_dispatch`` (deserialize, run every verifier, ``skill.invoke``, serialize),
split into stages so each failure gets its own HTTP status. The package's handler raises the
same ``AskSdkException`` family for a malformed body, a failed check and a broken skill, and
builds its certvalidator-based verifier by default (see :mod:`skill.web.sdk_compat`).

Unlike the package's handler we do not add "ask-webservice" to the user agent: with ask-sdk-core
1.19 that means registering it in the process-wide ``UserAgentManager``, which would change the
responses of every skill in the process (the chat simulator's and the tests' too).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope

from skill.web.sdk_compat import AbstractVerifier, VerificationException
from skill.web.verification import RequestRefused

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """An HTTP status and the JSON body to send."""

    status: int
    body: Mapping[str, Any]


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
    """Verifies a request and hands it to the skill; knows nothing about HTTP servers."""

    def __init__(self, skill: CustomSkill, verifiers: Sequence[AbstractVerifier]) -> None:
        if not isinstance(skill, CustomSkill):
            raise TypeError(f"expected an ask_sdk_core CustomSkill, got {type(skill).__name__}")
        self._skill = skill
        self._verifiers = list(verifiers)

    def dispatch(self, headers: Mapping[str, Any], raw_body: bytes) -> Outcome:
        try:
            text = raw_body.decode("utf-8")
        except UnicodeDecodeError:
            return self._bad_request("body", "body is not UTF-8")
        try:
            payload = json.loads(text, parse_constant=_reject_constant)
        except ValueError as error:  # JSONDecodeError is a ValueError
            return self._bad_request("body", f"body is not JSON ({error})")
        problem = envelope_problem(payload)
        if problem is not None:
            return self._bad_request("envelope", f"not an Alexa request envelope: {problem}")
        request_id = payload["request"]["requestId"]
        try:
            envelope = self._skill.serializer.deserialize(payload=text, obj_type=RequestEnvelope)
        except Exception as error:  # the SDK wraps anything it cannot map
            return self._bad_request("envelope", f"SDK cannot read the envelope: {error}")

        for verifier in self._verifiers:
            try:
                verifier.verify(
                    headers=headers,
                    serialized_request_env=text,
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

        try:
            response = self._skill.invoke(request_envelope=envelope, context=None)
            body = self._skill.serializer.serialize(response)
        except Exception:
            logger.exception("the skill failed on request %r", request_id)
            return Outcome(500, {"error": "the skill could not handle this request"})
        return Outcome(200, body)

    @staticmethod
    def _bad_request(check: str, reason: str, request_id: object = None) -> Outcome:
        # %r keeps control characters from a forged request out of the log's line structure.
        logger.warning(
            "refused request %r (HTTP 400): %s check failed: %r", request_id, check, reason
        )
        return Outcome(400, {"error": "bad request"})
