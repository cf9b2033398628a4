"""Repairs of request envelopes before the SDK reads them (see :mod:`skill.entry`)."""

from __future__ import annotations

from typing import Any

from skill.state import SESSION_KEY

JsonDict = dict[str, Any]

# What "not understood" means to the skill: an IntentRequest without a usable intent.
FALLBACK_INTENT = "AMAZON.FallbackIntent"


def cleaned(event: JsonDict, request: JsonDict, kind: str) -> JsonDict:
    """A shallow copy of ``event`` the SDK can read and the skill can trust.

    - session attributes: only the skill's own key, and only when it holds an object (the rest
      would be echoed back in the response);
    - an IntentRequest without a usable intent is one the skill did not understand;
    - slots and slot values of the wrong type are left out.
    """
    cleaned = dict(event)
    session = event.get("session")
    if session is not None:
        if isinstance(session, dict):
            attributes = session.get("attributes")
            state = attributes.get(SESSION_KEY) if isinstance(attributes, dict) else None
            kept = {SESSION_KEY: _flat(state)} if isinstance(state, dict) else {}
            if attributes != kept:
                cleaned["session"] = {**session, "attributes": kept}
        else:
            del cleaned["session"]
    context = event.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("System"), dict):
        # The SDK reads context.System for every request once the skill has an API client
        # (skill/builder.py); Alexa always sends it, a forged event might not.
        cleaned["context"] = {**(context if isinstance(context, dict) else {}), "System": {}}
    if kind == "IntentRequest":
        intent = _cleaned_intent(request.get("intent"))
        if intent is not request.get("intent"):
            cleaned["request"] = {**request, "intent": intent}
    return cleaned


def _flat(state: dict[Any, Any]) -> dict[str, Any]:
    """The state's fields that could be valid: short strings, whole numbers, booleans, None.

    The state model validates each field when it reads them; this only keeps out what could
    hurt before that (the SDK deep-copies the attributes, and a request that is not answered
    with speech gets them back): nesting, floats such as ``Infinity``, long strings.
    """
    if all(type(value) in _FLAT and _short_enough(value) for value in state.values()):
        return state
    return {
        key: value
        for key, value in state.items()
        if isinstance(key, str) and type(value) in _FLAT and _short_enough(value)
    }


_FLAT = (str, int, bool, type(None))


# Whole numbers JSON and JavaScript hold exactly (a Unix time in the state fits; a number
# thousands of digits long, slow to convert, does not).
_MAX_INT = 2**53


def _short_enough(value: object) -> bool:
    return len(value) <= 100 if isinstance(value, str) else (
        not isinstance(value, int) or -_MAX_INT <= value <= _MAX_INT
    )


def _cleaned_intent(intent: object) -> object:
    if not isinstance(intent, dict) or not isinstance(intent.get("name"), str):
        return {"name": FALLBACK_INTENT, "confirmationStatus": "NONE"}
    slots = intent.get("slots")
    if slots is None:
        return intent
    if not isinstance(slots, dict):
        return {key: value for key, value in intent.items() if key != "slots"}
    good = {
        name: slot
        for name, slot in slots.items()
        if isinstance(slot, dict) and isinstance(slot.get("value", ""), (str, type(None)))
    }
    return intent if len(good) == len(slots) else {**intent, "slots": good}


def essentials(event: JsonDict) -> JsonDict:
    """Only the fields the skill reads, each of the right type (when the SDK refused more)."""

    def text(holder: object, key: str) -> JsonDict:
        value = holder.get(key) if isinstance(holder, dict) else None
        return {key: value} if isinstance(value, str) else {}

    def ids(holder: object) -> JsonDict:
        if not isinstance(holder, dict):
            return {}
        kept: JsonDict = {}
        for key, inner in (("application", "applicationId"), ("user", "userId")):
            value = text(holder.get(key), inner)
            if value:
                kept[key] = value
        return kept

    request = event["request"]
    essential: JsonDict = {
        "version": "1.0",
        "request": {
            "type": request["type"],
            **text(request, "requestId"),
            **text(request, "locale"),
        },
    }
    if request["type"] == "IntentRequest":
        intent = request["intent"]
        slots = {
            name: {"name": name, **text(slot, "value")}
            for name, slot in (intent.get("slots") or {}).items()
            if isinstance(name, str)
        }
        essential["request"]["intent"] = {"name": intent["name"], "slots": slots}
    session = event.get("session")
    if isinstance(session, dict):
        essential["session"] = {
            "new": session.get("new") is True,
            **text(session, "sessionId"),
            **ids(session),
            "attributes": session.get("attributes", {}),
        }
    context = event.get("context")
    system = context.get("System") if isinstance(context, dict) else None
    essential["context"] = {"System": ids(system)}  # always: see ``cleaned``
    return essential
