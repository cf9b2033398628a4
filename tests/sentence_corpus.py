"""The sentence corpus (tests/sentences/de/*.yaml) and what a recognised sentence means.

Each file holds real sentences for one intent, written independently of the templates, with the
meaning of their slots where they carry one:

    intent: GoToStepIntent
    tests:
      - sentences: ["zum dritten schritt", "geh zu schritt drei"]
        slots: {step: 3}

Meanings: ``step`` (a number, or "last"), ``direction`` / ``seconds`` (practice time),
``topic`` (a tip), ``condition`` (an FAQ condition), ``program`` / ``minutes`` (a program),
``time`` ("19:00") / ``days`` ("daily", "weekdays", "weekend", "mo.th") (a reminder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from skill import intents
from skill.content import Content
from skill.reminder_spec import EVERY_DAY, days_name, days_of, time_of
from skill.slots import parse_duration

CORPUS_DIR = Path(__file__).resolve().parent / "sentences"
# Share of an intent's sentences that must pass; pain, the safety case, higher.
TARGET = 0.95
TARGETS = {intents.PAIN: 0.98}


@dataclass(frozen=True)
class CorpusSentence:
    intent: str
    text: str
    meaning: dict[str, Any] = field(default_factory=dict)


def load_corpus(language: str = "de") -> list[CorpusSentence]:
    sentences = []
    for path in sorted((CORPUS_DIR / language).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for test in data["tests"]:
            meaning = test.get("slots") or {}
            sentences += [
                CorpusSentence(data["intent"], text, meaning) for text in test["sentences"]
            ]
    return sentences


# slot name -> {"value": ..., "id": ...} (the id only for custom slot types)
Slots = dict[str, dict[str, str]]


# The corpus's intent for choosing a program length: its duration slot means minutes available.
PROGRAM_INTENT = "ChooseProgramIntent"


def meaning_of(intent: str, slots: Slots, content: Content) -> dict[str, Any]:
    """What the skill reads from an intent's slots, in the corpus's terms (filler slots such as
    {opener} or {degree} mean nothing and are left out)."""
    meaning: dict[str, Any] = _step(slots, content)
    for slot, key in _BY_ID.items():
        if slot in slots:
            meaning[key] = slots[slot]["id"]
    if intents.SLOT_SECONDS in slots:
        meaning["seconds"] = int(slots[intents.SLOT_SECONDS]["value"])
    if intents.SLOT_DURATION in slots:
        seconds = parse_duration(slots[intents.SLOT_DURATION]["value"])
        if intent == PROGRAM_INTENT:
            meaning["minutes"] = None if seconds is None else seconds // 60
        else:
            meaning["seconds"] = seconds
    meaning.update(_schedule(intent, slots))
    return meaning


def _schedule(intent: str, slots: Slots) -> dict[str, Any]:
    """A reminder's time ("19:00") and days ("daily", "weekdays", "mo.th") as the skill reads
    them (skill/reminder_spec.py); a new reminder without days is a daily one."""
    value = slots.get(intents.SLOT_TIME, {}).get("value")
    part = slots.get(intents.SLOT_DAY_PART, {}).get("id")
    day_ids = (slots.get(name, {}).get("id") for name in intents.REMINDER_DAY_SLOTS)
    time, days = time_of(value, part), days_of(day_ids)
    found: dict[str, Any] = {}
    if time is not None:
        found["time"] = f"{time[0]:02d}:{time[1]:02d}"
        if days is None and intent == intents.SET_REMINDER:
            days = EVERY_DAY
    if days is not None:
        found["days"] = days_name(days)
    return found


def slots_from_json(slot_json: dict[str, dict[str, Any]]) -> Slots:
    """Alexa's slot JSON (as chat sends it) as ``Slots``."""
    slots: Slots = {}
    for name, slot in slot_json.items():
        if "value" not in slot:
            continue
        entry = {"value": slot["value"]}
        for authority in slot.get("resolutions", {}).get("resolutionsPerAuthority", []):
            entry["id"] = authority["values"][0]["value"]["id"]
        slots[name] = entry
    return slots


def _step(slots: Slots, content: Content) -> dict[str, Any]:
    if intents.SLOT_STEP_NUMBER in slots:
        return {"step": int(slots[intents.SLOT_STEP_NUMBER]["value"])}
    if intents.SLOT_STEP_ORDINAL in slots:
        ordinal = slots[intents.SLOT_STEP_ORDINAL]["id"]
        return {"step": ordinal if ordinal == intents.LAST_STEP else int(ordinal)}
    if intents.SLOT_STEP_NAME in slots:
        return {"step": content.step_number(slots[intents.SLOT_STEP_NAME]["id"])}
    return {}


# Custom slots whose value id is the meaning.
_BY_ID = {
    intents.SLOT_DIRECTION: "direction",
    intents.SLOT_RESET_TIME: "direction",
    intents.SLOT_TIP_TOPIC: "topic",
    intents.SLOT_CONDITION: "condition",
    "program": "program",
}
