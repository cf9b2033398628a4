"""Load the sentence templates of one locale into a hassil ``Intents`` (``Grammar``).

Sources, merged in this order:

- ``sentences/_common.yaml`` and every other ``sentences/*.yaml``: rules, lists and intents in
  Home Assistant's template syntax (one intent may live in one file only);
- ``sentences/_alexa.yaml``: how the lists become Alexa slot types, the invocation name, the
  fallback sensitivity (not a hassil file);
- the content: each FAQ's ``sentences`` become its intent, and the step ``names``, the tip
  ``names`` and the FAQ ``conditions`` become the lists ``stepName``, ``tipTopic`` and
  ``condition`` — so a new FAQ, tip or step name is a change to data alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hassil import Intents, TextSlotList
from hassil.errors import MissingListError, MissingRuleError
from hassil.util import merge_dict

from skill.content import LOCALE_DIR, Content, content_folder, load_content
from skill.nlu.expand import Sample, expand_intent

ALEXA_FILE = "_alexa.yaml"
SENTENCES_DIR = "sentences"


class GrammarError(ValueError):
    """The templates cannot be read, or do not fit together; the message says where."""


@dataclass(frozen=True)
class AlexaSettings:
    invocation_name: str
    fallback_intent_sensitivity: str
    slot_types: dict[str, str]  # list name -> Alexa slot type


@dataclass(frozen=True)
class Grammar:
    intents: Intents
    alexa: AlexaSettings
    content: Content
    samples: dict[str, tuple[Sample, ...]]  # intent -> its expanded samples, sorted

    def slot_type(self, list_name: str) -> str:
        return slot_type_of(list_name, self.alexa)

    def slots_of(self, intent: str) -> dict[str, str]:
        """The slots an intent's samples use: slot name -> Alexa slot type, sorted."""
        names = {slot for sample in self.samples[intent] for slot in sample.slots}
        return {name: self.slot_type(name) for name in sorted(names)}


def slot_type_of(list_name: str, alexa: AlexaSettings) -> str:
    """The Alexa slot type of a list: as _alexa.yaml names it, else the list's name in
    CamelCase ("painVerb" -> "PainVerb"), so a new list needs no entry there."""
    return alexa.slot_types.get(list_name) or list_name[:1].upper() + list_name[1:]


def sentences_folder(locale: str, root: Path | None = None) -> Path:
    return (LOCALE_DIR if root is None else root) / content_folder(locale) / SENTENCES_DIR


def load_grammar(locale: str = "de-DE", root: Path | None = None) -> Grammar:
    """The templates of ``locale`` (under ``root``, default the package's locale folder)."""
    content = load_content(locale, root)
    folder = sentences_folder(locale, root)
    if not folder.is_dir():
        raise GrammarError(f"{folder}: sentence folder missing")
    merged: dict[str, Any] = {"intents": {}, "lists": {}, "expansion_rules": {}}
    owner: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == ALEXA_FILE:
            continue
        data = _read_yaml(path)
        for intent in data.get("intents") or {}:
            if intent in owner:
                raise GrammarError(f"{path.name}: intent {intent} is also in {owner[intent]}")
            owner[intent] = path.name
        merge_dict(merged, data)
    for faq in content.faq.values():
        if faq.intent in owner:
            where = f"faq.toml {faq.id}"
            raise GrammarError(f"{where}: intent {faq.intent} is also in {owner[faq.intent]}")
        merged["intents"][faq.intent] = {"data": [{"sentences": list(faq.sentences)}]}
    merged["lists"].update(_content_lists(content))
    merged.setdefault("language", "de")
    try:
        intents = Intents.from_dict(merged)
    except Exception as error:  # hassil raises assorted parse errors
        raise GrammarError(f"{folder}: {type(error).__name__}: {error}") from error
    alexa = _alexa_settings(folder / ALEXA_FILE)
    return Grammar(intents, alexa, content, _expand(intents, alexa))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GrammarError(f"{path}: {error}") from error
    if not isinstance(data, dict):
        raise GrammarError(f"{path}: must be a mapping")
    return data


def _values(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """A hassil text list: spoken form in, id out (lowercase, as the templates are)."""
    return {"values": [{"in": spoken.lower(), "out": value_id} for spoken, value_id in pairs]}


def _content_lists(content: Content) -> dict[str, dict[str, Any]]:
    conditions = [c for faq in content.faq.values() for c in faq.conditions]
    lists = {
        "stepName": [(name, step.id) for step in content.steps for name in step.names],
        "tipTopic": [(name, tip.id) for tip in content.tips for name in tip.names],
        "condition": [(name, c.id) for c in conditions for name in c.names],
    }
    return {name: _values(pairs) for name, pairs in lists.items() if pairs}


def _alexa_settings(path: Path) -> AlexaSettings:
    data = _read_yaml(path)
    try:
        settings = AlexaSettings(
            invocation_name=str(data["invocation_name"]),
            fallback_intent_sensitivity=str(data["fallback_intent_sensitivity"]),
            slot_types={str(k): str(v) for k, v in dict(data["slot_types"]).items()},
        )
    except (KeyError, TypeError, ValueError) as error:
        raise GrammarError(
            f"{path}: needs invocation_name, fallback_intent_sensitivity, slot_types ({error})"
        ) from error
    if settings.fallback_intent_sensitivity not in ("LOW", "MEDIUM", "HIGH"):
        raise GrammarError(f"{path}: fallback_intent_sensitivity must be LOW, MEDIUM or HIGH")
    return settings


def _expand(intents: Intents, alexa: AlexaSettings) -> dict[str, tuple[Sample, ...]]:
    """Every intent's samples; a rule or list a template uses but nobody defines, or a list
    without an Alexa slot type, is a GrammarError."""
    samples: dict[str, tuple[Sample, ...]] = {}
    for intent in sorted(intents.intents):
        try:
            samples[intent] = tuple(expand_intent(intents, intent))
        except (MissingListError, MissingRuleError) as error:
            raise GrammarError(f"intent {intent}: {error}") from error
        for sample in samples[intent]:
            for slot in sample.slots:
                if slot not in intents.slot_lists:
                    raise GrammarError(f"intent {intent}: list {{{slot}}} is not defined")
    for name, slot_list in intents.slot_lists.items():
        if isinstance(slot_list, TextSlotList) and not slot_list.values:
            raise GrammarError(f"list {{{name}}} has no values")
    return samples
