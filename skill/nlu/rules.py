"""Alexa's rules and limits for an interaction model, checked on every build.

The figures and where they come from are in docs/sentences.md ("Alexa's rules and limits").
Where Amazon's figure could not be confirmed, the stricter of the known readings is used.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from skill.nlu.model import AMAZON_PREFIX, model_json

MAX_INTENTS = 250
MAX_INTENTS_AND_SLOT_TYPES = 350
MAX_SLOT_VALUE_CHARS = 140
MAX_SLOT_VALUES = 50_000  # all custom slot values and synonyms together
# SMAPI once refused a model over 1,000,000 characters; the documented limit reads 1.5 MB.
# Both readings hold when the committed file stays under 1,000,000 bytes of UTF-8.
MAX_MODEL_BYTES = 1_000_000
# Expanding a sample's custom slot values to look for conflicts: samples with more
# combinations than this are left to the corpus test (tests/test_sentences.py).
CONFLICT_EXPANSION_LIMIT = 5_000

_SLOT = re.compile(r"\{(\w+)\}")
# Letters (umlauts and ß included), spaces, apostrophes, hyphens; a period only after a single
# letter ("o. k."). No digits: numbers are written as words.
_WORD = re.compile(r"^(?:[^\W\d_]+(?:['-][^\W\d_]+)*'?|[^\W\d_]\.)$")
_SLOT_NAME = re.compile(r"^[A-Za-z][A-Za-z_]*$")
_INVOCATION = re.compile(r"^[a-zäöüß]+(?: [a-zäöüß]+)*$")


def check_model(model: dict[str, Any]) -> list[str]:
    """Every rule the model breaks, one line each (empty: the model is fine)."""
    language_model = model["interactionModel"]["languageModel"]
    intents = language_model["intents"]
    types = {slot_type["name"]: slot_type for slot_type in language_model["types"]}
    problems = [*_check_invocation(language_model["invocationName"])]
    problems += _check_sizes(model, intents, types)
    for intent in intents:
        problems += _check_intent(intent, types)
    problems += _check_duplicates(intents)
    problems += _check_conflicts(intents, types)
    return problems


def _check_invocation(name: str) -> Iterator[str]:
    if not _INVOCATION.match(name):
        yield f"invocation name {name!r}: lowercase letters and single spaces only"


def _check_sizes(model: dict[str, Any], intents: list[Any], types: dict[str, Any]) -> list[str]:
    problems = []
    if len(intents) > MAX_INTENTS:
        problems.append(f"{len(intents)} intents (at most {MAX_INTENTS})")
    if len(intents) + len(types) > MAX_INTENTS_AND_SLOT_TYPES:
        problems.append(f"intents and slot types: at most {MAX_INTENTS_AND_SLOT_TYPES}")
    size = len(model_json(model).encode("utf-8"))
    if size > MAX_MODEL_BYTES:
        problems.append(f"model file has {size:,} bytes (at most {MAX_MODEL_BYTES:,})")
    values = list(_all_slot_values(types))
    if len(values) > MAX_SLOT_VALUES:
        problems.append(f"{len(values):,} slot values and synonyms (at most {MAX_SLOT_VALUES:,})")
    for type_name, value in values:
        if len(value) > MAX_SLOT_VALUE_CHARS or not value.strip():
            problems.append(f"slot type {type_name}: value {value!r} empty or too long")
    return problems


def _all_slot_values(types: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for type_name, slot_type in types.items():
        for value in slot_type["values"]:
            for text in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                yield type_name, text


def _check_intent(intent: dict[str, Any], types: dict[str, Any]) -> list[str]:
    name = intent["name"]
    declared = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
    problems = []
    if declared and name.startswith(AMAZON_PREFIX):
        problems.append(f"{name}: a built-in intent takes no slots")
    for slot, kind in declared.items():
        if not _SLOT_NAME.match(slot):
            problems.append(f"{name}: slot name {slot!r}")
        if not kind.startswith(AMAZON_PREFIX) and kind not in types:
            problems.append(f"{name}: slot {slot} has undeclared type {kind}")
    samples = intent.get("samples", [])
    if not samples and not name.startswith(AMAZON_PREFIX):
        problems.append(f"{name}: a custom intent needs samples")
    for sample in samples:
        problems += [f"{name}: {sample!r}: {why}" for why in _sample_problems(sample, declared)]
    return problems


def _sample_problems(sample: str, declared: dict[str, str]) -> Iterator[str]:
    if sample != sample.strip() or "  " in sample or not sample:
        yield "extra spaces"
    literal = _SLOT.sub("", sample)
    if literal != literal.lower():
        yield "lowercase only (this project's convention: the model is compared as text)"
    refs = _SLOT.findall(sample)
    if len(refs) != len(set(refs)):
        yield "a slot appears twice"
    for ref in refs:
        if ref not in declared:
            yield f"slot {{{ref}}} not declared"
    for word in sample.split():
        if not _SLOT.fullmatch(word) and not _WORD.match(word):
            yield f"{word!r}: only letters, apostrophes and hyphens (numbers as words)"


def _check_duplicates(intents: list[Any]) -> list[str]:
    owner: dict[str, str] = {}
    problems = []
    for intent in intents:
        for sample in intent.get("samples", []):
            key = " ".join(sample.split())
            if key in owner:
                problems.append(f"{sample!r} is a sample of {owner[key]} and {intent['name']}")
            owner.setdefault(key, intent["name"])
    return problems


def _check_conflicts(intents: list[Any], types: dict[str, Any]) -> list[str]:
    """Samples of two intents that say the same once custom slot values are filled in."""
    forms = {name: _forms(slot_type) for name, slot_type in types.items()}
    owner: dict[str, str] = {}
    problems = []
    for intent in intents:
        declared = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            for text in _expansions(sample, declared, forms):
                first = owner.setdefault(text, intent["name"])
                if first != intent["name"]:
                    problems.append(f"{text!r} is said by {first} and {intent['name']}")
    return problems


def _forms(slot_type: dict[str, Any]) -> list[str]:
    return [form for value in slot_type["values"] for form in _value_forms(value)]


def _value_forms(value: dict[str, Any]) -> list[str]:
    return [value["name"]["value"], *value["name"].get("synonyms", [])]


def _expansions(sample: str, declared: dict[str, str], forms: dict[str, list[str]]) -> list[str]:
    """The sample with every combination of its custom slot values; [] if too many or if it has
    a built-in slot (numbers and durations are not listed)."""
    parts = _SLOT.split(sample)
    choices: list[list[str]] = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            choices.append([part])
            continue
        kind = declared.get(part, "")
        if kind.startswith(AMAZON_PREFIX) or kind not in forms:
            return []
        choices.append(forms[kind])
    count = 1
    for options in choices:
        count *= len(options)
    if count > CONFLICT_EXPANSION_LIMIT:
        return []
    return [" ".join("".join(combo).split()) for combo in itertools.product(*choices)]
