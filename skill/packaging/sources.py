"""Where ``package`` reads from: the repository's own files, never a second copy of them.

The skill manifest, the interaction models, the Lambda entry point, the SAM template and the
runtime dependencies are all kept once in the repository; everything in the build folder is
rendered from these paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from skill.cli import CommandError

# The repository root when ``skill`` is imported from a clone (``pip install -e .`` or the
# working directory); an installed wheel has no manifest next to it.
DEFAULT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Sources:
    root: Path

    @property
    def manifest(self) -> Path:
        return self.root / "skill.json"

    @property
    def models(self) -> Path:
        return self.root / "interaction_models"

    def model(self, locale: str) -> Path:
        return self.models / f"{locale}.json"

    @property
    def lambda_entry(self) -> Path:
        return self.root / "lambda" / "lambda_function.py"

    @property
    def package(self) -> Path:
        return self.root / "skill"

    @property
    def template(self) -> Path:
        return self.root / "deploy" / "template.yaml"

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    def check(self) -> Sources:
        """Self, if every source file is there; else a one-line ``CommandError``."""
        needed = [
            self.manifest,
            self.models,
            self.lambda_entry,
            self.package,
            self.template,
            self.pyproject,
        ]
        missing = [path for path in needed if not path.exists()]
        if missing:
            raise CommandError(
                f"{missing[0]} not found: run package from a clone of the repository "
                "(pip install -e .), where the manifest, models and template live"
            )
        return self


def default_sources() -> Sources:
    return Sources(DEFAULT_ROOT)
