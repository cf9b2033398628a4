"""The skill's one door: an Alexa event (a parsed JSON object) in, a response (a dict) out.

AWS Lambda calls :class:`SkillEntry` directly; the web service uses its two halves (``read``,
then its own checks, then ``answer``). It never raises: whatever arrives, a conversation
request (launch or intent) for this skill gets a German answer and anything else a silent
response, with one log line saying what was refused or repaired.

Why not ``SkillBuilder.lambda_handler()``: it builds a new ``CustomSkill`` per call, turns the
event Lambda already parsed back into JSON text to parse it again, lets the SDK's errors
escape (``session.attributes`` that is not an object, a missing ``context`` with a skill id,
an unknown request type), and answers with whatever session attributes the request carried
(a forged request could make the response too large, or not JSON at all with ``Infinity``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, ClassVar

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import Request, RequestEnvelope

from skill.envelope_repair import cleaned, essentials
from skill.handlers.session import FALLBACK_ERROR_SSML

log = logging.getLogger(__name__)

JsonDict = dict[str, Any]

CONVERSATION_REQUESTS = frozenset({"LaunchRequest", "IntentRequest"})
# Every request type the SDK has a model for; any other is answered silently.
KNOWN_REQUESTS = frozenset(Request.discriminator_value_class_map)

SILENT_RESPONSE: JsonDict = {"version": "1.0", "response": {}}


class Refusal:
    """An event the skill does not answer: ``check`` names why (for logs and HTTP)."""

    __slots__ = ("check", "reason")

    def __init__(self, check: str, reason: str) -> None:
        self.check = check
        self.reason = reason


class EnvelopeReader(DefaultSerializer):  # type: ignore[misc]
    """ask-sdk-core's own deserializer, fed the parsed dict, faster where it is slow.

    The SDK's public ``deserialize`` takes JSON text only, parses every timestamp with
    ``dateutil`` (about 0.25 ms, a third of a whole request here) and resolves each model
    class by name with ``__import__`` for every object it builds. Alexa sends ISO 8601 with a
    ``Z``, which ``datetime.fromisoformat`` reads (Python 3.11+) in a microsecond; anything
    else still goes to the SDK's parser; resolved classes are remembered. The names below are
    the SDK's private methods (name-mangled); ``tests/test_entry.py`` fails if a new SDK
    release renames them, and checks that the results equal the SDK's own.
    """

    _classes: ClassVar[dict[str, Any]] = {}
    _shadowing: ClassVar[dict[type, frozenset[str]]] = {}

    def read(self, payload: JsonDict) -> RequestEnvelope:
        return self._DefaultSerializer__deserialize(payload, RequestEnvelope)

    def _DefaultSerializer__deserialize_model(self, payload: Any, obj_type: Any) -> Any:
        # The SDK sets every key it does not know as an attribute of the model: "__dict__"
        # would wipe the model, "object_type" or "to_dict" would replace what the SDK and
        # the handlers rely on (found by tests/test_fuzz_envelopes.py). Such keys are left out.
        if isinstance(payload, dict) and isinstance(obj_type, type):
            shadowing = self._shadowing_names(payload, obj_type)
            if shadowing and any(key in shadowing or key[:1] == "_" for key in payload):
                payload = {
                    key: value
                    for key, value in payload.items()
                    if key not in shadowing and key[:1] != "_"
                }
        return _SDK_DESERIALIZE_MODEL(self, payload, obj_type)

    def _shadowing_names(self, payload: dict[str, Any], obj_type: type) -> frozenset[str]:
        """Names a payload key must not have for ``obj_type`` (or the subclass its
        discriminator picks): the class's attributes and its Python-side field names."""
        target = obj_type
        if hasattr(obj_type, "get_real_child_model"):
            try:
                name = obj_type.get_real_child_model(payload)
                if name:
                    target = self._DefaultSerializer__load_class_from_name(name)
            except Exception:
                return frozenset()
        found = self._shadowing.get(target)
        if found is None:
            mapping = getattr(target, "attribute_map", None) or {}
            json_names = set(mapping.values())
            found = frozenset((set(dir(target)) | set(mapping)) - json_names)
            self._shadowing[target] = found
        return found

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:
        found = self._classes.get(class_name)
        if found is None:
            found = _SDK_LOAD_CLASS(self, class_name)
            self._classes[class_name] = found
        return found

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:
        if isinstance(payload, str):
            try:
                parsed = datetime.fromisoformat(payload)
            except ValueError:
                pass
            else:
                return parsed.date() if obj_type is date else parsed
        return _SDK_DATETIME(self, payload, obj_type)


