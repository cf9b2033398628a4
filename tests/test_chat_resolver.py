"""The chat simulator: resolving typed German against the interaction model, and the console."""

from __future__ import annotations

import io
import json
import os
import shutil
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
from skill.chat.numbers import duration_iso as parse_duration
from skill.chat.numbers import parse_number
from skill.chat.resolver import FALLBACK_INTENT, ModelError, Resolution, Resolver, normalise
from skill.content import LOCALE_DIR
from skill.nlu.expand import expand_list_values

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()  # the default: the real de-DE templates


def value(resolution: Resolution, slot: str) -> str | None:
    return resolution.slots[slot].get("value")


def resolved_id(resolution: Resolution, slot: str) -> str:
    authority = resolution.slots[slot]["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    return authority["values"][0]["value"]["id"]


# --------------------------------------------------------------------------------------------
# Helpers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Alexa, starte Rückenmassage!", "alexa starte rückenmassage"),
        ("„Weiter“ bitte…", "weiter bitte"),
        ("  Schritt   4.  ", "schritt 4"),
        ("1,5 Minuten", "1.5 minuten"),
        ("Was kann ich sagen?", "was kann ich sagen"),
        ("geht's; los: jetzt", "geht's los jetzt"),
        ("Weiter geht\u2019s!", "weiter geht's"),
        ("'zitiert'", "zitiert"),
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


def test_invocation_name_comes_from_the_templates(tmp_path: Path) -> None:
    root = copy_locale(tmp_path)
    alexa = root / "de-DE" / "sentences" / "_alexa.yaml"
    text = alexa.read_text(encoding="utf-8").replace(
        "invocation_name: rückenmassage", "invocation_name: mein testskill"
    )
    alexa.write_text(text, encoding="utf-8")
    resolver = Resolver(root=root)
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
    # "weiter" fills a slot, so Alexa sends it as NextPhrasesIntent (skill/handlers/phrases.py)
    assert intents.built_in_of(resolution.intent) == intent
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
    # the built-in intent, or its PhrasesIntent where the sample fills a slot
    named = intents.built_in_of(resolution.intent)
    assert (resolution.kind, named, resolution.new_session) == ("intent", intent, False)


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
    assert value(synonym, intents.SLOT_STEP_ORDINAL) == "der dritte"
    authority = synonym.slots[intents.SLOT_STEP_ORDINAL]["resolutions"]["resolutionsPerAuthority"]
    assert authority[0]["values"][0]["value"] == {"name": "der dritten", "id": "3"}
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


def test_reminder_times_as_alexa_fills_them(resolver: Resolver) -> None:
    evening = resolver.resolve("erinner mich jeden abend um sieben")
    assert evening.intent == intents.SET_REMINDER
    assert value(evening, intents.SLOT_TIME) == "07:00"  # AMAZON.TIME; the evening is its own slot
    assert resolved_id(evening, intents.SLOT_DAY_PART) == "EV"
    weekdays = resolver.resolve("werktags um halb acht")
    assert value(weekdays, intents.SLOT_TIME) == "07:30"
    assert resolved_id(weekdays, intents.SLOT_DAY) == "weekdays"
    days = resolver.resolve("erinnere mich montags und donnerstags um acht uhr abends")
    assert value(days, intents.SLOT_TIME) == "20:00"
    assert {resolved_id(days, intents.SLOT_DAY), resolved_id(days, intents.SLOT_SECOND_DAY)} == {
        "mo",
        "th",
    }
    assert resolver.resolve("erinnere mich um blau uhr").intent == FALLBACK_INTENT


def test_slot_values_are_whole_words(resolver: Resolver) -> None:
    """hassil alone would read "kurze" + "version" inside "kurzeversion" (a word in no
    template); Alexa's model fills slots with whole words, and so does chat."""
    assert resolver.resolve("die kurzeversion bitte").intent == FALLBACK_INTENT
    short = resolver.resolve("die kurzversion bitte")  # a listed value, one word
    assert resolved_id(short, intents.SLOT_PROGRAM) == "short"


def test_gibberish_is_fallback(resolver: Resolver) -> None:
    for utterance in ["blubber fasel quark", "schritt banane", "pausen von vielen minuten"]:
        resolution = resolver.resolve(utterance)
        assert (resolution.kind, resolution.intent, resolution.slots) == (
            "intent",
            FALLBACK_INTENT,
            {},
        )


def test_bitte_is_part_of_the_templates_not_a_guess(resolver: Resolver) -> None:
    assert intents.built_in_of(resolver.resolve("bitte weiter").intent) == intents.NEXT
    assert intents.built_in_of(resolver.resolve("hilfe bitte").intent) == intents.HELP
    assert resolver.resolve("bitte bitte bitte").intent == FALLBACK_INTENT


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
# chat understands what the model lists: samples of the generated model, filled in


def first_values(resolver: Resolver, slot_type: str, list_name: str) -> str:
    if slot_type == "AMAZON.NUMBER":
        return "vier"
    if slot_type == "AMAZON.DURATION":
        return "einer minute"
    if slot_type == "AMAZON.TIME":
        return "neunzehn uhr"
    return next(iter(expand_list_values(resolver.grammar.intents, list_name).values()))[0]


@pytest.mark.timeout(600)
def test_samples_of_the_generated_model_resolve_to_their_intent(resolver: Resolver) -> None:
    """Each intent's samples, every slot filled with a value of its list, go back to that
    intent (four samples per intent, spread over its list: the whole model is the corpus
    test's job, and hassil takes about 0.3 s of CPU per sentence)."""
    model = json.loads((REPO / "interaction_models" / "de-DE.json").read_text(encoding="utf-8"))
    failures, checked = [], 0
    for intent in model["interactionModel"]["languageModel"]["intents"]:
        types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        samples = intent.get("samples", [])
        for sample in samples[:: max(1, len(samples) // 4)]:
            text = sample
            for name, kind in types.items():
                text = text.replace("{" + name + "}", first_values(resolver, kind, name))
            checked += 1
            got = resolver.resolve(text, in_session=True).intent
            if got != intent["name"]:
                failures.append(f"{text!r}: {got}, expected {intent['name']}")
    assert checked > 100
    assert failures == []


def copy_locale(tmp_path: Path) -> Path:
    shutil.copytree(LOCALE_DIR / "de-DE", tmp_path / "de-DE")
    return tmp_path


def test_template_errors_are_model_errors(tmp_path: Path) -> None:
    root = copy_locale(tmp_path)
    (root / "de-DE" / "sentences" / "broken.yaml").write_text("intents: [", encoding="utf-8")
    with pytest.raises(ModelError, match=r"broken\.yaml"):
        Resolver(root=root)


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
