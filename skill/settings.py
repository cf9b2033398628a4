"""Settings read from the environment, validated once at start-up."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

# Alexa skill ids look like amzn1.ask.skill.<uuid>.
_SKILL_ID = re.compile(r"^amzn1\.ask\.skill\.[0-9a-fA-F-]{36}$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}

SKILL_ID_ENV = "ALEXA_SKILL_ID"
ANY_SKILL_ENV = "RUECKENMASSAGE_ALLOW_ANY_SKILL"


class SettingsError(ValueError):
    """A setting has a value the skill cannot use; the message is one line."""


@dataclass(frozen=True)
class Settings:
    skill_id: str | None = None  # ALEXA_SKILL_ID: refuse requests for any other skill
    # RUECKENMASSAGE_ALLOW_ANY_SKILL: the production web service runs without a skill id
    # only when this says so (it would answer correctly signed requests of other skills).
    allow_any_skill: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        skill_id = env.get(SKILL_ID_ENV, "").strip() or None
        if skill_id is not None and not _SKILL_ID.match(skill_id):
            raise SettingsError(
                f"{SKILL_ID_ENV}={skill_id!r} is not a skill id (expected amzn1.ask.skill.<uuid>)"
            )
        any_skill = env.get(ANY_SKILL_ENV, "").strip().lower()
        if any_skill not in _TRUE | _FALSE:
            raise SettingsError(f"{ANY_SKILL_ENV}={any_skill!r} is not valid; use 1 or 0")
        return cls(skill_id=skill_id, allow_any_skill=any_skill in _TRUE)

    def allowing_any_skill(self) -> Settings:
        return replace(self, allow_any_skill=True)

    def require_skill_id(self) -> None:
        """For the production web service: one line unless a skill id or the opt-out is set."""
        if self.skill_id is None and not self.allow_any_skill:
            raise SettingsError(
                f"{SKILL_ID_ENV} is not set: set it to the skill's id (amzn1.ask.skill.<uuid>), "
                f"or start with --allow-any-skill ({ANY_SKILL_ENV}=1) to answer any skill"
            )
