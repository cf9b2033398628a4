"""The one function that builds the skill, shared by AWS Lambda, the web service and ``chat``."""

from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.content import load_content
from skill.handlers import register_handlers
from skill.persistence import ProgressStore, store_from_env
from skill.screen_labels import load_labels
from skill.settings import Settings


def build_skill_builder(
    settings: Settings | None = None, store: ProgressStore | None = None
) -> CustomSkillBuilder:
    """A configured skill builder; ``.lambda_handler()`` or ``.create()`` gives the skill.

    Settings and the store come from the environment unless given; a bad value raises
    ``SettingsError`` with a one-line message, before any request is taken.
    """
    settings = Settings.from_env() if settings is None else settings
    store = store_from_env() if store is None else store
    load_content()  # validate the content once at start-up, not on the first request
    load_labels()  # and the screens' headings and button labels
    builder = CustomSkillBuilder()
    builder.skill_id = settings.skill_id
    register_handlers(builder, store)
    return builder


def create_skill(
    settings: Settings | None = None, store: ProgressStore | None = None
) -> CustomSkill:
    return build_skill_builder(settings, store).create()
