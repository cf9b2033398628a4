"""Every sentence the skill speaks lives in content data, not in Python.

A spoken German sentence in code is one an editor cannot change; this test finds string
literals in the skill's own modules that look like German speech.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import skill

PACKAGE = Path(skill.__file__).parent
# (file, assigned name) of literals allowed: the last-resort error answer, used only when the
# content files themselves cannot be read, and the invocation-name rule (it lists umlauts).
ALLOWED = {("handlers/session.py", "FALLBACK_ERROR_SSML"), ("nlu/rules.py", "_INVOCATION")}
GERMAN = re.compile(r"[äöüÄÖÜß]|\b(Sie|Schritt|bitte|Massage|möchten)\b")


def speech_like_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    allowed_names = {name for file, name in ALLOWED if path.as_posix().endswith(file)}
    allowed_nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in allowed_names for t in node.targets
        ):
            allowed_nodes.update(id(n) for n in ast.walk(node.value))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and id(node) not in allowed_nodes
            and " " in node.value.strip()
            and GERMAN.search(node.value)
        ):
            found.append((node.lineno, node.value))
    return found


def test_no_spoken_german_in_python_modules() -> None:
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if "chat" in relative.parts or relative.name == "cli.py":
            continue  # the console's own labels and help are not the skill's speech
        literals = speech_like_literals(path)
        if literals:
            offenders[str(path.relative_to(PACKAGE))] = literals
    assert offenders == {}


def test_the_check_finds_german_speech(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('ANSWER = "Möchten Sie weitermachen?"\n', encoding="utf-8")
    assert speech_like_literals(sample) == [(1, "Möchten Sie weitermachen?")]
