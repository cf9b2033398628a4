"""Shared fixtures: the real skill behind the same entry point AWS Lambda uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from skill.builder import build_skill_builder
from skill.settings import Settings

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's own settings or writes to their data directory."""
    monkeypatch.setenv("RUECKENMASSAGE_STORE", "memory://")
    monkeypatch.delenv("ALEXA_SKILL_ID", raising=False)
    yield


@pytest.fixture
def handler() -> Handler:
    """``lambda_handler`` of a freshly built skill (fresh in-memory store per test)."""
    return build_skill_builder(Settings()).lambda_handler()


def pytest_terminal_summary(terminalreporter) -> None:
    """The sentence corpus's coverage per intent, when tests/test_sentences.py ran."""
    import test_sentences  # already imported by the run if it collected that module

    if not test_sentences.COVERAGE:
        return
    terminalreporter.section("sentence corpus: sentences the generated model lists, per intent")
    for intent, (passed, total) in test_sentences.COVERAGE.items():
        terminalreporter.write_line(f"{intent:32} {passed:4}/{total:<4} {passed / total:6.1%}")
