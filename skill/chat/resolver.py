"""Resolve one typed German utterance to a launch or an intent, roughly as an Echo would.

The interaction model (``interaction_models/de-DE.json``) is the only source of intents and
samples: every sample becomes a full-match regular expression in which ``{slot}`` matches that
slot's values. Custom slot values resolve to their id and canonical name (Alexa's entity
resolution), ``AMAZON.NUMBER`` accepts digits or German number words ("vier", "fünfundvierzig")
and ``AMAZON.DURATION`` phrases such as "einer halben Minute" (value ``PT30S``).

This is a simulator, not Alexa's NLU: it matches whole samples only, so an utterance that is
not (nearly) a sample resolves to ``AMAZON.FallbackIntent``, as an unmatched one does on a
device.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from text_to_num import text2num

import skill
from skill.chat.envelopes import DEFAULT_APPLICATION_ID
from skill.chat.spoken_time import parse_time, time_regex

FALLBACK_INTENT = "AMAZON.FallbackIntent"
DEFAULT_LOCALE = "de-DE"
# Entity-resolution authorities name the skill; the chat simulator has no real skill id.
DEFAULT_SKILL_ID = DEFAULT_APPLICATION_ID
BUILTIN_PHRASES_PATH = Path(__file__).with_name("builtin_phrases.json")


def interaction_models_dir() -> Path:
    """``interaction_models/`` at the repository root (next to the ``skill`` package)."""
    return Path(skill.__file__).resolve().parent.parent / "interaction_models"


def default_model_path(locale: str = DEFAULT_LOCALE) -> Path:
    return interaction_models_dir() / f"{locale}.json"


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
    # For ``--verbose`` and tests: the normalised text and the sample that matched it.
    text: str = ""
    sample: str | None = None


# --------------------------------------------------------------------------------------------
# Normalisation


_DECIMAL_COMMA = re.compile(r"(?<=\d)[.,](?=\d)")
_PUNCTUATION = re.compile(r"[^\w\s\x00]|_")


def normalise(text: str) -> str:
    """Lowercase, punctuation (including „“ and hyphens) to spaces, whitespace collapsed.

    A decimal separator between digits survives as "." ("1,5 Minuten" -> "1.5 minuten"), so
    durations keep their fraction; an ordinal's dot ("4.") goes.
    """
    text = _DECIMAL_COMMA.sub("\x00", text.lower())
    text = _PUNCTUATION.sub(" ", text).replace("\x00", ".")
    return " ".join(text.split())


def _strip_wake_word(text: str) -> tuple[str, bool]:
    """Drop a leading "alexa"; report whether it was there (an utterance addressed to Alexa)."""
    if text == "alexa":
        return "", True
    if text.startswith("alexa "):
        return text[len("alexa ") :], True
    return text, False


def _bitte_variants(text: str) -> list[str]:
    """The text, then without a leading and/or trailing "bitte" (tried only if needed)."""
    variants = [text]
    words = text.split()
    lead = words[1:] if words[:1] == ["bitte"] else words
    trail = words[:-1] if words[-1:] == ["bitte"] else words
    both = lead[:-1] if lead[-1:] == ["bitte"] else lead
    for candidate in (lead, trail, both):
        joined = " ".join(candidate)
        if joined and joined not in variants:
            variants.append(joined)
    return variants


# --------------------------------------------------------------------------------------------
# Numbers and durations


_DIGITS = ["ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
_UNITS = r"(?:eins|eine|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|null)"
_TEENS = r"(?:zehn|elf|zwölf|dreizehn|vierzehn|fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn)"
_TENS = r"(?:zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)"
_DIGIT_PREFIX = "(?:" + "|".join(_DIGITS) + ")"
_BELOW_100 = rf"(?:(?:{_DIGIT_PREFIX}und)?{_TENS}|{_TEENS}|{_UNITS})"
_BELOW_1000 = rf"(?:{_DIGIT_PREFIX}?hundert(?:und)?(?:{_BELOW_100})?|{_BELOW_100})"
# German number words up to 999999 as one token; the shape is checked here so the regex of a
# sample cannot match a non-number, and text2num computes the value.
NUMBER_WORD = rf"(?:(?:{_BELOW_1000})?tausend(?:und)?(?:{_BELOW_1000})?|{_BELOW_1000})"
NUMBER = rf"(?:\d+|{NUMBER_WORD})"
_NUMBER_WORD_RE = re.compile(NUMBER_WORD)

# "ein"/"eins" parse with text2num; these article forms mean 1 as well ("einer Minute").
_ONE = {"eine", "einer", "einen", "einem", "eins", "ein"}


def parse_number(token: str) -> int | None:
    """Digits or one German number word -> int; anything else -> None."""
    if token.isdigit():
        return int(token)
    if token in _ONE:
        return 1
    if not _NUMBER_WORD_RE.fullmatch(token):
        return None
    try:
        return int(text2num(token, "de"))
    except ValueError:
        return None


_UNIT_SECONDS: dict[str, int] = {
    "sekunde": 1,
    "sekunden": 1,
    "sek": 1,
    "minute": 60,
    "minuten": 60,
    "min": 60,
    "stunde": 3600,
    "stunden": 3600,
    "std": 3600,
}
_FRACTION_WORDS: dict[str, Fraction] = {
    "halbe": Fraction(1, 2),
    "halben": Fraction(1, 2),
    "halber": Fraction(1, 2),
    "viertel": Fraction(1, 4),
    "dreiviertel": Fraction(3, 4),
}
# Nouns that carry their own amount.
_COMPOUND_UNITS: dict[str, Fraction] = {
    "viertelstunde": Fraction(900),
    "dreiviertelstunde": Fraction(2700),
}
_HALF_WORDS: dict[str, Fraction] = {"anderthalb": Fraction(3, 2), "eineinhalb": Fraction(3, 2)}


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# One token; ``parse_duration`` rejects words that are no quantity. (Spelling out the number
# grammar here, as ``NUMBER`` does, made every duration sample slow to compile.)
_QUANTITY = r"(?:\d+(?:\.\d+)?|[^\W\d_]+)"
_UNIT = _alternation(list(_UNIT_SECONDS))
_FRACTION = _alternation(list(_FRACTION_WORDS))
_COMPOUND = _alternation(list(_COMPOUND_UNITS))
_DURATION_PART = (
    rf"(?:(?:{_QUANTITY}\s+)?{_FRACTION}\s+{_UNIT}"
    rf"|{_QUANTITY}\s+{_UNIT}"
    rf"|(?:eine[rnm]?\s+)?{_COMPOUND})"
)
DURATION = rf"(?:{_DURATION_PART}(?:\s+(?:und\s+)?{_DURATION_PART})*)"


def _parse_quantity(token: str) -> Fraction | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return Fraction(token)
    if token in _HALF_WORDS:
        return _HALF_WORDS[token]
    if token.endswith("einhalb"):  # "zweieinhalb" = 2.5
        whole = parse_number(token[: -len("einhalb")])
        return None if whole is None else whole + Fraction(1, 2)
    number = parse_number(token)
    return None if number is None else Fraction(number)


def parse_duration(text: str) -> str | None:
    """A spoken German duration -> ISO 8601 ("zwei minuten" -> "PT2M"); None if unreadable.

    Like Alexa, the value keeps the unit that was spoken ("90 sekunden" -> "PT90S"); fractions
    spill into the next smaller unit ("anderthalb minuten" -> "PT1M30S").
    """
    tokens = text.split()
    seconds_per_unit = {3600: Fraction(0), 60: Fraction(0), 1: Fraction(0)}
    i = 0
    while i < len(tokens):
        if tokens[i] == "und" and i > 0:
            i += 1
            continue
        if tokens[i] in _ONE and i + 1 < len(tokens) and tokens[i + 1] in _COMPOUND_UNITS:
            i += 1  # "eine viertelstunde"
        if tokens[i] in _COMPOUND_UNITS:
            seconds_per_unit[60] += _COMPOUND_UNITS[tokens[i]] / 60
            i += 1
            continue
        amount: Fraction | None = Fraction(1)
        if tokens[i] not in _FRACTION_WORDS:
            amount = _parse_quantity(tokens[i])
            i += 1
        if amount is None or i >= len(tokens):
            return None
        if tokens[i] in _FRACTION_WORDS:  # "einer halben minute"
            amount *= _FRACTION_WORDS[tokens[i]]
            i += 1
        if i >= len(tokens) or tokens[i] not in _UNIT_SECONDS:
            return None
        seconds_per_unit[_UNIT_SECONDS[tokens[i]]] += amount
        i += 1
    return _iso_duration(seconds_per_unit)


def _iso_duration(amounts: dict[int, Fraction]) -> str:
    hours, minutes, seconds = amounts[3600], amounts[60], amounts[1]
    minutes += (hours - int(hours)) * 60
    seconds += (minutes - int(minutes)) * 60
    parts = [(int(hours), "H"), (int(minutes), "M")]
    text = "".join(f"{value}{unit}" for value, unit in parts if value)
    if seconds:
        shown = str(int(seconds)) if seconds.denominator == 1 else f"{float(seconds):g}"
        text += f"{shown}S"
    return "PT" + (text or "0S")


# --------------------------------------------------------------------------------------------
# Samples


@dataclass(frozen=True)
class _SlotSpec:
    name: str
    type: str


@dataclass(frozen=True)
class _Sample:
    intent: str
    text: str
    pattern: re.Pattern[str]
    literal_chars: int
    groups: dict[str, _SlotSpec]  # regex group name -> slot


@dataclass
class _SlotType:
    """A custom slot type: normalised spoken form -> (id, canonical name)."""

    name: str
    forms: dict[str, tuple[str, str]]

    def regex(self) -> str:
        return _alternation(list(self.forms)) if self.forms else r"(?!)"


def _load_slot_types(language_model: dict[str, Any]) -> dict[str, _SlotType]:
    types: dict[str, _SlotType] = {}
    for slot_type in language_model.get("types", []):
        forms: dict[str, tuple[str, str]] = {}
        for value in slot_type.get("values", []):
            canonical = value["name"]["value"]
            # Without an id Alexa makes one up; the canonical name is a readable stand-in.
            value_id = value.get("id") or canonical
            for spoken in [canonical, *value["name"].get("synonyms", [])]:
                forms.setdefault(normalise(spoken), (value_id, canonical))
        types[slot_type["name"]] = _SlotType(slot_type["name"], forms)
    return types


_SLOT_REFERENCE = re.compile(r"\{(\w+)\}")


class ModelError(ValueError):
    """The interaction model cannot be read or names an undeclared slot."""


def _compile_sample(
    intent: str,
    sample: str,
    slots: dict[str, _SlotSpec],
    slot_types: dict[str, _SlotType],
) -> _Sample:
    pieces: list[str] = []
    groups: dict[str, _SlotSpec] = {}
    literal_chars = 0
    for index, piece in enumerate(_SLOT_REFERENCE.split(sample)):
        if index % 2 == 0:  # literal text between slot references
            literal = normalise(piece)
            if literal:
                pieces.append(re.escape(literal))
                literal_chars += len(literal.replace(" ", ""))
            continue
        if piece not in slots:
            raise ModelError(f"{intent}: sample {sample!r} uses undeclared slot {{{piece}}}")
        group = f"s{len(groups)}"
        groups[group] = slots[piece]
        pieces.append(f"(?P<{group}>{_slot_regex(slots[piece].type, slot_types)})")
    pattern = re.compile(r"\s+".join(pieces))
    return _Sample(intent, sample, pattern, literal_chars, groups)


def _slot_regex(type_name: str, slot_types: dict[str, _SlotType]) -> str:
    if type_name == "AMAZON.NUMBER":
        return NUMBER
    if type_name == "AMAZON.DURATION":
        return DURATION
    if type_name == "AMAZON.TIME":
        return time_regex(NUMBER)
    if type_name in slot_types:
        return slot_types[type_name].regex()
    # Other built-in types (names, search queries ...): any words, taken as spoken.
    return r".+?"


# --------------------------------------------------------------------------------------------
# The resolver


_LAUNCH_VERBS_BEFORE = r"(?:starte|start|öffne|öffnen|beginne|aktiviere|spiele|spiel|lade)"
_LAUNCH_VERBS_AFTER = r"(?:starten|öffnen|beginnen|aktivieren|spielen|laden)"
_ARTICLE = r"(?:(?:die|den|das|der|mein|meine)\s+)?"
_ONE_SHOT_CONNECTORS = ("nach", "ob", "dass", "um")


class Resolver:
    """Resolves typed utterances against one interaction model (loaded once)."""

    def __init__(self, model_path: Path | None = None, *, skill_id: str = DEFAULT_SKILL_ID):
        self.model_path = default_model_path() if model_path is None else Path(model_path)
        self.skill_id = skill_id
        language_model = self._read_model(self.model_path)
        self.invocation_name = normalise(language_model.get("invocationName", ""))
        self.slot_types = _load_slot_types(language_model)
        self.intent_slots: dict[str, dict[str, _SlotSpec]] = {}
        self.samples: list[_Sample] = []
        for intent in language_model.get("intents", []):
            slots = {s["name"]: _SlotSpec(s["name"], s["type"]) for s in intent.get("slots", [])}
            self.intent_slots[intent["name"]] = slots
            for sample in intent.get("samples", []):
                self.samples.append(_compile_sample(intent["name"], sample, slots, self.slot_types))
        self.builtin_phrases = self._load_builtin_phrases()
        self._launch_patterns, self._one_shot_patterns = self._invocation_patterns()

    # -- loading ---------------------------------------------------------------------------

    @staticmethod
    def _read_model(path: Path) -> dict[str, Any]:
        try:
            model = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise ModelError(f"interaction model not found: {path}") from error
        except (OSError, json.JSONDecodeError) as error:
            raise ModelError(f"cannot read interaction model {path}: {error}") from error
        try:
            return model["interactionModel"]["languageModel"]
        except (KeyError, TypeError) as error:
            raise ModelError(f"{path}: no interactionModel.languageModel") from error

    def _load_builtin_phrases(self) -> dict[str, str]:
        """Normalised phrase -> built-in intent, for intents this model declares.

        Intents the model does not declare never reach the skill on a device either.
        """
        table = json.loads(BUILTIN_PHRASES_PATH.read_text(encoding="utf-8"))
        phrases: dict[str, str] = {}
        for intent, spoken in table.items():
            if intent.startswith("_") or intent not in self.intent_slots:
                continue
            for phrase in spoken:
                phrases.setdefault(normalise(phrase), intent)
        return phrases

    def _invocation_patterns(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        if not self.invocation_name:
            return [], []
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
                resolution = self._resolve_one_shot(match.group("rest"))
                if resolution is not None:
                    return resolution
        if any(p.fullmatch(text) for p in self._launch_patterns):
            if in_session and not addressed:
                in_skill = self._match_intent(text)
                if in_skill is not None:
                    return in_skill
            return Resolution(kind="launch", new_session=True, text=text)
        resolution = self._match_intent(text)
        return resolution if resolution is not None else self._fallback(text)

    def _resolve_one_shot(self, rest: str) -> Resolution | None:
        """A one-shot's rest ("nach tipps"), tried as is and without its connector ("tipps")."""
        candidates = [rest]
        first, _, remainder = rest.partition(" ")
        if first in _ONE_SHOT_CONNECTORS and remainder:
            candidates.append(remainder)
        for candidate in candidates:
            resolution = self._match_intent(candidate)
            if resolution is not None:
                return replace(resolution, new_session=True)
        return replace(self._fallback(rest), new_session=True)

    def _match_intent(self, text: str) -> Resolution | None:
        """The best model sample for ``text`` (then the built-in phrase table), or None."""
        for variant in _bitte_variants(text) if text else []:
            best = self._best_sample(variant)
            if best is not None:
                return best
        for variant in _bitte_variants(text) if text else []:
            intent = self.builtin_phrases.get(variant)
            if intent is not None:
                return Resolution(
                    kind="intent", intent=intent, slots=self._slots(intent, {}), text=variant
                )
        return None

    def _best_sample(self, text: str) -> Resolution | None:
        """The matching sample with the most literal characters (the first one on a tie)."""
        best: tuple[_Sample, dict[str, dict[str, Any]]] | None = None
        for sample in self.samples:
            if best is not None and sample.literal_chars <= best[0].literal_chars:
                continue
            match = sample.pattern.fullmatch(text)
            if match is None:
                continue
            filled = self._fill_slots(sample, match)
            if filled is not None:
                best = (sample, filled)
        if best is None:
            return None
        sample, filled = best
        return Resolution(
            kind="intent",
            intent=sample.intent,
            slots=self._slots(sample.intent, filled),
            text=text,
            sample=sample.text,
        )

    def _fill_slots(
        self, sample: _Sample, match: re.Match[str]
    ) -> dict[str, dict[str, Any]] | None:
        """Slot JSON for each matched group; None if a value does not convert."""
        filled: dict[str, dict[str, Any]] = {}
        for group, spec in sample.groups.items():
            slot_json = self._slot_json(spec, match.group(group))
            if slot_json is None:
                return None
            filled[spec.name] = slot_json
        return filled

    def _slot_json(self, spec: _SlotSpec, spoken: str) -> dict[str, Any] | None:
        if spec.type == "AMAZON.NUMBER":
            number = parse_number(spoken)
            return None if number is None else _simple_slot(spec.name, str(number))
        if spec.type == "AMAZON.DURATION":
            duration = parse_duration(spoken)
            return None if duration is None else _simple_slot(spec.name, duration)
        if spec.type == "AMAZON.TIME":
            time = parse_time(spoken, parse_number)
            return None if time is None else _simple_slot(spec.name, time)
        slot_type = self.slot_types.get(spec.type)
        if slot_type is None:
            return _simple_slot(spec.name, spoken)
        value_id, canonical = slot_type.forms[spoken]
        resolutions = {
            "resolutionsPerAuthority": [
                {
                    "authority": f"amzn1.er-authority.echo-sdk.{self.skill_id}.{spec.type}",
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [{"value": {"name": canonical, "id": value_id}}],
                }
            ]
        }
        slot_json = _simple_slot(spec.name, spoken)
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


def _simple_slot(name: str, value: str) -> dict[str, Any]:
    return {
        "name": name,
        "value": value,
        "confirmationStatus": "NONE",
        "source": "USER",
        "slotValue": {"type": "Simple", "value": value},
    }
