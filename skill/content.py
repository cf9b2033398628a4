"""Load and validate the spoken content (``skill/locale/<locale>/*.toml``) once at start-up.

Every German sentence the skill speaks lives in those files. A missing key, an unknown key
(a typo), a placeholder a text may not use or a step without a title stops start-up with a
``ContentError`` that names the file and the key, instead of a broken sentence at run time.
"""

from __future__ import annotations

import re
import string
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from skill.state import STEP_COUNT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

LOCALE_DIR = Path(__file__).parent / "locale"

# Locales the skill answers in, and the content folder each one reads. The model is the same
# for the three German-speaking markets, and so are the strings.
LOCALES: dict[str, str] = {"de-DE": "de-DE", "de-AT": "de-DE", "de-CH": "de-DE"}
DEFAULT_LOCALE = "de-DE"

PRACTICE_KINDS = ("massage", "breathing")
# An FAQ's intent name as the interaction model declares it ("FaqAidsIntent").
_INTENT_NAME = re.compile(r"^[A-Z][A-Za-z]*Intent$")
# Ids of steps, tips, FAQ and conditions: they become slot value ids and state references.
_ID = re.compile(r"^[a-z][a-z_]*$")

# dialog.toml: every key the code uses, with the placeholders its text may contain.
_PLACE = {"place"}
_STEP = {"number", "total", "title"}
_SECONDS = {"seconds"}
DIALOG_KEYS: dict[str, dict[str, set[str]]] = {
    "launch": {
        "welcome": set(),
        "safety": set(),
        "ask_begin": set(),
        "reprompt_begin": set(),
        "alternatives": set(),
        "reprompt_alternatives": set(),
        "welcome_back": set(),
        "welcome_back_resume": _PLACE,
        "reprompt_resume": set(),
        "welcome_back_completed_one": set(),
        "welcome_back_completed_many": {"count"},
    },
    "places": {
        "preparation": set(),
        "step": {"number", "title"},
        "closing": set(),
        "next_preparation": set(),
        "next_closing": set(),
    },
    "guide": {
        "preparation_heading": set(),
        "step_heading": _STEP,
        "next_is": _PLACE,
        "say_next": set(),
        "reprompt_next": set(),
        "ask_continue": set(),
        "reprompt_continue": _PLACE,
        "ask_resume_same": _PLACE,
        "ask_tips": {"count"},
        "reprompt_tips": set(),
        "already_finished": set(),
        "ask_restart": set(),
        "reprompt_restart": set(),
        "at_start": set(),
        "skip_done": set(),
        "skip_ok": set(),
        "step_missing": {"requested", "total"},
        "step_unclear": {"total"},
        "reprompt_step_choice": {"total"},
    },
    "status": {
        "not_started": set(),
        "at_preparation": set(),
        "at_step": _STEP,
        "at_closing": {"total"},
        "paused": set(),
        "duration": {"total", "seconds", "minutes"},
        "remaining": {"minutes"},
        "remaining_short": set(),
    },
    "practice": {
        "changed": _SECONDS,
        "reset": _SECONDS,
        "at_max": _SECONDS,
        "at_min": _SECONDS,
        "clamped": {"min", "max"},
        "unclear": set(),
    },
    "pause": {"paused": _PLACE, "how_to_resume": set(), "reprompt": set()},
    "pain": {
        "stop": set(),
        "doctor": set(),
        "held": _PLACE,
        "ask_gentler": set(),
        "reprompt": set(),
        "before_start": set(),
        "take_care": set(),
    },
    "tips": {"ask_another": set(), "reprompt_another": set(), "all_given": {"count"}},
    "thanks": {"reply": set()},
    "breathing": {"intro": set(), "outro": set()},
    "help": {
        "at_launch": set(),
        "in_guide": _PLACE,
        "finished": set(),
        "ask": set(),
        "reprompt": set(),
    },
    "fallback": {
        "not_understood": set(),
        "hint_launch": set(),
        "hint_guide": set(),
        "hint_finished": set(),
        "hint_pain": set(),
    },
    "data": {
        "ask_delete": set(),
        "reprompt_delete": set(),
        "deleted": set(),
        "kept": set(),
        "failed": set(),
    },
    "session": {
        "goodbye": set(),
        "error": set(),
        "reprompt_error": set(),
        "what_now": set(),
        "okay": set(),
    },
}


