"""Resolve one typed German utterance to a launch or an intent, roughly as an Echo would.

Intents are recognised with hassil over the same sentence templates that ``rueckenmassage model
build`` expands into the interaction model (``skill/nlu``), so ``chat`` understands exactly what
the model lists. hassil reads digits and German number words for ``AMAZON.NUMBER`` slots;
``AMAZON.DURATION`` phrases ("einer halben Minute") are read by ``skill.chat.numbers``, and
``AMAZON.TIME`` ("halb acht", "neunzehn Uhr") by ``skill.chat.spoken_time``. Custom
slot values resolve to their id and canonical name (Alexa's entity resolution).

What hassil does not do is here too: the invocation ("starte Rückenmassage", "frage
Rückenmassage, wie lange es dauert"). Anything the templates do not cover resolves to
``AMAZON.FallbackIntent``, as an unmatched utterance does on a device.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from hassil import RecognizeResult, recognize_all

from skill.chat.envelopes import DEFAULT_APPLICATION_ID
from skill.chat.numbers import duration_iso
from skill.chat.spoken_time import parse_time
from skill.intents import BUILT_IN_PREFIX, phrases_intent
from skill.nlu.grammar import Grammar, GrammarError, load_grammar
from skill.nlu.model import build_model

FALLBACK_INTENT = "AMAZON.FallbackIntent"
DEFAULT_LOCALE = "de-DE"
# Entity-resolution authorities name the skill; the chat simulator has no real skill id.
DEFAULT_SKILL_ID = DEFAULT_APPLICATION_ID


class ModelError(ValueError):
    """The sentence templates cannot be read."""


@dataclass(frozen=True)
class Resolution:
    """What the device would send for one utterance.

    ``kind`` is "launch" (a LaunchRequest, always in a new session) or "intent". ``slots`` is
    ASK slot JSON for every slot the intent declares; unfilled ones carry no value.
    ``new_session`` is true for one-shots ("frage Rückenmassage, wie lange dauert das").
    """

    kind: Literal["launch", "intent"]
    intent: str | None = None
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_session: bool = False
    text: str = ""  # the normalised text, for --verbose and tests


_DECIMAL_COMMA = re.compile(r"(?<=\d)[.,](?=\d)")
# Typographic apostrophes, and accents typed for one, become "'".
_APOSTROPHES = re.compile("[\u2019\u2018`\u00b4]")
_PUNCTUATION = re.compile(r"[^\w\s'\x00]|_|(?<!\w)'|'(?!\w)")


def normalise(text: str) -> str:
    """Lowercase, punctuation (including „“ and hyphens) to spaces, whitespace collapsed.

    An apostrophe inside a word stays ("geht's"). A decimal separator between digits survives
    as "." ("1,5 Minuten" -> "1.5 minuten"), so durations keep their fraction; an ordinal's dot
    ("4.") goes.
    """
    text = _APOSTROPHES.sub("'", text.lower())
    text = _DECIMAL_COMMA.sub("\x00", text)
    text = _PUNCTUATION.sub(" ", text).replace("\x00", ".")
    return " ".join(text.split())


def _strip_wake_word(text: str) -> tuple[str, bool]:
    """Drop a leading "alexa"; report whether it was there (an utterance addressed to Alexa)."""
    if text == "alexa":
        return "", True
    if text.startswith("alexa "):
        return text[len("alexa ") :], True
    return text, False


_LAUNCH_VERBS_BEFORE = r"(?:starte|start|öffne|öffnen|beginne|aktiviere|spiele|spiel|lade)"
_LAUNCH_VERBS_AFTER = r"(?:starten|öffnen|beginnen|aktivieren|spielen|laden)"
_ARTICLE = r"(?:(?:die|den|das|der|mein|meine)\s+)?"
_ONE_SHOT_CONNECTORS = ("nach", "ob", "dass", "um")


class Resolver:
    """Resolves typed utterances with the sentence templates of one locale (loaded once)."""

    def __init__(
        self,
        locale: str = DEFAULT_LOCALE,
        root: Path | None = None,
        *,
        skill_id: str = DEFAULT_SKILL_ID,
    ) -> None:
        try:
            self.grammar: Grammar = load_grammar(locale, root)
        except GrammarError as error:
            raise ModelError(str(error)) from error
        self.locale = locale
        self.skill_id = skill_id
        self.invocation_name = normalise(self.grammar.alexa.invocation_name)
        language_model = build_model(self.grammar)["interactionModel"]["languageModel"]
        # intent -> {slot: type}, and slot type -> {value id: canonical name}, as the model has
        self.intent_slots = {
            intent["name"]: {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            for intent in language_model["intents"]
        }
        self._canonical = {
            slot_type["name"]: {v["id"]: v["name"]["value"] for v in slot_type["values"]}
            for slot_type in language_model["types"]
        }
        self._launch_patterns, self._one_shot_patterns = self._invocation_patterns()

    def _invocation_patterns(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        name = re.escape(self.invocation_name)
        launch = [
            re.compile(rf"(?:bitte\s+)?{_LAUNCH_VERBS_BEFORE}\s+{_ARTICLE}{name}(?:\s+bitte)?"),
            re.compile(rf"(?:bitte\s+)?{_ARTICLE}{name}\s+{_LAUNCH_VERBS_AFTER}(?:\s+bitte)?"),
        ]
        one_shot = [
            re.compile(rf"(?:frage|frag|sage|sag|bitte|bitt)\s+{name}\s+(?P<rest>.+)"),
            re.compile(rf"(?:starte|öffne)\s+{_ARTICLE}{name}\s+und\s+(?P<rest>.+)"),
        ]
        return launch, one_shot

    # -- resolving -------------------------------------------------------------------------

    def resolve(self, utterance: str, *, in_session: bool = False) -> Resolution:
        """Resolve one utterance.

        ``in_session``: a session is open, so speech without the wake word goes to the skill
        first: "Rückenmassage starten" is then the BeginMassageIntent sample it also is, not a
        new launch ("Alexa, starte Rückenmassage" still launches).
        """
        text, addressed = _strip_wake_word(normalise(utterance))
        for pattern in self._one_shot_patterns:
            match = pattern.fullmatch(text)
            if match:
                return self._resolve_one_shot(match.group("rest"))
        if any(p.fullmatch(text) for p in self._launch_patterns):
            if in_session and not addressed:
                in_skill = self.match_intent(text)
                if in_skill is not None:
                    return in_skill
            return Resolution(kind="launch", new_session=True, text=text)
        resolution = self.match_intent(text)
        return resolution if resolution is not None else self._fallback(text)

    def _resolve_one_shot(self, rest: str) -> Resolution:
        """A one-shot's rest ("nach tipps"), tried as is and without its connector ("tipps")."""
        candidates = [rest]
        first, _, remainder = rest.partition(" ")
        if first in _ONE_SHOT_CONNECTORS and remainder:
            candidates.append(remainder)
        for candidate in candidates:
            resolution = self.match_intent(candidate)
            if resolution is not None:
                return replace(resolution, new_session=True)
        return replace(self._fallback(rest), new_session=True)

    def match_intent(self, text: str) -> Resolution | None:
        """The intent the templates give ``text``, with its slots; None if none fits.

        Of several readings the one with most literal words wins (as the model test picks the
        sample with most literal characters); a duration that is no duration is no reading.
        """
        readings = self._readings(text)
        if not readings:
            return None
        name, slots, _ = min(readings, key=lambda reading: (-reading[2], reading[0]))
        return Resolution(kind="intent", intent=name, slots=self._slots(name, slots), text=text)

    def _readings(self, text: str) -> list[tuple[str, dict[str, dict[str, Any]], int]]:
        """(intent as the model names it, slot JSON, literal characters) per hassil reading.

        A built-in intent read with slots is its phrases intent, as in the model
        (``skill.nlu.model``); literal characters are those not inside a slot.
        """
        readings = []
        for result in recognize_all(text, self.grammar.intents, language="de"):
            if not _whole_words(text, result):
                continue
            slots = self._slot_json(result)
            if slots is None:
                continue
            name = result.intent.name
            if slots and name.startswith(BUILT_IN_PREFIX):
                name = phrases_intent(name)
            in_slots = sum(
                len(str(entity.text).replace(" ", "")) for entity in result.entities_list
            )
            readings.append((name, slots, len(text.replace(" ", "")) - in_slots))
        return readings

    def _slot_json(self, result: RecognizeResult) -> dict[str, dict[str, Any]] | None:
        filled: dict[str, dict[str, Any]] = {}
        for name, entity in result.entities.items():
            kind = self.grammar.slot_type(name)
            if kind == "AMAZON.NUMBER":
                filled[name] = _simple_slot(name, str(int(float(entity.value))))
            elif kind == "AMAZON.DURATION":
                iso = duration_iso(" ".join(str(entity.text).split()))
                if iso is None:
                    return None
                filled[name] = _simple_slot(name, iso)
            elif kind == "AMAZON.TIME":
                time = parse_time(" ".join(str(entity.text).split()))
                if time is None:
                    return None
                filled[name] = _simple_slot(name, time)
            else:
                filled[name] = self._resolved_slot(name, kind, str(entity.value), entity.text)
        return filled

    def _resolved_slot(self, name: str, kind: str, value_id: str, spoken: str) -> dict[str, Any]:
        resolutions = {
            "resolutionsPerAuthority": [
                {
                    "authority": f"amzn1.er-authority.echo-sdk.{self.skill_id}.{kind}",
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [
                        {
                            "value": {
                                "name": self._canonical[kind].get(value_id, value_id),
                                "id": value_id,
                            }
                        }
                    ],
                }
            ]
        }
        slot_json = _simple_slot(name, " ".join(str(spoken).split()))
        slot_json["resolutions"] = resolutions
        slot_json["slotValue"]["resolutions"] = resolutions
        return slot_json

    def _slots(self, intent: str, filled: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Every declared slot, as Alexa lists them: filled ones, the rest without value."""
        return {
            name: filled.get(name, {"name": name, "confirmationStatus": "NONE"})
            for name in self.intent_slots.get(intent, {})
        }

    def _fallback(self, text: str) -> Resolution:
        return Resolution(kind="intent", intent=FALLBACK_INTENT, slots={}, text=text)


def _whole_words(text: str, result: RecognizeResult) -> bool:
    """Whether each slot value of a reading is made of whole words of ``text``. hassil also
    reads a list value inside a word ("kurz" + "version" in "kurzversion"); the interaction
    model, and Alexa, fill slots with whole words only."""
    padded = f" {text} "
    return all(
        f" {' '.join(str(entity.text).split())} " in padded for entity in result.entities_list
    )


def _simple_slot(name: str, value: str) -> dict[str, Any]:
    return {
        "name": name,
        "value": value,
        "confirmationStatus": "NONE",
        "source": "USER",
        "slotValue": {"type": "Simple", "value": value},
    }
