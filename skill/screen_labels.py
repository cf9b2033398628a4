"""Headings and button labels of the screens: ``skill/locale/<locale>/screen.toml``.

Read and checked once at start-up like the rest of the content: a missing or unknown key, an
empty text or a placeholder a heading may not use stops start-up with a ``ContentError``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from skill.content import LOCALE_DIR, ContentError, content_folder, placeholders
from skill.state import Program

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

# screen.toml: every heading the screens use, with the placeholders its text may contain.
HEADINGS: dict[str, set[str]] = {
    "skill_name": set(),
    "step_of": {"number", "total"},
    "preparation": set(),
    "practice": set(),
    "closing": set(),
    "faq": set(),
    "tip": set(),
    "tips": set(),
    "breathing": set(),
    "pause": set(),
    "pain": set(),
}


def program_button(program: Program) -> str:
    """The button that chooses ``program`` ("Kurz", "Normal", "Ausführlich")."""
    return f"program_{program.value}"


PROGRAM_BUTTONS = tuple(program_button(program) for program in Program)
# Every button id a screen can offer; screen.toml labels each one.
BUTTONS = (
    *("begin", "next", "previous", "pause", "resume", "repeat", "start_over", "yes", "no"),
    *("tips", "breathing", *PROGRAM_BUTTONS),
)


@dataclass(frozen=True)
class ScreenLabels:
    headings: dict[str, str]
    buttons: dict[str, str]

    def heading(self, key: str, **values: object) -> str:
        return self.headings[key].format(**values)


@cache
def load_labels(locale: str | None = None, root: Path = LOCALE_DIR) -> ScreenLabels:
    """Read and check ``screen.toml`` of a locale; a mistake is a ``ContentError`` at once."""
    path = root / content_folder(locale) / "screen.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ContentError(f"{path}: file missing") from error
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path}: {error}") from error
    headings = _table(data, "headings", set(HEADINGS), path)
    for key, text in headings.items():
        unknown = placeholders(text) - HEADINGS[key]
        if unknown:
            raise ContentError(f"{path} [headings] {key}: unknown placeholder(s) {sorted(unknown)}")
    return ScreenLabels(headings, _table(data, "buttons", set(BUTTONS), path))


def _table(data: dict[str, Any], name: str, keys: set[str], path: Path) -> dict[str, str]:
    table = data.get(name)
    if not isinstance(table, dict) or set(table) != keys:
        raise ContentError(f"{path}: [{name}] must have exactly the keys {sorted(keys)}")
    if not all(isinstance(text, str) and text.strip() for text in table.values()):
        raise ContentError(f"{path}: [{name}] has an empty or non-text entry")
    return {key: text.strip() for key, text in table.items()}
