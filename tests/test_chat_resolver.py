"""The chat simulator: resolving typed German against the interaction model, and the console."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from stand_in_skill import EchoSkill

from skill import intents
from skill.chat import envelopes as env
from skill.chat.console import SESSION_ENDED, Console
from skill.chat.resolver import (
    FALLBACK_INTENT,
    ModelError,
    Resolution,
    Resolver,
    default_model_path,
    normalise,
    parse_duration,
    parse_number,
)

REPO = Path(__file__).resolve().parent.parent
MODEL_PATH = REPO / "interaction_models" / "de-DE.json"


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()  # the default: the real de-DE model


def value(resolution: Resolution, slot: str) -> str | None:
    return resolution.slots[slot].get("value")


def resolved_id(resolution: Resolution, slot: str) -> str:
    authority = resolution.slots[slot]["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    return authority["values"][0]["value"]["id"]


# --------------------------------------------------------------------------------------------
# Helpers


def test_default_model_is_the_repository_model() -> None:
    assert default_model_path() == MODEL_PATH
    assert Resolver().model_path == MODEL_PATH


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Alexa, starte Rückenmassage!", "alexa starte rückenmassage"),
        ("„Weiter“ bitte…", "weiter bitte"),
        ("  Schritt   4.  ", "schritt 4"),
        ("1,5 Minuten", "1.5 minuten"),
        ("Was kann ich sagen?", "was kann ich sagen"),
        ("geht's; los: jetzt", "geht s los jetzt"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("4", 4),
        ("vier", 4),
        ("zwölf", 12),
        ("fünfundvierzig", 45),
        ("hundertzwanzig", 120),
        ("eins", 1),
        ("einer", 1),
        ("schritt", None),
        ("und", None),
    ],
)
def test_parse_number(token: str, expected: int | None) -> None:
    assert parse_number(token) == expected


@pytest.mark.parametrize(
    ("spoken", "iso"),
    [
        ("einer minute", "PT1M"),
        ("eine minute", "PT1M"),
        ("zwei minuten", "PT2M"),
        ("90 sekunden", "PT90S"),
        ("neunzig sekunden", "PT90S"),
        ("anderthalb minuten", "PT1M30S"),
        ("eineinhalb minuten", "PT1M30S"),
        ("zweieinhalb minuten", "PT2M30S"),
        ("1.5 minuten", "PT1M30S"),
        ("einer halben minute", "PT30S"),
        ("halbe minute", "PT30S"),
        ("einer minute und dreißig sekunden", "PT1M30S"),
        ("einer viertelstunde", "PT15M"),
        ("einer stunde", "PT1H"),
    ],
)
def test_parse_duration(spoken: str, iso: str) -> None:
    assert parse_duration(spoken) == iso


@pytest.mark.parametrize("spoken", ["mehr minuten", "minute", "zwei", "zwei äpfel"])
def test_parse_duration_rejects_non_durations(spoken: str) -> None:
    assert parse_duration(spoken) is None


# --------------------------------------------------------------------------------------------
# Launch and one-shots


@pytest.mark.parametrize(
    "utterance",
    [
        "starte rückenmassage",
        "öffne rückenmassage",
        "Rückenmassage starten",
        "beginne Rückenmassage",
        "Alexa, starte Rückenmassage",
        "alexa öffne die rückenmassage",
    ],
)
def test_launch_phrases(resolver: Resolver, utterance: str) -> None:
    resolution = resolver.resolve(utterance)
    assert resolution.kind == "launch"
    assert resolution.intent is None
    assert resolution.new_session is True


def test_invocation_name_comes_from_the_model(tmp_path: Path) -> None:
    model = small_model(invocation_name="mein testskill")
    resolver = Resolver(write_model(tmp_path, model))
    assert resolver.resolve("starte mein testskill").kind == "launch"
    assert resolver.resolve("starte rückenmassage").kind == "intent"


def test_in_session_speech_goes_to_the_skill_first(resolver: Resolver) -> None:
    # "rückenmassage starten" is also a BeginMassageIntent sample; without the wake word an
    # open session hears it, with the wake word Alexa launches the skill anew.
    in_session = resolver.resolve("rückenmassage starten", in_session=True)
    assert (in_session.kind, in_session.intent) == ("intent", intents.BEGIN_MASSAGE)
    assert resolver.resolve("alexa rückenmassage starten", in_session=True).kind == "launch"
    assert resolver.resolve("öffne rückenmassage", in_session=True).kind == "launch"


@pytest.mark.parametrize(
    ("utterance", "intent"),
    [
        ("frage rückenmassage wie lange dauert das", intents.HOW_LONG),
        ("Alexa, frag Rückenmassage: wo bin ich?", intents.WHERE_AM_I),
        ("sage rückenmassage weiter", intents.NEXT),
        ("frage rückenmassage nach tipps", intents.ALL_TIPS),
        ("starte rückenmassage und geh zu schritt drei", intents.GO_TO_STEP),
        ("frage rückenmassage nach dem sinn des lebens", FALLBACK_INTENT),
    ],
)
def test_one_shots_open_a_new_session(resolver: Resolver, utterance: str, intent: str) -> None:
    resolution = resolver.resolve(utterance)
    assert resolution.kind == "intent"
    assert resolution.intent == intent
    assert resolution.new_session is True


# --------------------------------------------------------------------------------------------
# Intents and slots


@pytest.mark.parametrize(
    ("utterance", "intent"),
    [
        ("weiter", intents.NEXT),
        ("Weiter!", intents.NEXT),
        ("ja", intents.YES),
        ("Ja.", intents.YES),
        ("nein", intents.NO),
        ("stopp", intents.STOP),
        ("stop", intents.STOP),
        ("hilfe", intents.HELP),
        ("abbrechen", intents.CANCEL),
        ("zurück", intents.PREVIOUS),
        ("nochmal", intents.REPEAT),
        ("pause", intents.PAUSE),
        ("fortsetzen", intents.RESUME),
        ("alexa, stopp", intents.STOP),
        ("wie lange dauert die massage", intents.HOW_LONG),
    ],
)
def test_common_phrases(resolver: Resolver, utterance: str, intent: str) -> None:
    resolution = resolver.resolve(utterance)
    assert (resolution.kind, resolution.intent, resolution.new_session) == (
        "intent",
        intent,
        False,
    )


def test_step_number(resolver: Resolver) -> None:
    resolution = resolver.resolve("schritt vier")
    assert resolution.intent == intents.GO_TO_STEP
    assert value(resolution, intents.SLOT_STEP_NUMBER) == "4"
    # Every declared slot is listed; the unfilled one has no value.
    assert resolution.slots[intents.SLOT_STEP_ORDINAL] == {
        "name": intents.SLOT_STEP_ORDINAL,
        "confirmationStatus": "NONE",
    }
    assert value(resolver.resolve("Schritt 4"), intents.SLOT_STEP_NUMBER) == "4"
    assert value(resolver.resolve("gehe zu schritt zwölf"), intents.SLOT_STEP_NUMBER) == "12"


def test_step_ordinal_resolves_to_id(resolver: Resolver) -> None:
    resolution = resolver.resolve("zum dritten Schritt")
    assert resolution.intent == intents.GO_TO_STEP
    assert value(resolution, intents.SLOT_STEP_ORDINAL) == "dritten"
    assert resolved_id(resolution, intents.SLOT_STEP_ORDINAL) == "3"
    assert "value" not in resolution.slots[intents.SLOT_STEP_NUMBER]
    # A synonym keeps the spoken text as value and resolves to the canonical name.
    synonym = resolver.resolve("der dritte schritt")
    assert value(synonym, intents.SLOT_STEP_ORDINAL) == "dritte"
    authority = synonym.slots[intents.SLOT_STEP_ORDINAL]["resolutions"]["resolutionsPerAuthority"]
    assert authority[0]["values"][0]["value"] == {"name": "dritten", "id": "3"}
    assert authority[0]["authority"].endswith(".StepOrdinal")


def test_practice_seconds(resolver: Resolver) -> None:
    resolution = resolver.resolve("Pausen von sechzig Sekunden")
    assert resolution.intent == intents.CHANGE_PRACTICE_TIME
    assert value(resolution, intents.SLOT_SECONDS) == "60"
    # The duration sample matches too, but has fewer literal words.
    assert "value" not in resolution.slots[intents.SLOT_DURATION]


def test_practice_duration(resolver: Resolver) -> None:
    resolution = resolver.resolve("pausen von einer minute")
    assert resolution.intent == intents.CHANGE_PRACTICE_TIME
    assert value(resolution, intents.SLOT_DURATION) == "PT1M"
    assert "value" not in resolution.slots[intents.SLOT_SECONDS]
    half = resolver.resolve("pausen von einer halben minute")
    assert value(half, intents.SLOT_DURATION) == "PT30S"


def test_practice_direction(resolver: Resolver) -> None:
    resolution = resolver.resolve("längere Pausen")
    assert resolution.intent == intents.CHANGE_PRACTICE_TIME
    assert value(resolution, intents.SLOT_DIRECTION) == "längere"
    assert resolved_id(resolution, intents.SLOT_DIRECTION) == "longer"
    assert resolved_id(resolver.resolve("kürzere pausen"), intents.SLOT_DIRECTION) == "shorter"


def test_gibberish_is_fallback(resolver: Resolver) -> None:
    for utterance in ["blubber fasel quark", "schritt banane", "pausen von vielen minuten"]:
        resolution = resolver.resolve(utterance)
        assert (resolution.kind, resolution.intent, resolution.slots) == (
            "intent",
            FALLBACK_INTENT,
            {},
        )


def test_bitte_is_stripped_only_when_it_helps(resolver: Resolver) -> None:
    assert resolver.resolve("bitte weiter").intent == intents.NEXT
    assert resolver.resolve("hilfe bitte").intent == intents.HELP
    # "der {stepOrdinal} schritt bitte" is a sample: the "bitte" stays and matches it.
    kept = resolver.resolve("der zweite schritt bitte")
    assert kept.sample == "der {stepOrdinal} schritt bitte"
    assert resolver.resolve("bitte").intent == FALLBACK_INTENT


def test_resolution_becomes_an_sdk_readable_request(resolver: Resolver) -> None:
    resolution = resolver.resolve("zum dritten schritt")
    assert resolution.intent is not None
    envelope = env.intent_request(resolution.intent, resolution.slots)
    parsed = DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)
    slot = parsed.request.intent.slots[intents.SLOT_STEP_ORDINAL]
    assert slot.resolutions.resolutions_per_authority[0].values[0].value.id == "3"
    assert slot.slot_value.value == "dritten"
    assert parsed.request.intent.slots[intents.SLOT_STEP_NUMBER].value is None


# --------------------------------------------------------------------------------------------
# Every sample of the real model resolves back to its intent


def sample_fillers(resolver: Resolver, slot_type: str) -> list[tuple[str, str, str | None]]:
    """(spoken text, expected slot value, expected resolved id) to put into a slot."""
    if slot_type == "AMAZON.NUMBER":
        return [("4", "4", None), ("vier", "4", None), ("siebzehn", "17", None)]
    if slot_type == "AMAZON.DURATION":
        # Not "... sekunden": the "{seconds} sekunden" samples rightly take those.
        return [("einer minute", "PT1M", None), ("anderthalb minuten", "PT1M30S", None)]
    if slot_type == "AMAZON.TIME":
        return [("neunzehn uhr", "19:00", None), ("acht uhr dreißig", "08:30", None)]
    forms = resolver.slot_types[slot_type].forms
    return [(spoken, spoken, value_id) for spoken, (value_id, _) in forms.items()]


def all_samples(resolver: Resolver) -> list[tuple[str, str]]:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return [
        (intent["name"], sample)
        for intent in model["interactionModel"]["languageModel"]["intents"]
        for sample in intent.get("samples", [])
    ]


def test_model_has_samples(resolver: Resolver) -> None:
    assert len(all_samples(resolver)) > 100
    assert resolver.samples  # compiled


def test_every_sample_resolves_to_its_own_intent(resolver: Resolver) -> None:
    failures: list[str] = []
    checked = 0
    for intent, sample in all_samples(resolver):
        slot_types = {name: spec.type for name, spec in resolver.intent_slots[intent].items()}
        referenced = [name for name in slot_types if "{" + name + "}" in sample]
        # Every value of every slot once (at least one variant per sample).
        variants = max(
            [len(sample_fillers(resolver, slot_types[n])) for n in referenced], default=1
        )
        for index in range(variants):
            text = sample
            expected: dict[str, tuple[str, str | None]] = {}
            for name in referenced:
                fillers = sample_fillers(resolver, slot_types[name])
                spoken, slot_value, value_id = fillers[index % len(fillers)]
                text = text.replace("{" + name + "}", spoken)
                expected[name] = (slot_value, value_id)
            resolution = resolver.resolve(text, in_session=True)
            checked += 1
            if resolution.intent != intent:
                failures.append(f"{text!r}: {resolution.intent}, expected {intent}")
                continue
            for name, (slot_value, value_id) in expected.items():
                got = resolution.slots[name]
                if got.get("value") != slot_value:
                    failures.append(f"{text!r}: {name}={got.get('value')!r}, not {slot_value!r}")
                elif value_id is not None and resolved_id(resolution, name) != value_id:
                    failures.append(f"{text!r}: {name} resolved wrongly")
            assert set(resolution.slots) == set(slot_types)
    assert checked > 100
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------------------------
# Small models written in the test


def small_model(invocation_name: str = "rückenmassage") -> dict[str, Any]:
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": invocation_name,
                "intents": [
                    {"name": "AMAZON.YesIntent", "samples": []},
                    {"name": "AMAZON.StopIntent", "samples": []},
                    {"name": "AMAZON.FallbackIntent", "samples": []},
                    {
                        "name": "ColourIntent",
                        "slots": [{"name": "colour", "type": "Colour"}],
                        "samples": ["ich mag {colour}", "{colour}"],
                    },
                    {"name": "LiteralIntent", "samples": ["ich mag rot"]},
                ],
                "types": [
                    {
                        "name": "Colour",
                        "values": [
                            {"name": {"value": "Rot", "synonyms": ["Karminrot"]}},
                            {"id": "B", "name": {"value": "blau"}},
                        ],
                    }
                ],
            }
        }
    }


def write_model(tmp_path: Path, model: dict[str, Any]) -> Path:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    return path


def test_builtin_phrase_table_fills_in_for_declared_intents(tmp_path: Path) -> None:
    resolver = Resolver(write_model(tmp_path, small_model()))
    assert resolver.resolve("ja").intent == "AMAZON.YesIntent"
    assert resolver.resolve("stopp").intent == "AMAZON.StopIntent"
    # HelpIntent is not declared in this model: on a device it would not reach the skill.
    assert resolver.resolve("hilfe").intent == FALLBACK_INTENT


def test_model_samples_win_over_the_builtin_table(tmp_path: Path) -> None:
    model = small_model()
    model["interactionModel"]["languageModel"]["intents"][3]["samples"].append("ja")
    resolver = Resolver(write_model(tmp_path, model))
    assert resolver.resolve("ja").intent == "ColourIntent"


def test_most_literal_sample_wins_and_ids_default_to_the_name(tmp_path: Path) -> None:
    resolver = Resolver(write_model(tmp_path, small_model()), skill_id="amzn1.ask.skill.x")
    literal = resolver.resolve("ich mag rot")
    assert literal.intent == "LiteralIntent"
    synonym = resolver.resolve("ich mag karminrot")
    assert synonym.intent == "ColourIntent"
    authority = synonym.slots["colour"]["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["values"][0]["value"] == {"name": "Rot", "id": "Rot"}
    assert authority["authority"] == "amzn1.er-authority.echo-sdk.amzn1.ask.skill.x.Colour"
    assert resolved_id(resolver.resolve("Blau!"), "colour") == "B"


def test_model_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        Resolver(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ModelError):
        Resolver(broken)
    model = small_model()
    model["interactionModel"]["languageModel"]["intents"][4]["samples"] = ["geh zu {nowhere}"]
    with pytest.raises(ModelError, match="nowhere"):
        Resolver(write_model(tmp_path, model))


# --------------------------------------------------------------------------------------------
# The console loop, with a stand-in skill


def run_console(lines: list[str], skill: Any, resolver: Resolver) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    Console(resolver, skill, out=out, err=err).run([line + "\n" for line in lines])
    return out.getvalue(), err.getvalue()


def test_console_transcript(resolver: Resolver) -> None:
    skill = EchoSkill()
    out, err = run_console(
        ["starte rückenmassage", "", "ja", "stopp", "wie lange dauert das"], skill, resolver
    )
    assert out.splitlines() == [
        "Sie: starte rückenmassage",
        "Alexa: LaunchRequest 1 [Pause 15 s]",
        "Sie: ja",
        "Alexa: AMAZON.YesIntent 2 [Pause 15 s]",
        "Sie: stopp",
        "Alexa: AMAZON.StopIntent 3 [Pause 15 s]",
        SESSION_ENDED,
        "Sie: wie lange dauert das",
        "Alexa: HowLongIntent 1 [Pause 15 s]",
        # EOF with an open session: Alexa gives up after the reprompt.
        SESSION_ENDED,
    ]
    assert err == ""
    types = [r["request"]["type"] for r in skill.requests]
    assert types == [
        "LaunchRequest",
        "IntentRequest",
        "IntentRequest",
        "IntentRequest",
        "SessionEndedRequest",
    ]
    assert [r["session"]["new"] for r in skill.requests] == [True, False, False, True, False]
    assert skill.requests[2]["session"]["attributes"] == {"turns": 2}
    assert skill.requests[-1]["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"


def test_console_reports_a_failing_skill(resolver: Resolver) -> None:
    def failing(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise RuntimeError("boom")

    out, err = run_console(["ja"], failing, resolver)
    assert "Alexa: Beim Antworten des angeforderten Skills ist ein Problem aufgetreten." in out
    assert out.splitlines()[-1] == SESSION_ENDED
    assert "RuntimeError: boom" in err


@pytest.mark.parametrize("skill_id", [None, "amzn1.ask.skill.12345678-1234-1234-1234-123456789abc"])
def test_chat_command_runs_the_real_skill(skill_id: str | None) -> None:
    """``printf ... | python -m skill chat`` through the real Lambda entry point.

    With ALEXA_SKILL_ID set the skill refuses other skill ids, so the console sends that id.
    """
    environment = {k: v for k, v in os.environ.items() if k != "ALEXA_SKILL_ID"}
    if skill_id is not None:
        environment["ALEXA_SKILL_ID"] = skill_id
    result = subprocess.run(
        [sys.executable, "-m", "skill", "chat"],
        input="starte rückenmassage\nja\nweiter\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Sie: starte rückenmassage"
    said = [line for line in lines if line.startswith("Alexa: ")]
    assert len(said) == 3
    assert all(len(line) > len("Alexa: ") + 10 for line in said)
    assert lines[-1] == SESSION_ENDED
