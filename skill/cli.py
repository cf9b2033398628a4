"""The ``rueckenmassage`` command: one sub-command per job, each in its own module.

Sub-command modules are imported only when chosen, so ``rueckenmassage chat`` never loads Flask
and a missing optional dependency gives a one-line error instead of a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# sub-command -> (module, one-line help). Each module has add_arguments(parser) and run(args).
COMMANDS: dict[str, tuple[str, str]] = {
    "chat": ("skill.chat.console", "Talk to the skill in the terminal, without an Echo."),
    "serve": ("skill.web.server", "Run the HTTPS web service for Alexa (gunicorn; --dev: laptop)."),
    "package": ("skill.packaging", "Build the ASK CLI project, Lambda zip and SAM template."),
    "purge": ("skill.persistence.purge", "Delete stored progress unused for over a year."),
    "model": ("skill.nlu.command", "Build (or check) the interaction models from the templates."),
}


class CommandError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def build_parser(chosen: str | None) -> tuple[argparse.ArgumentParser, object]:
    """The parser; only the chosen sub-command's module is imported (and given its options)."""
    parser = argparse.ArgumentParser(
        prog="rueckenmassage", description="Rückenmassage, ein Alexa-Skill für die Rückenmassage."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    loaded: object = None
    for name, (module_name, help_text) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if name != chosen:
            continue
        try:
            loaded = importlib.import_module(module_name)
        except ImportError as error:
            loaded = error
            continue
        loaded.add_arguments(sub)  # type: ignore[attr-defined]
    return parser, loaded


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    parser, module = build_parser(chosen)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if isinstance(module, ImportError):
        print(
            f"rueckenmassage {args.command}: missing dependency ({module}); "
            "install with: pip install -e '.[dev]'",
            file=sys.stderr,
        )
        return 2
    try:
        return int(module.run(args) or 0)  # type: ignore[attr-defined]
    except CommandError as error:
        print(f"rueckenmassage {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
