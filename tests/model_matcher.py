"""Does the interaction model list a sentence? Matching typed text against the JSON samples.

The model test's own reader of ``interaction_models/*.json``, independent of hassil (which
``chat`` uses): every sample is matched word by word, where ``{slot}`` takes that slot's
values — the custom slot type's values and synonyms, digits or German number words for
AMAZON.NUMBER, a German duration for AMAZON.DURATION, a time of day for AMAZON.TIME. A
sentence is listed when some sample matches it exactly, as a strict reading of Alexa's own
matching (which is statistical and also takes sentences near a sample).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from skill.chat.numbers import DURATION, NUMBER, duration_iso, parse_number
from skill.chat.resolver import normalise
from skill.chat.spoken_time import TIME, parse_time

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


_NUMBER_SPAN = re.compile(NUMBER)
_DURATION_SPAN = re.compile(DURATION)
_TIME_SPAN = re.compile(TIME)
# The longest number or duration read as a slot, in words ("zwei minuten und dreißig sekunden")
_MAX_BUILT_IN_WORDS = 8


class ModelMatcher:
    def __init__(self, model: dict[str, Any]) -> None:
        language_model = model["interactionModel"]["languageModel"]
        self.slot_ids: dict[str, dict[str, str]] = {}  # type -> normalised form -> id
        self.longest: dict[str, int] = {}  # type -> most words in one of its forms
        for slot_type in language_model["types"]:
            ids: dict[str, str] = {}
            for value in slot_type["values"]:
                for form in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                    ids.setdefault(normalise(form), value["id"])
            self.slot_ids[slot_type["name"]] = ids
            self.longest[slot_type["name"]] = max(len(form.split()) for form in ids)
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
        self._split: dict[tuple[str, str], tuple[tuple[str, Any], ...]] = {}

    def matches(self, sentence: str) -> list[Match]:
        """Every sample reading of ``sentence`` (most literal characters first)."""
        words = tuple(normalise(sentence).split())
        present = set(words)
        candidates = {id(s): s for s in self.slot_only}
        for word in present:
            for sample in self.by_word.get(word, ()):
                if sample.words <= present:
                    candidates[id(sample)] = sample
        found = []
        for sample in candidates.values():
            slots = self._match(sample, words)
            if slots is not None:
                found.append(Match(sample.intent, slots, sample.literal_chars))
        return sorted(found, key=lambda m: (-m.literal_chars, m.intent))

    def _match(self, sample: _Sample, words: tuple[str, ...]) -> dict[str, dict[str, str]] | None:
        """The slots of one reading of the sentence ``words`` by ``sample``, or None.

        A search over word positions (longer slot values tried first, failures remembered), so
        that samples made of several slots in a row cost time linear in their length rather
        than the backtracking of one regular expression."""
        pieces = self._pieces(sample)
        types = self.intent_slots[sample.intent]
        failed: set[tuple[int, int]] = set()

        def walk(piece: int, at: int) -> dict[str, dict[str, str]] | None:
            if piece == len(pieces):
                return {} if at == len(words) else None
            if (piece, at) in failed:
                return None
            kind, content = pieces[piece]
            if kind == "words":
                end = at + len(content)
                if words[at:end] == content:
                    rest = walk(piece + 1, end)
                    if rest is not None:
                        return rest
            else:
                for end in range(min(len(words), at + self._span(types[content])), at, -1):
                    value = self._slot_value(types[content], " ".join(words[at:end]))
                    if value is None:
                        continue
                    rest = walk(piece + 1, end)
                    if rest is not None:
                        return {content: value, **rest}
            failed.add((piece, at))
            return None

        return walk(0, 0)

    def _span(self, kind: str) -> int:
        if kind in ("AMAZON.NUMBER", "AMAZON.DURATION", "AMAZON.TIME"):
            return _MAX_BUILT_IN_WORDS
        return self.longest[kind]

    def _slot_value(self, kind: str, spoken: str) -> dict[str, str] | None:
        if kind == "AMAZON.NUMBER":
            number = parse_number(spoken) if _NUMBER_SPAN.fullmatch(spoken) else None
            return None if number is None else {"value": str(number)}
        if kind == "AMAZON.DURATION":
            iso = duration_iso(spoken) if _DURATION_SPAN.fullmatch(spoken) else None
            return None if iso is None else {"value": iso}
        if kind == "AMAZON.TIME":
            time = parse_time(spoken) if _TIME_SPAN.fullmatch(spoken) else None
            return None if time is None else {"value": time}
        found = self.slot_ids[kind].get(spoken)
        return None if found is None else {"value": spoken, "id": found}

    def _pieces(self, sample: _Sample) -> tuple[tuple[str, Any], ...]:
        """The sample as ("words", its literal words) and ("slot", a slot name) pieces."""
        key = (sample.intent, sample.text)
        if key not in self._split:
            pieces: list[tuple[str, Any]] = []
            for index, piece in enumerate(_SLOT.split(sample.text)):
                if index % 2 == 1:
                    pieces.append(("slot", piece))
                elif literal := normalise(piece).split():
                    pieces.append(("words", tuple(literal)))
            self._split[key] = tuple(pieces)
        return self._split[key]
