"""The one function that builds the skill, shared by AWS Lambda, the web service and ``chat``."""

from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.api_client import BoundedApiClient
from skill.content import load_content
from skill.entry import SkillEntry
from skill.handlers import register_handlers
from skill.persistence import ProgressStore, store_from_env
from skill.screen_labels import load_labels
from skill.settings import Settings


def build_skill_builder(
    settings: Settings | None = None, store: ProgressStore | None = None
) -> CustomSkillBuilder:
    """A configured skill builder; ``.create()`` gives the skill.

    Settings and the store come from the environment unless given; a bad value raises
    ``SettingsError`` with a one-line message, before any request is taken. Serve requests
    through :func:`create_handler` (or :class:`skill.entry.SkillEntry`), not the SDK's
    ``lambda_handler()``: the entry checks the skill id itself, without raising.
    """
    settings = Settings.from_env() if settings is None else settings
    store = store_from_env() if store is None else store
    load_content()  # validate the content once at start-up, not on the first request
    load_labels()  # and the screens' headings and button labels
    # The service client factory (the Reminders API) needs an API client. It is the SDK's
    # DefaultApiClient, with timeouts and imported on first use (skill/api_client.py).
    builder = CustomSkillBuilder(api_client=BoundedApiClient())
    builder.skill_id = settings.skill_id
    register_handlers(builder, store)
    return builder


def create_skill(
    settings: Settings | None = None, store: ProgressStore | None = None
) -> CustomSkill:
    builder = build_skill_builder(settings, store)
    # SkillEntry checks the skill id before the SDK sees the request, and answers a wrong one
    # quietly; the SDK's own check raises (even AttributeError without a context).
    builder.skill_id = None
    return builder.create()


def create_handler(
    settings: Settings | None = None, store: ProgressStore | None = None
) -> SkillEntry:
    """``lambda_handler(event, context)``: the skill as AWS Lambda calls it; never raises."""
    settings = Settings.from_env() if settings is None else settings
    return SkillEntry(create_skill(settings, store), settings.skill_id)
