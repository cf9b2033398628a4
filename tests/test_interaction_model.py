"""The interaction models and the manifest agree with the code and with ASK's rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from skill import intents
from skill.content import LOCALES, load_content
from skill.handlers import handled_intents

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "interaction_models"
BUILT_IN_SLOT_TYPES = {"AMAZON.NUMBER", "AMAZON.DURATION", "AMAZON.TIME"}
SAMPLE_CHARS = re.compile(r"^[a-zäöüß' {}.]+$")
SLOT_REF = re.compile(r"{(\w+)}")


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
    }


def test_invocation_name(language_model) -> None:
    name = language_model["invocationName"]
    assert name == "rückenmassage"
    assert name == name.lower() and " " not in name


def test_every_model_intent_has_a_handler_and_back(language_model) -> None:
    in_model = {intent["name"] for intent in language_model["intents"]}
    assert in_model == handled_intents(load_content())


def test_custom_intents_have_25_varied_samples(language_model) -> None:
    for intent in language_model["intents"]:
        if intent["name"].startswith("AMAZON."):
            continue
        samples = intent["samples"]
        assert len(samples) >= 25, intent["name"]
        lengths = {len(sample.split()) for sample in samples}
        assert min(lengths) <= 3 and max(lengths) >= 6, f"{intent['name']}: short and long"
    assert {
        i["name"] for i in language_model["intents"] if not i["name"].startswith("AMAZON.")
    } == custom_intent_names() | set(load_content().faq_intents)


def test_built_in_intents_we_rely_on_have_german_samples(language_model) -> None:
    samples = {intent["name"]: intent.get("samples", []) for intent in language_model["intents"]}
    for name, phrase in [
        (intents.NEXT, "weiter"),
        (intents.NEXT, "nächster schritt"),
        (intents.YES, "ja"),
        (intents.NO, "nein"),
        (intents.STOP, "stopp"),
        (intents.HELP, "hilfe"),
        (intents.REPEAT, "nochmal"),
        (intents.RESUME, "weitermachen"),
        (intents.START_OVER, "von vorn"),
    ]:
        assert phrase in samples[name], (name, phrase)


def test_no_sample_is_shared_by_two_intents(language_model) -> None:
    owner: dict[str, str] = {}
    for intent in language_model["intents"]:
        for sample in intent.get("samples", []):
            key = " ".join(sample.lower().split())
            assert key not in owner, f"{sample!r} in {owner.get(key)} and {intent['name']}"
            owner[key] = intent["name"]


def test_samples_follow_ask_rules_and_use_declared_slots(language_model) -> None:
    types = {slot_type["name"] for slot_type in language_model["types"]}
    for intent in language_model["intents"]:
        declared = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for slot_type in declared.values():
            assert slot_type in types or slot_type in BUILT_IN_SLOT_TYPES, slot_type
        used = set()
        for sample in intent.get("samples", []):
            assert SAMPLE_CHARS.match(SLOT_REF.sub("{}", sample)), f"{intent['name']}: {sample!r}"
            refs = SLOT_REF.findall(sample)
            assert set(refs) <= set(declared), f"{intent['name']}: {sample!r}"
            used.update(refs)
        assert used == set(declared), f"{intent['name']}: declared slots never used"


def test_slot_types_match_what_the_code_reads(language_model) -> None:
    types = {t["name"]: t["values"] for t in language_model["types"]}
    ids = {name: {value["id"] for value in values} for name, values in types.items()}
    assert ids["StepOrdinal"] == {str(n) for n in range(1, 11)} | {"last"}
    assert ids["PracticeDirection"] == {"longer", "shorter", "default"}
    assert ids["TipTopic"] == {tip.id for tip in load_content().tips}
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
