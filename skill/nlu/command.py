"""``rueckenmassage model build|check``: the interaction models from the sentence templates."""

from __future__ import annotations

import argparse
from pathlib import Path

from skill.cli import CommandError
from skill.content import LOCALES
from skill.nlu.grammar import GrammarError, load_grammar
from skill.nlu.model import build_model, model_json
from skill.nlu.rules import MAX_MODEL_BYTES, check_model

MODELS_DIR = Path(__file__).resolve().parents[2] / "interaction_models"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=("build", "check"),
        help="build: write interaction_models/<locale>.json; "
        "check: fail if a committed model differs from a fresh build",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=MODELS_DIR,
        metavar="DIR",
        help="folder of the models (default: interaction_models/ of the repository)",
    )


def built_models() -> dict[str, str]:
    """locale -> the model's JSON text, built and checked against Alexa's rules."""
    texts: dict[str, str] = {}
    for locale in LOCALES:
        try:
            model = build_model(load_grammar(locale))
        except GrammarError as error:
            raise CommandError(str(error)) from error
        problems = check_model(model)
        if problems:
            shown = "; ".join(problems[:5])
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise CommandError(f"{locale}: {len(problems)} problem(s): {shown}{more}")
        texts[locale] = model_json(model)
    return texts


def run(args: argparse.Namespace) -> int:
    texts = built_models()
    out: Path = args.out
    if args.action == "check":
        stale = [
            locale
            for locale, text in texts.items()
            if not (out / f"{locale}.json").is_file()
            or (out / f"{locale}.json").read_text(encoding="utf-8") != text
        ]
        if stale:
            raise CommandError(
                f"{', '.join(stale)} differ(s) from the templates: run 'rueckenmassage model build'"
            )
        print(f"{len(texts)} interaction models are current")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for locale, text in texts.items():
        (out / f"{locale}.json").write_text(text, encoding="utf-8")
        size = len(text.encode("utf-8"))
        print(f"{out / f'{locale}.json'}: {size:,} of {MAX_MODEL_BYTES:,} bytes")
    return 0
