"""Reading slot values from an intent: numbers, durations and resolved custom values.

Alexa sends "?" for a number it did not catch and may send an unresolved custom value; every
function here returns ``None`` for anything it cannot use, never raises.
"""

from __future__ import annotations

import re

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot

# ASCII digits, at most 6 each: int() refuses numbers of more than 4,300 digits by raising.
_DURATION = re.compile(
    r"^P(?:(?P<days>[0-9]{1,6})D)?(?:T(?:(?P<hours>[0-9]{1,6})H)?"
    r"(?:(?P<minutes>[0-9]{1,6})M)?(?:(?P<seconds>[0-9]{1,6})S)?)?$"
)
# ASCII digits only: str.isdigit() also accepts "²", "①" or "٣", which int() then refuses.
_NUMBER = re.compile(r"[0-9]{1,6}")
_SUCCESS_MATCH = "ER_SUCCESS_MATCH"
# Bigger numbers than this are not a step or a practice time, just noise.
MAX_NUMBER = 100_000


def parse_number(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if not _NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_NUMBER else None


def parse_duration(value: str | None) -> int | None:
    """ISO 8601 duration as AMAZON.DURATION sends it ("PT1M30S") in whole seconds."""
    if not value:
        return None
    match = _DURATION.match(value.strip().upper())
    if not match or not any(match.groupdict().values()):
        return None
    parts = {name: int(number or 0) for name, number in match.groupdict().items()}
    seconds = parts["days"] * 86400 + parts["hours"] * 3600 + parts["minutes"] * 60
    return min(seconds + parts["seconds"], MAX_NUMBER)


def slot_text(handler_input: HandlerInput, name: str) -> str | None:
    try:
        slot = get_slot(handler_input, name)
    except (TypeError, AttributeError):  # not an IntentRequest
        return None
    value = getattr(slot, "value", None) if slot is not None else None
    return value if isinstance(value, str) and value.strip() else None


def resolved_id(handler_input: HandlerInput, name: str) -> str | None:
    """The id of a custom slot value that entity resolution matched, else ``None``."""
    try:
        slot = get_slot(handler_input, name)
    except (TypeError, AttributeError):
        return None
    resolutions = getattr(slot, "resolutions", None) if slot is not None else None
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        # By value: importing the SDK's StatusCode enum costs a cold start milliseconds.
        if getattr(status, "value", status) != _SUCCESS_MATCH:
            continue
        for item in authority.values or []:
            value_id = getattr(getattr(item, "value", None), "id", None)
            if isinstance(value_id, str) and value_id:
                return value_id
    return None


def slot_number(handler_input: HandlerInput, name: str) -> int | None:
    return parse_number(slot_text(handler_input, name))