class ContentError(ValueError):
    """The content files are incomplete or inconsistent; the message names file and key."""


@dataclass(frozen=True)
class Section:
    """The preparation or one of the seven steps."""

    id: str
    title: str
    instructions: tuple[str, ...]
    practice: str  # "massage" or "breathing"
    cues: tuple[str, ...] = ()
    # What people call the step ("zum Dehnen"): values of the StepName slot (steps only).
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Practice:
    cue_interval_seconds: int
    breathe_in: str
    breathe_in_seconds: int
    breathe_out: str
    breathe_out_seconds: int
    start: str
    end: str
    breathing_exercise_cycles: int

    @property
    def breath_cycle_seconds(self) -> int:
        return self.breathe_in_seconds + self.breathe_out_seconds


@dataclass(frozen=True)
class Condition:
    """A health condition a person may name with an FAQ ("darf ich das in der Schwangerschaft").

    ``advice`` is said after the FAQ's answer for conditions the guide does not cover (ask a
    doctor first); conditions the answer itself names have none.
    """

    id: str
    names: tuple[str, ...]
    advice: str | None


@dataclass(frozen=True)
class Faq:
    id: str
    intent: str  # the interaction model's intent for this question
    question: str
    answer: tuple[str, ...]
    sentences: tuple[str, ...]  # hassil templates: how people ask it (skill/nlu)
    conditions: tuple[Condition, ...] = ()

    def condition(self, condition_id: str | None) -> Condition | None:
        return next((c for c in self.conditions if c.id == condition_id), None)


@dataclass(frozen=True)
class Tip:
    id: str
    text: str
    names: tuple[str, ...]  # what people call its topic ("Wärme"): the TipTopic slot


@dataclass(frozen=True)
class Content:
    locale: str
    preparation: Section
    preparation_cycles: int
    steps: tuple[Section, ...]
    closing: tuple[str, ...]
    practice: Practice
    faq: dict[str, Faq]
    tips_intro: str
    tips: tuple[Tip, ...]
    dialog: dict[str, dict[str, str]]

    def text(self, key: str, **values: object) -> str:
        """The dialog text ``section.name`` with its placeholders filled in."""
        section, name = key.split(".", 1)
        template = self.dialog[section][name]
        return template.format(**values)

    def step(self, number: int) -> Section:
        return self.steps[number - 1]

    def step_number(self, step_id: str) -> int | None:
        """The position of the step with id ``step_id`` (1-based), else ``None``."""
        ids = [step.id for step in self.steps]
        return ids.index(step_id) + 1 if step_id in ids else None

    def tip(self, tip_id: str) -> Tip | None:
        return next((tip for tip in self.tips if tip.id == tip_id), None)

    @property
    def faq_intents(self) -> dict[str, str]:
        """Intent name -> FAQ id, for every question in the data."""
        return {faq.intent: faq.id for faq in self.faq.values()}


def content_folder(locale: str | None) -> str:
    return LOCALES.get(locale or DEFAULT_LOCALE, LOCALES[DEFAULT_LOCALE])


def load_content(locale: str = DEFAULT_LOCALE, root: Path | None = None) -> Content:
    """Read and validate one locale's content; cached, so each process reads it once.

    ``root`` defaults to ``LOCALE_DIR`` as it is when called (tests point it elsewhere).
    """
    return _load_content(content_folder(locale), LOCALE_DIR if root is None else root)


