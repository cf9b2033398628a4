"""The interaction models and the manifest agree with the code and with ASK's rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from model_matcher import ModelMatcher

from skill import intents
from skill.content import LOCALES, load_content
from skill.handlers import handled_intents
from skill.intents import built_in_of

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "interaction_models"


def load(locale: str = "de-DE") -> dict:
    return json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def language_model() -> dict:
    return load()["interactionModel"]["languageModel"]


def custom_intent_names() -> set[str]:
    return {
        value
        for name, value in vars(intents).items()
        if name.isupper()
        and isinstance(value, str)
        and value.endswith("Intent")
        and not value.startswith("AMAZON.")
        and value != intents.PHRASES_SUFFIX
    }


def test_invocation_name(language_model) -> None:
    name = language_model["invocationName"]
    assert name == "rückenmassage"
    assert name == name.lower() and " " not in name


def test_every_model_intent_has_a_handler_and_back(language_model) -> None:
    in_model = {built_in_of(intent["name"]) for intent in language_model["intents"]}
    assert in_model == handled_intents(load_content())


def test_custom_intents_are_the_codes_and_the_contents(language_model) -> None:
    names = {built_in_of(intent["name"]) for intent in language_model["intents"]}
    custom = {name for name in names if not name.startswith("AMAZON.")}
    assert custom == custom_intent_names() | set(load_content().faq_intents)


@pytest.mark.parametrize(
    ("phrase", "intent"),
    [
        ("weiter", intents.NEXT),
        ("nächster schritt", intents.NEXT),
        ("ja", intents.YES),
        ("nein", intents.NO),
        ("stopp", intents.STOP),
        ("hilfe", intents.HELP),
        ("nochmal", intents.REPEAT),
        ("weitermachen", intents.RESUME),
        ("von vorn", intents.START_OVER),
        ("halt", intents.PAUSE),
        ("warte mal", intents.PAUSE),
        ("das tut weh", intents.PAIN),
        ("danke", intents.THANKS),
    ],
)
def test_phrases_the_skill_relies_on_are_listed(language_model, phrase: str, intent: str) -> None:
    matcher = ModelMatcher({"interactionModel": {"languageModel": language_model}})
    assert {built_in_of(match.intent) for match in matcher.matches(phrase)} == {intent}


def test_slot_types_match_what_the_code_reads(language_model) -> None:
    types = {t["name"]: t["values"] for t in language_model["types"]}
    ids = {name: {value["id"] for value in values} for name, values in types.items()}
    content = load_content()
    assert ids["StepOrdinal"] == {str(n) for n in range(1, 11)} | {intents.LAST_STEP}
    assert ids["PracticeDirection"] == {"longer", "shorter", "default"}
    assert ids["TipTopic"] == {tip.id for tip in content.tips}
    assert ids["StepName"] == {step.id for step in content.steps}
    assert ids["HealthCondition"] == {c.id for faq in content.faq.values() for c in faq.conditions}
    for values in types.values():
        for value in values:
            assert value["name"]["value"].strip()
            assert len(set(value["name"].get("synonyms", []))) == len(
                value["name"].get("synonyms", [])
            )


def test_every_locale_has_the_same_model() -> None:
    files = sorted(MODELS.glob("*.json"))
    assert {path.stem for path in files} == set(LOCALES)
    reference = (MODELS / "de-DE.json").read_bytes()
    for path in files:
        assert path.read_bytes() == reference, path.name


def test_manifest_covers_the_locales_with_a_medical_disclaimer() -> None:
    manifest = json.loads((ROOT / "skill.json").read_text(encoding="utf-8"))["manifest"]
    locales = manifest["publishingInformation"]["locales"]
    assert set(locales) == set(LOCALES)
    for locale in locales.values():
        assert "ersetzt keine ärztliche Beratung" in locale["description"]
        assert locale["name"] == "Rückenmassage"
        assert any("Rückenmassage" in phrase for phrase in locale["examplePhrases"])
    events = {e["eventName"] for e in manifest["events"]["subscriptions"]}
    assert "SKILL_DISABLED" in events
