"""Does the interaction model list a sentence? Matching typed text against the JSON samples.

The model test's own reader of ``interaction_models/*.json``, independent of hassil (which
``chat`` uses): every sample becomes a full-match regular expression in which ``{slot}``
matches that slot's values — the custom slot type's values and synonyms, digits or German
number words for AMAZON.NUMBER, a German duration for AMAZON.DURATION. A sentence is listed
when some sample matches it exactly, as a strict reading of Alexa's own matching (which is
statistical and also takes sentences near a sample).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from skill.chat.numbers import DURATION, NUMBER, duration_iso, parse_number
from skill.chat.resolver import normalise

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Match:
    intent: str
    slots: dict[str, dict[str, str]]  # slot name -> {"value": spoken/ISO/digits, "id": ...}
    literal_chars: int


@dataclass(frozen=True)
class _Sample:
    intent: str
    text: str
    words: frozenset[str]  # its literal words: all must be in a sentence it matches
    literal_chars: int


def _alternation(forms: list[str]) -> str:
    ordered = sorted(set(forms), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(form) for form in ordered) + ")"


class ModelMatcher:
    def __init__(self, model: dict[str, Any]) -> None:
        language_model = model["interactionModel"]["languageModel"]
        self.slot_ids: dict[str, dict[str, str]] = {}  # type -> normalised form -> id
        self.type_regex: dict[str, str] = {"AMAZON.NUMBER": NUMBER, "AMAZON.DURATION": DURATION}
        for slot_type in language_model["types"]:
            ids: dict[str, str] = {}
            for value in slot_type["values"]:
                for form in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                    ids.setdefault(normalise(form), value["id"])
            self.slot_ids[slot_type["name"]] = ids
            self.type_regex[slot_type["name"]] = _alternation(list(ids))
        self.intent_slots: dict[str, dict[str, str]] = {}
        self.samples: list[_Sample] = []
        self.by_word: dict[str, list[_Sample]] = {}
        self.slot_only: list[_Sample] = []
        for intent in language_model["intents"]:
            slots = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            self.intent_slots[intent["name"]] = slots
            for text in intent.get("samples", []):
                literal = _SLOT.sub(" ", text).split()
                sample = _Sample(
                    intent["name"], text, frozenset(literal), sum(len(w) for w in literal)
                )
                self.samples.append(sample)
                if not literal:
                    self.slot_only.append(sample)
                for word in sample.words:
                    self.by_word.setdefault(word, []).append(sample)
        self._compiled: dict[tuple[str, str], tuple[re.Pattern[str], list[str]]] = {}

    def matches(self, sentence: str) -> list[Match]:
        """Every sample reading of ``sentence`` (most literal characters first)."""
        text = normalise(sentence)
        words = set(text.split())
        candidates = {id(s): s for s in self.slot_only}
        for word in words:
            for sample in self.by_word.get(word, ()):
                if sample.words <= words:
                    candidates[id(sample)] = sample
        found = []
        for sample in candidates.values():
            slots = self._match(sample, text)
            if slots is not None:
                found.append(Match(sample.intent, slots, sample.literal_chars))
        return sorted(found, key=lambda m: (-m.literal_chars, m.intent))

    def _match(self, sample: _Sample, text: str) -> dict[str, dict[str, str]] | None:
        pattern, names = self._pattern(sample)
        found = pattern.fullmatch(text)
        if found is None:
            return None
        slots: dict[str, dict[str, str]] = {}
        types = self.intent_slots[sample.intent]
        for index, name in enumerate(names):
            spoken = found.group(index + 1)
            kind = types[name]
            if kind == "AMAZON.NUMBER":
                number = parse_number(spoken)
                if number is None:
                    return None
                slots[name] = {"value": str(number)}
            elif kind == "AMAZON.DURATION":
                iso = duration_iso(spoken)
                if iso is None:
                    return None
                slots[name] = {"value": iso}
            else:
                slots[name] = {"value": spoken, "id": self.slot_ids[kind][spoken]}
        return slots

    def _pattern(self, sample: _Sample) -> tuple[re.Pattern[str], list[str]]:
        key = (sample.intent, sample.text)
        if key not in self._compiled:
            types = self.intent_slots[sample.intent]
            pieces, names = [], []
            for index, piece in enumerate(_SLOT.split(sample.text)):
                if index % 2 == 0:
                    literal = normalise(piece)
                    if literal:
                        pieces.append(re.escape(literal))
                    continue
                names.append(piece)
                pieces.append(f"({self.type_regex[types[piece]]})")
            self._compiled[key] = (re.compile(r"\s+".join(pieces)), names)
        return self._compiled[key]