@cache
def _load_content(locale: str, root: Path) -> Content:
    folder = root / locale
    guide = _read(folder / "guide.toml")
    practice = _read(folder / "practice.toml")
    faq = _read(folder / "faq.toml")
    tips = _read(folder / "tips.toml")
    dialog = _read(folder / "dialog.toml")
    return Content(
        locale=locale,
        preparation=_section(guide, "preparation", "guide.toml"),
        preparation_cycles=_int(guide["preparation"], "breathing_cycles", "guide.toml", 1, 12),
        steps=_steps(guide),
        closing=_strings(guide.get("closing", {}), "sentences", "guide.toml [closing]"),
        practice=_practice(practice),
        faq=_faq(faq),
        tips_intro=_template(tips, "intro", "tips.toml", {"count"}),
        tips=_tips(tips),
        dialog=_dialog(dialog),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise ContentError(f"{path}: file missing") from error
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path}: {error}") from error


def _string(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' must be a non-empty text")
    return value.strip()


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: '{key}' must be a non-empty list of texts")
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise ContentError(f"{where}: '{key}' has an empty or non-text entry")
    return tuple(item.strip() for item in value)


def _int(table: dict[str, Any], key: str, where: str, low: int, high: int) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ContentError(f"{where}: '{key}' must be a whole number from {low} to {high}")
    return value


def _section(table: dict[str, Any], key: str, where: str) -> Section:
    data = table.get(key)
    if not isinstance(data, dict):
        raise ContentError(f"{where}: section [{key}] missing")
    return _section_from(data, key, f"{where} [{key}]")


def _section_from(data: dict[str, Any], section_id: str, where: str) -> Section:
    practice = data.get("practice")
    if practice not in PRACTICE_KINDS:
        raise ContentError(f"{where}: 'practice' must be one of {', '.join(PRACTICE_KINDS)}")
    cues = _strings(data, "cues", where) if practice == "massage" else ()
    return Section(
        id=section_id,
        title=_string(data, "title", where),
        instructions=_strings(data, "instructions", where),
        practice=practice,
        cues=cues,
        names=_strings(data, "names", where) if "names" in data else (),
    )


def _steps(guide: dict[str, Any]) -> tuple[Section, ...]:
    raw = guide.get("steps")
    if not isinstance(raw, list) or len(raw) != STEP_COUNT:
        raise ContentError(f"guide.toml: exactly {STEP_COUNT} [[steps]] are needed")
    steps = []
    for number, data in enumerate(raw, start=1):
        where = f"guide.toml step {number}"
        if not isinstance(data, dict):
            raise ContentError(f"{where}: must be a table")
        step = _section_from(data, _id(data, where), where)
        if not step.names:
            raise ContentError(f"{where}: 'names' (what people call the step) missing")
        steps.append(step)
    _unique([step.id for step in steps], "guide.toml: step ids")
    return tuple(steps)


def _practice(data: dict[str, Any]) -> Practice:
    where = "practice.toml"
    practice = Practice(
        cue_interval_seconds=_int(data, "cue_interval_seconds", where, 1, 10),
        breathe_in=_string(data, "breathe_in", where),
        breathe_in_seconds=_int(data, "breathe_in_seconds", where, 1, 10),
        breathe_out=_string(data, "breathe_out", where),
        breathe_out_seconds=_int(data, "breathe_out_seconds", where, 1, 10),
        start=_string(data, "start", where),
        end=_string(data, "end", where),
        breathing_exercise_cycles=_int(data, "breathing_exercise_cycles", where, 1, 12),
    )
    _reject_unknown(data, set(Practice.__dataclass_fields__), where)
    return practice


def _faq(data: dict[str, Any]) -> dict[str, Faq]:
    entries = data.get("faq")
    if not isinstance(entries, list) or not entries:
        raise ContentError("faq.toml: [[faq]] entries missing")
    faq: dict[str, Faq] = {}
    for index, entry in enumerate(entries, start=1):
        where = f"faq.toml entry {index}"
        if not isinstance(entry, dict):
            raise ContentError(f"{where}: must be a table")
        intent = _string(entry, "intent", where)
        if not _INTENT_NAME.match(intent):
            raise ContentError(f"{where}: intent {intent!r} must look like 'FaqTopicIntent'")
        item = Faq(
            id=_id(entry, where),
            intent=intent,
            question=_string(entry, "question", where),
            answer=_strings(entry, "answer", where),
            sentences=_strings(entry, "sentences", where),
            conditions=_conditions(entry.get("conditions", []), where),
        )
        faq[item.id] = item
    _unique([entry.get("id") for entry in entries], "faq.toml: ids")
    _unique([item.intent for item in faq.values()], "faq.toml: intents")
    return faq


def _conditions(entries: object, where: str) -> tuple[Condition, ...]:
    if not isinstance(entries, list):
        raise ContentError(f"{where}: 'conditions' must be a list of [[faq.conditions]]")
    conditions = []
    for index, entry in enumerate(entries, start=1):
        at = f"{where} condition {index}"
        if not isinstance(entry, dict):
            raise ContentError(f"{at}: must be a table")
        advice = _string(entry, "advice", at) if "advice" in entry else None
        conditions.append(Condition(_id(entry, at), _strings(entry, "names", at), advice))
    _unique([condition.id for condition in conditions], f"{where}: condition ids")
    return tuple(conditions)


def _tips(data: dict[str, Any]) -> tuple[Tip, ...]:
    entries = data.get("tips")
    if not isinstance(entries, list) or not entries:
        raise ContentError("tips.toml: [[tips]] entries missing")
    tips = []
    for index, entry in enumerate(entries, start=1):
        where = f"tips.toml entry {index}"
        if not isinstance(entry, dict):
            raise ContentError(f"{where}: must be a table")
        tips.append(
            Tip(
                id=_id(entry, where),
                text=_string(entry, "text", where),
                names=_strings(entry, "names", where),
            )
        )
    _unique([tip.id for tip in tips], "tips.toml: ids")
    return tuple(tips)


def _id(table: dict[str, Any], where: str) -> str:
    value = _string(table, "id", where)
    if not _ID.match(value) or len(value) > 40:
        raise ContentError(f"{where}: id {value!r} must be lowercase letters and '_'")
    return value


def _unique(values: list[Any], what: str) -> None:
    if len(set(values)) != len(values):
        raise ContentError(f"{what} must be unique")


def _dialog(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    _reject_unknown(data, set(DIALOG_KEYS), "dialog.toml")
    dialog: dict[str, dict[str, str]] = {}
    for section, keys in DIALOG_KEYS.items():
        table = data.get(section)
        if not isinstance(table, dict):
            raise ContentError(f"dialog.toml: section [{section}] missing")
        _reject_unknown(table, set(keys), f"dialog.toml [{section}]")
        dialog[section] = {}
        for key, allowed in keys.items():
            dialog[section][key] = _template(table, key, f"dialog.toml [{section}]", allowed)
    return dialog


def _template(table: dict[str, Any], key: str, where: str, allowed: set[str]) -> str:
    """A text that may use only the ``allowed`` {placeholders}."""
    text = _string(table, key, where)
    used = placeholders(text)
    if not used <= allowed:
        raise ContentError(
            f"{where} {key}: unknown placeholder(s) {sorted(used - allowed)}; "
            f"allowed: {sorted(allowed) or 'none'}"
        )
    return text


def _reject_unknown(table: dict[str, Any], known: set[str], where: str) -> None:
    unknown = set(table) - known
    if unknown:
        raise ContentError(f"{where}: unknown key(s) {sorted(unknown)}")


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a format string uses; a malformed template is a ContentError."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        raise ContentError(f"malformed placeholder in {template!r}: {error}") from error
