"""Shared fixtures: the real skill behind the same entry point AWS Lambda uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from skill.builder import create_handler
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
    return create_handler(Settings())
