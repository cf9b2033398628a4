"""`rueckenmassage model build`: the interaction models come from the templates, keep Alexa's
rules, and a new FAQ is a change to data alone."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from skill_checks import speech_of

from skill import content as content_module
from skill.builder import build_skill_builder
from skill.chat import envelopes as env
from skill.chat.resolver import Resolver
from skill.content import LOCALE_DIR, LOCALES, load_content
from skill.handlers import base as handlers_base
from skill.nlu import rules
from skill.nlu.command import built_models
from skill.nlu.grammar import GrammarError, load_grammar
from skill.nlu.model import build_model, model_json
from skill.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "interaction_models"


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    return built_models()


def test_the_committed_models_are_what_model_build_writes(built) -> None:
    assert set(built) == set(LOCALES)
    for locale, text in built.items():
        committed = (MODELS / f"{locale}.json").read_text(encoding="utf-8")
        assert committed == text, f"{locale}.json is stale: run 'rueckenmassage model build'"


def test_the_committed_models_keep_alexas_rules_and_limits() -> None:
    for locale in LOCALES:
        model = json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))
        assert rules.check_model(model) == []
        committed = (MODELS / f"{locale}.json").read_bytes()
        assert committed.decode("utf-8") == model_json(model)
        assert len(committed) <= rules.MAX_MODEL_BYTES


def test_the_fallback_sensitivity_is_set_on_purpose() -> None:
    model = json.loads((MODELS / "de-DE.json").read_text(encoding="utf-8"))
    config = model["interactionModel"]["languageModel"]["modelConfiguration"]
    assert config["fallbackIntentSensitivity"]["level"] == "LOW"
    fallback = next(
        i
        for i in model["interactionModel"]["languageModel"]["intents"]
        if i["name"] == "AMAZON.FallbackIntent"
    )
    assert fallback["samples"], "out-of-domain samples teach Alexa what is not for the skill"


@pytest.fixture(scope="module")
def model() -> dict:
    return json.loads((MODELS / "de-DE.json").read_text(encoding="utf-8"))


def _intent(model: dict, name: str) -> dict:
    intents = model["interactionModel"]["languageModel"]["intents"]
    return next(intent for intent in intents if intent["name"] == name)


@pytest.mark.parametrize(
    ("sample", "problem"),
    [
        ("schritt 4", "numbers as words"),
        ("weiter, bitte", "only letters"),
        ("weiter  bitte", "extra spaces"),
        ("Weiter", "lowercase"),
        ("{stepNumber} und {stepNumber}", "slot appears twice"),
        ("zu {nirgends}", "not declared"),
    ],
)
def test_each_sample_rule_catches_a_broken_sample(model, sample: str, problem: str) -> None:
    broken = copy.deepcopy(model)
    _intent(broken, "GoToStepIntent")["samples"].append(sample)
    assert any(problem in line for line in rules.check_model(broken))


def test_a_sample_in_two_intents_is_refused(model) -> None:
    broken = copy.deepcopy(model)
    _intent(broken, "AMAZON.NextIntent")["samples"].append(
        _intent(broken, "AMAZON.HelpIntent")["samples"][0]
    )
    assert any("is a sample of" in line for line in rules.check_model(broken))


def test_a_slot_value_that_makes_two_intents_say_the_same_is_refused(model) -> None:
    broken = copy.deepcopy(model)
    types = broken["interactionModel"]["languageModel"]["types"]
    ordinal = next(t for t in types if t["name"] == "StepOrdinal")
    ordinal["values"].append({"id": "99", "name": {"value": "zurück"}})
    _intent(broken, "AMAZON.PreviousIntent")["samples"].append("zum zurück schritt")
    _intent(broken, "GoToStepIntent")["samples"].append("zum {stepOrdinal} schritt")
    assert any("is said by" in line for line in rules.check_model(broken))


def test_size_limits_are_checked(model, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "MAX_MODEL_BYTES", 1000)
    assert any("bytes" in line for line in rules.check_model(model))
    broken = copy.deepcopy(model)
    types = broken["interactionModel"]["languageModel"]["types"]
    types[0]["values"][0]["name"]["value"] = "x" * (rules.MAX_SLOT_VALUE_CHARS + 1)
    assert any("too long" in line for line in rules.check_model(broken))


def test_model_check_and_build_on_the_command_line(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "skill", "model"]
    check = subprocess.run([*command, "check"], capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 0, check.stderr
    build = subprocess.run(
        [*command, "build", "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT
    )
    assert build.returncode == 0, build.stderr
    for locale in LOCALES:
        written = (tmp_path / f"{locale}.json").read_text(encoding="utf-8")
        assert written == (MODELS / f"{locale}.json").read_text(encoding="utf-8")


def _copy_locale(tmp_path: Path) -> Path:
    shutil.copytree(LOCALE_DIR / "de-DE", tmp_path / "de-DE")
    return tmp_path


def test_a_broken_template_is_a_one_line_error(tmp_path: Path) -> None:
    root = _copy_locale(tmp_path)
    (root / "de-DE" / "sentences" / "broken.yaml").write_text(
        'language: de\nintents:\n  ThanksIntent:\n    data:\n      - sentences: ["danke <nix>"]\n',
        encoding="utf-8",
    )
    with pytest.raises(GrammarError, match="ThanksIntent"):
        load_grammar("de-DE", root)


NEW_FAQ = """
[[faq]]
id = "warm_up"
intent = "FaqWarmUpIntent"
question = "Muss ich mich vorher aufwärmen?"
answer = ["Testantwort zum Aufwärmen."]
sentences = ["muss ich mich (vorher|vor der massage) aufwärmen", "aufwärmen"]
"""


def test_a_new_faq_is_a_change_to_data_alone(tmp_path: Path, monkeypatch) -> None:
    """Content plus its sentences, then `model build`: the model has the intent, `chat`
    understands it, and the skill answers it — with no line of Python changed."""
    real_root = content_module.LOCALE_DIR
    root = _copy_locale(tmp_path)
    faq = root / "de-DE" / "faq.toml"
    faq.write_text(faq.read_text(encoding="utf-8") + NEW_FAQ, encoding="utf-8")

    model = build_model(load_grammar("de-DE", root))
    intent = _intent(model, "FaqWarmUpIntent")
    assert "muss ich mich vorher aufwärmen" in intent["samples"]
    assert rules.check_model(model) == []

    resolution = Resolver(root=root).resolve("Muss ich mich vor der Massage aufwärmen?")
    assert resolution.intent == "FaqWarmUpIntent"

    monkeypatch.setattr(content_module, "LOCALE_DIR", root)
    handlers_base._guide.cache_clear()
    try:
        handler = build_skill_builder(Settings()).lambda_handler()
        response = handler(env.intent_request("FaqWarmUpIntent", new=True), None)
        assert "Testantwort zum Aufwärmen." in speech_of(response)
    finally:
        handlers_base._guide.cache_clear()
    # the real content is untouched
    assert "FaqWarmUpIntent" not in load_content(root=real_root).faq_intents
