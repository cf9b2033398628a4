"""Shared fixtures: the real skill behind the same entry point AWS Lambda uses, the content,
the conversation model, the chat resolver and the wording derived from the content."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from reminders_api_server import RemindersApiServer
from talk import Talk
from wording import Wording

from skill.builder import create_handler
from skill.chat.resolver import Resolver
from skill.content import Content, load_content
from skill.conversation import Guide, Turn
from skill.settings import Settings
from skill.ssml import to_display_text
from skill.state import ConversationState

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

# For the whole test process, also before any fixture runs: skills built while tests are
# collected (parametrize from real answers) and module-scoped fixtures (which run before the
# autouse fixture below) must not write to the developer's data directory either.
os.environ["RUECKENMASSAGE_STORE"] = "memory://"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's own settings or writes to their data directory."""
    monkeypatch.setenv("RUECKENMASSAGE_STORE", "memory://")
    monkeypatch.delenv("ALEXA_SKILL_ID", raising=False)
    yield


@pytest.fixture
def handler() -> Handler:
    """``lambda_handler`` of a freshly built skill (fresh in-memory store per test)."""
    return create_handler(Settings())


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="session")
def guide(content: Content) -> Guide:
    return Guide(content)


@pytest.fixture(scope="session")
def words(content: Content) -> Wording:
    return Wording(content)


@pytest.fixture(scope="session")
def resolver() -> Resolver:
    return Resolver()


@pytest.fixture
def talk(handler: Handler, resolver: Resolver) -> Talk:
    return Talk(handler, resolver)


class ModelChat:
    """The conversation model driven directly, without envelopes: ``chat("acts.yes")``."""

    def __init__(self, guide: Guide, state: ConversationState | None = None) -> None:
        self.guide = guide
        self.state = state or ConversationState()
        self.turns: list[Turn] = []

    def __call__(self, act: str, *args: object, **kwargs: object) -> str:
        part, method = act.split(".")
        turn = getattr(getattr(self.guide, part), method)(self.state, *args, **kwargs)
        self.turns.append(turn)
        self.state = turn.state
        return to_display_text(turn.speech.to_ssml())

    @property
    def turn(self) -> Turn:
        return self.turns[-1]

    @property
    def reprompt(self) -> str:
        reprompt = self.turn.reprompt
        return to_display_text(reprompt.to_ssml()) if reprompt is not None else ""


@pytest.fixture
def model(guide: Guide) -> ModelChat:
    return ModelChat(guide)


@pytest.fixture
def reminders_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RemindersApiServer]:
    """A real local HTTPS server standing in for Alexa's Reminders API; ``requests`` (and so
    the skill's API client) trusts its test-made CA through ``REQUESTS_CA_BUNDLE``, the way a
    deployment would add a CA, with nothing test-only in the skill."""
    folder = tmp_path / "reminders-api"
    folder.mkdir()
    with RemindersApiServer(folder) as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca_file))
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # a proxy from the environment never sees it
        yield server


def pytest_terminal_summary(terminalreporter) -> None:
    """The sentence corpus's coverage per intent, when tests/test_sentences.py ran."""
    import test_sentences  # already imported by the run if it collected that module

    if not test_sentences.COVERAGE:
        return
    terminalreporter.section("sentence corpus: sentences the generated model lists, per intent")
    for intent, (passed, total) in test_sentences.COVERAGE.items():
        terminalreporter.write_line(f"{intent:32} {passed:4}/{total:<4} {passed / total:6.1%}")
