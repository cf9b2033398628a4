"""The conversation model on its own, without envelopes: its tables are complete, it stays
small, and a whole conversation runs on it directly."""

from __future__ import annotations

from pathlib import Path

import skill.conversation
from skill.state import STEP_COUNT, Pending, Said

MAX_MODULE_LINES = 250


def test_yes_no_and_repeat_have_an_answer_for_everything(guide) -> None:
    acts = guide.acts
    assert set(acts.on_yes) == set(Pending)
    assert set(acts.on_no) == set(Pending)
    assert set(acts.on_repeat) == set(Said)
    assert set(acts.on_next) <= set(Pending)


def test_no_module_of_the_conversation_model_is_long() -> None:
    package = Path(skill.conversation.__file__).parent
    lengths = {path.name: len(path.read_text().splitlines()) for path in package.glob("*.py")}
    assert len(lengths) >= 6
    assert {name: n for name, n in lengths.items() if n > MAX_MODULE_LINES} == {}


def test_a_conversation_straight_on_the_model(model, words, content) -> None:
    assert words.starts("launch.welcome", model("flow.launch"))
    assert words.is_preparation(model("acts.yes"))
    for number in range(1, STEP_COUNT + 1):
        assert words.is_step(model("acts.next"), number)
        assert model.turn.done_after is not None and model.turn.card is not None
    closing = model("acts.next")
    assert words.said("closing.all_done", closing, total=STEP_COUNT)
    assert model.state.completed == 1
    tips = model("acts.next")
    assert all(tip.text in tips for tip in content.tips) and model.turn.end_session


def test_repeat_on_the_model_says_the_same_words_then_the_next_answer_differs(
    model, words
) -> None:
    model("flow.launch")
    model("acts.yes")
    first = model("acts.next")
    assert model("acts.repeat") == first
    assert model("acts.repeat") == first
    assert model.state.turn == 3
    second = model("acts.next")

    def say_next(text: str) -> str:
        return next(p for p in words.all("guide.say_next") if p in text)

    assert say_next(first) != say_next(second)


def test_what_was_said_is_an_enum_and_references_are_content_ids(model, content) -> None:
    model("flow.launch")
    model("answers.faq", "when_not", "pregnancy")
    assert model.state.said is Said.FAQ and model.state.said_ref == "when_not.pregnancy"
    model("answers.single_tip", "warmth")
    assert model.state.said is Said.TIP and content.tip(model.state.said_ref) is not None
    model("flow.skip_preparation")
    model("flow.skip_preparation")
    assert model.state.said is Said.SKIP_DONE and model.state.said_ref == ""
