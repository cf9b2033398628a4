"""Settings read from the environment, validated once at start-up."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

# Alexa skill ids look like amzn1.ask.skill.<uuid>.
_SKILL_ID = re.compile(r"^amzn1\.ask\.skill\.[0-9a-fA-F-]{36}$")


class SettingsError(ValueError):
    """A setting has a value the skill cannot use; the message is one line."""


@dataclass(frozen=True)
class Settings:
    skill_id: str | None = None  # ALEXA_SKILL_ID: refuse requests for any other skill

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        skill_id = env.get("ALEXA_SKILL_ID", "").strip() or None
        if skill_id is not None and not _SKILL_ID.match(skill_id):
            raise SettingsError(
                f"ALEXA_SKILL_ID={skill_id!r} is not a skill id (expected amzn1.ask.skill.<uuid>)"
            )
        return cls(skill_id=skill_id)
