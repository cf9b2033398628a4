"""The sentence corpus through the generated model, through `chat`, and through the real skill.

For every corpus sentence (tests/sentences/de/*.yaml, written independently of the templates):
- the committed interaction model lists it for exactly its intent, with the right meaning
  (``model_matcher``: exact sample matching);
- `chat` (hassil over the templates) understands it the same way;
- the skill, given that request in the middle of the guide, answers validly (and stops for
  every pain report it recognises).
Coverage per intent is printed at the end of the run (see conftest.py) and must reach the
targets of ``sentence_corpus``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from model_matcher import ModelMatcher
from sentence_corpus import (
    TARGET,
    TARGETS,
    CorpusSentence,
    load_corpus,
    meaning_of,
    slots_from_json,
)
from skill_checks import assert_valid_response

from skill import intents
from skill.builder import build_skill_builder
from skill.chat import envelopes as env
from skill.chat.resolver import Resolver
from skill.content import load_content
from skill.intents import built_in_of
from skill.persistence import MemoryAdapter, ProgressStore
from skill.settings import Settings
from skill.state import SESSION_KEY, ConversationState, Pending

MODEL = Path(__file__).resolve().parents[1] / "interaction_models" / "de-DE.json"
CORPUS = load_corpus()
# Where the sentences are said: in the middle of the guide, a question pending.
MID_GUIDE = ConversationState().at(3).asking(Pending.CONTINUE)


@dataclass(frozen=True)
class Verdict:
    sentence: CorpusSentence
    model: tuple[str, dict[str, Any]] | None  # intent and meaning of the model's best reading
    model_intents: frozenset[str]  # the intents of the model's best readings
    chat: tuple[str, dict[str, Any]]
    passed: bool
    response: dict[str, Any] | None


def _judge(matcher: ModelMatcher, resolver: Resolver, handler, sentence: CorpusSentence) -> Verdict:
    """A sentence passes when the model's best readings (the samples with most literal words,
    as a more specific sample wins on Alexa too) are all of its intent, with its meaning."""
    content = load_content()
    readings = matcher.matches(sentence.text)
    top = [m for m in readings if m.literal_chars == readings[0].literal_chars] if readings else []
    top_intents = frozenset(built_in_of(m.intent) for m in top)
    best = readings[0] if readings else None
    model = (best.intent, meaning_of(best.intent, best.slots, content)) if best else None
    chat = resolver.resolve(sentence.text, in_session=True)
    chat_meaning = meaning_of(chat.intent or "", slots_from_json(chat.slots), content)
    if sentence.intent == intents.FALLBACK:
        passed = top_intents <= {intents.FALLBACK}
    else:
        passed = top_intents == {sentence.intent} and all(
            meaning_of(m.intent, m.slots, content) == sentence.meaning for m in top
        )
    response = None
    if best is not None:
        slots = {name: env.slot(name, slot["value"]) for name, slot in best.slots.items()}
        for name, slot in best.slots.items():
            if "id" in slot:
                slots[name] = env.slot(name, slot["value"], resolved_id=slot["id"], slot_type="X")
        envelope = env.intent_request(
            best.intent, slots, session_attributes={SESSION_KEY: MID_GUIDE.to_attributes()}
        )
        response = handler(envelope, None)
    chat_reading = (chat.intent or "", chat_meaning)
    return Verdict(sentence, model, top_intents, chat_reading, passed, response)


# The fixture runs the whole corpus through hassil once (about 0.3 s of CPU per sentence on
# the CI machine), inside the first test that asks for it: more than the suite's default
# 120 s per test.
pytestmark = pytest.mark.timeout(1800)


@pytest.fixture(scope="module")
def verdicts() -> list[Verdict]:
    model = json.loads(MODEL.read_text(encoding="utf-8"))
    handler = build_skill_builder(Settings(), ProgressStore(MemoryAdapter())).lambda_handler()
    matcher, resolver = ModelMatcher(model), Resolver()
    results = [_judge(matcher, resolver, handler, sentence) for sentence in CORPUS]
    COVERAGE.clear()
    for intent in sorted({v.sentence.intent for v in results}):
        mine = [v for v in results if v.sentence.intent == intent]
        COVERAGE[intent] = (sum(v.passed for v in mine), len(mine))
    return results


# intent -> (passed, total), printed by conftest.py at the end of the run
COVERAGE: dict[str, tuple[int, int]] = {}


@pytest.mark.parametrize("intent", sorted({s.intent for s in CORPUS}))
def test_the_model_lists_the_corpus(verdicts, intent: str) -> None:
    mine = [v for v in verdicts if v.sentence.intent == intent]
    passed = sum(v.passed for v in mine)
    target = TARGETS.get(intent, TARGET)
    misses = [
        f"{v.sentence.text!r} -> {sorted(v.model_intents) or 'nothing'} {v.model and v.model[1]}"
        for v in mine
        if not v.passed
    ]
    assert passed >= target * len(mine), (
        f"{intent}: {passed}/{len(mine)} below {target:.0%}:\n" + "\n".join(misses)
    )


def test_chat_understands_the_corpus_as_the_model_does(verdicts) -> None:
    differ = [
        f"{v.sentence.text!r}: model {v.model}, chat {v.chat}"
        for v in verdicts
        if v.chat != (v.model or (intents.FALLBACK, {}))
    ]
    assert differ == []


def test_the_skill_answers_every_recognised_sentence(verdicts) -> None:
    for verdict in verdicts:
        if verdict.response is not None:
            assert_valid_response(verdict.response)


def test_the_skill_stops_for_every_recognised_pain_report(verdicts) -> None:
    for verdict in verdicts:
        if verdict.sentence.intent == intents.PAIN and verdict.passed:
            attributes = verdict.response["sessionAttributes"][SESSION_KEY]
            assert ConversationState.from_attributes(attributes).pain_hold, verdict.sentence