_SDK_DATETIME = DefaultSerializer._DefaultSerializer__deserialize_datetime
_SDK_LOAD_CLASS = DefaultSerializer._DefaultSerializer__load_class_from_name
_SDK_DESERIALIZE_MODEL = DefaultSerializer._DefaultSerializer__deserialize_model


def application_ids(event: Mapping[str, Any]) -> list[object]:
    """The application ids an event names: ``context.System``'s first (None when it has
    none, since Alexa always sends it), then the session's, if there is one."""
    context = event.get("context")
    system = context.get("System") if isinstance(context, dict) else None
    found = [_application_id(system)]
    session = event.get("session")
    if isinstance(session, dict) and "application" in session:
        found.append(_application_id(session))
    return found


def _application_id(holder: object) -> object:
    application = holder.get("application") if isinstance(holder, dict) else None
    return application.get("applicationId") if isinstance(application, dict) else None


class SkillEntry:
    """``(event, context) -> response`` for AWS Lambda, and ``read``/``answer`` for the web."""

    def __init__(self, skill: CustomSkill, skill_id: str | None = None) -> None:
        self.skill = skill
        self.skill_id = skill_id
        self._reader = EnvelopeReader()

    def __call__(self, event: object, context: Any = None) -> JsonDict:
        envelope = self.read(event)
        if isinstance(envelope, Refusal):
            log.warning("refused event: %s check failed: %r", envelope.check, envelope.reason)
            return dict(SILENT_RESPONSE)
        return self.answer(envelope, context)

    # -- reading -----------------------------------------------------------------------------
    def read(self, event: object) -> RequestEnvelope | Refusal:
        """The SDK's envelope for ``event``, repaired where that is safe, or a refusal."""
        if not isinstance(event, dict):
            return Refusal("envelope", f"event is a {type(event).__name__}, not an object")
        request = event.get("request")
        if not isinstance(request, dict):
            return Refusal("envelope", "no request object")
        kind = request.get("type")
        if not isinstance(kind, str) or kind not in KNOWN_REQUESTS:
            return Refusal("request-type", f"unknown request type {str(kind)[:80]!r}")
        if self.skill_id is not None:
            ids = application_ids(event)
            if any(found != self.skill_id for found in ids):
                return Refusal("skill-id", f"request is for {str(ids)[:200]}")
        repaired = cleaned(event, request, kind)
        try:
            return self._reader.read(repaired)
        except Exception as error:
            if kind not in CONVERSATION_REQUESTS:
                return Refusal("envelope", f"the SDK cannot read it: {_short(error)}")
            log.warning("unreadable parts of a %s dropped: %s", kind, _short(error))
        try:
            return self._reader.read(essentials(repaired))
        except Exception as error:
            return Refusal("envelope", f"the SDK cannot read it: {_short(error)}")

    # -- answering ---------------------------------------------------------------------------
    def answer(self, envelope: RequestEnvelope, context: Any = None) -> JsonDict:
        """The skill's serialized response; a calm German apology should even that fail."""
        try:
            response = self.skill.invoke(request_envelope=envelope, context=context)
            return self.skill.serializer.serialize(response)  # type: ignore[no-any-return]
        except Exception:
            log.exception("the skill failed outside its error handler")
        kind = getattr(getattr(envelope, "request", None), "object_type", None)
        if kind not in CONVERSATION_REQUESTS:
            return dict(SILENT_RESPONSE)
        speech = {"type": "SSML", "ssml": FALLBACK_ERROR_SSML}
        return {"version": "1.0", "response": {"outputSpeech": speech, "shouldEndSession": True}}


def _short(error: BaseException) -> str:
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= 200 else text[:197] + "..."
