"""The Alexa interaction model of one locale, built from its sentence templates.

Deterministic: intents, samples, slot types and values come out sorted (values in the order the
lists write them), so the committed ``interaction_models/*.json`` can be compared byte for byte
with a fresh build.
"""

from __future__ import annotations

import json
from typing import Any

from hassil import RangeSlotList, TextSlotList, WildcardSlotList

from skill.intents import phrases_intent
from skill.nlu.expand import Sample, expand_list_values
from skill.nlu.grammar import Grammar, GrammarError

# Amazon requires these in every custom model; they need no samples of ours.
REQUIRED_BUILT_INS = (
    "AMAZON.CancelIntent",
    "AMAZON.FallbackIntent",
    "AMAZON.HelpIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.StopIntent",
)
AMAZON_PREFIX = "AMAZON."


def build_model(grammar: Grammar) -> dict[str, Any]:
    """The interaction model (``{"interactionModel": {"languageModel": …}}``).

    Built-in intents take samples but no slots: a built-in intent's samples with slots go to
    its phrases intent (``skill.intents.phrases_intent``), a custom intent the skill treats as
    the built-in.
    """
    intents = []
    for name in sorted(grammar.samples):
        samples = grammar.samples[name]
        if not name.startswith(AMAZON_PREFIX):
            intents.append(_intent(grammar, name, samples))
            continue
        plain = tuple(sample for sample in samples if not sample.slots)
        with_slots = tuple(sample for sample in samples if sample.slots)
        # Declared even when all its samples fill slots: Amazon's own samples of the
        # built-in ("ja", "zurück", …) then add to ours.
        intents.append(_intent(grammar, name, plain))
        if with_slots:
            intents.append(_intent(grammar, phrases_intent(name), with_slots))
    present = {intent["name"] for intent in intents}
    intents += [{"name": name, "samples": []} for name in REQUIRED_BUILT_INS if name not in present]
    intents.sort(key=lambda intent: intent["name"])
    language_model = {
        "invocationName": grammar.alexa.invocation_name,
        "modelConfiguration": {
            "fallbackIntentSensitivity": {"level": grammar.alexa.fallback_intent_sensitivity}
        },
        "intents": intents,
        "types": _slot_types(grammar),
    }
    return {"interactionModel": {"languageModel": language_model}}


def model_json(model: dict[str, Any]) -> str:
    """The model as the committed file holds it: compact JSON with one intent or slot type per
    line. The size limit counts the file as uploaded, so whitespace between values would spend
    it (one value per line cost 4 % of it, indentation a third); a line per intent or type
    still shows in a diff which of them changed."""
    language_model = model["interactionModel"]["languageModel"]
    fields = []
    for key, value in language_model.items():
        if isinstance(value, list) and value:
            lines = ",\n".join(_compact(item) for item in value)
            fields.append(f"{_compact(key)}:[\n{lines}\n]")
        else:
            fields.append(f"{_compact(key)}:{_compact(value)}")
    return '{"interactionModel":{"languageModel":{' + ",".join(fields) + "}}}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _intent(grammar: Grammar, name: str, samples: tuple[Sample, ...]) -> dict[str, Any]:
    intent: dict[str, Any] = {"name": name}
    used = sorted({slot for sample in samples for slot in sample.slots})
    if used:
        intent["slots"] = [{"name": slot, "type": grammar.slot_type(slot)} for slot in used]
    intent["samples"] = [sample.text for sample in samples]
    return intent


def _slot_types(grammar: Grammar) -> list[dict[str, Any]]:
    """A custom slot type for every text list a sample uses (id = the list value's ``out``)."""
    used = {slot for samples in grammar.samples.values() for s in samples for slot in s.slots}
    types: dict[str, dict[str, Any]] = {}
    for list_name in sorted(used):
        kind = grammar.slot_type(list_name)
        slot_list = grammar.intents.slot_lists[list_name]
        _check_kind(list_name, kind, slot_list)
        if kind.startswith(AMAZON_PREFIX):
            continue
        values = [
            {"id": value_id, "name": _name(forms)}
            for value_id, forms in expand_list_values(grammar.intents, list_name).items()
        ]
        entry = {"name": kind, "values": values}
        if kind in types and types[kind] != entry:
            raise GrammarError(f"slot type {kind} is generated from two different lists")
        types[kind] = entry
    return [types[kind] for kind in sorted(types)]


def _name(forms: list[str]) -> dict[str, Any]:
    name: dict[str, Any] = {"value": forms[0]}
    if len(forms) > 1:
        name["synonyms"] = forms[1:]
    return name


def _check_kind(list_name: str, kind: str, slot_list: object) -> None:
    """A range list is AMAZON.NUMBER, a wildcard an Amazon type, a text list a custom type."""
    if isinstance(slot_list, RangeSlotList) and kind != "AMAZON.NUMBER":
        raise GrammarError(f"list {{{list_name}}} is a range: its slot type must be AMAZON.NUMBER")
    if isinstance(slot_list, WildcardSlotList) and not kind.startswith(AMAZON_PREFIX):
        raise GrammarError(f"list {{{list_name}}} is a wildcard: it needs an AMAZON.* slot type")
    if isinstance(slot_list, TextSlotList) and kind.startswith(AMAZON_PREFIX):
        raise GrammarError(f"list {{{list_name}}} has values: its slot type must be custom")
