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

from skill.dialog_keys_habit import HABIT_DIALOG_KEYS
from skill.state import MAX_PRACTICE_SECONDS, MIN_PRACTICE_SECONDS, STEP_COUNT, Program

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

LOCALE_DIR = Path(__file__).parent / "locale"

# Locales the skill answers in, and the content folder each one reads. The model is the same
# for the three German-speaking markets, and so are the strings.
LOCALES: dict[str, str] = {"de-DE": "de-DE", "de-AT": "de-DE", "de-CH": "de-DE"}
DEFAULT_LOCALE = "de-DE"

# How a practice sounds (guide.toml explains each); all but "breathing" speak the step's cues.
PRACTICE_KINDS = ("massage", "breathing", "stretch", "rest")
# An FAQ's intent name as the interaction model declares it ("FaqAidsIntent").
_INTENT_NAME = re.compile(r"^[A-Z][A-Za-z]*Intent$")
# Ids of steps, tips, FAQ and conditions: they become slot value ids and state references.
_ID = re.compile(r"^[a-z][a-z_]*$")

# dialog.toml: every key the code uses, with the placeholders its text may contain.
_PLACE = {"place"}
_STEP = {"number", "total", "name"}
_PRACTICE = {"practice"}
DIALOG_KEYS: dict[str, dict[str, set[str]]] = {
    "launch": {
        "welcome": set(),
        "safety": set(),
        "ask_begin": set(),
        "reprompt_begin": set(),
        "alternatives": set(),
        "reprompt_alternatives": set(),
        "welcome_back": set(),
        "welcome_back_completed": {"nth"},
        "ask_resume": _PLACE,
        "reprompt_resume": _PLACE,
    },
    "places": {
        "preparation": set(),
        "step": {"number", "name"},
        "step_short": {"number"},
        "closing": set(),
        "next_preparation": set(),
        "next_closing": set(),
    },
    "guide": {
        "preparation_heading": set(),
        "program_intro": {"program", "minutes"},
        "program_hint": set(),
        "barge_in": set(),
        "step_heading": _STEP,
        "get_ready": set(),
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
        "ask_step": set(),
        "reprompt_step_choice": {"total"},
    },
    "closing": {"all_done": {"total"}, "last_step_done": set(), "rest": set()},
    # Card titles in the Alexa app (read, not heard: digits and the guide's own titles).
    "cards": {"step": {"number", "total", "title"}},
    "status": {
        "not_started": set(),
        "at_preparation": set(),
        "at_step": _STEP,
        "at_closing": {"total"},
        "paused": set(),
        "duration": {"program", "minutes", "practice"},
        "remaining": {"minutes"},
        "remaining_short": set(),
        "other_programs": set(),
    },
    "programs": {
        "chosen": {"program", "minutes", "practice"},
        "fits": {"program", "requested_time"},
        "none_fits": {"program"},
        "ask": set(),
        "reprompt": set(),
    },
    "practice": {
        "changed": _PRACTICE,
        "reset": _PRACTICE,
        "at_max": _PRACTICE,
        "at_min": _PRACTICE,
        "clamped": {"min", "max"},
        "unclear": set(),
    },
    "units": {
        "second_one": set(),
        "seconds": {"count"},
        "minute_one": set(),
        "minutes": {"count"},
        "one_and_a_half_minutes": set(),
        "and": {"first", "second"},
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
    "help": {"at_launch": set(), "in_guide": _PLACE, "finished": set()},
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
        "reprompt_what_now": set(),
        "okay": set(),
    },
    **HABIT_DIALOG_KEYS,
}


class ContentError(ValueError):
    """The content files are incomplete or inconsistent; the message names file and key."""


@dataclass(frozen=True)
class Section:
    """The preparation or one of the seven steps."""

    id: str
    title: str  # the guide's own title (cards)
    instructions: tuple[str, ...]
    practice: str  # one of PRACTICE_KINDS
    why: tuple[str, ...] = ()  # what it does (said unless the program keeps it short)
    cues: tuple[str, ...] = ()
    # What people call the step ("zum Dehnen"): values of the StepName slot (steps only).
    names: tuple[str, ...] = ()
    spoken: str = ""  # the step's name in running speech ("kleine Kreise"; steps only)
    hands_on: bool = False  # the hands massage during its practice


@dataclass(frozen=True)
class Practice:
    cue_interval_seconds: int
    breathe_in: str
    breathe_in_seconds: int
    breathe_out: str
    breathe_out_seconds: int
    get_ready_seconds: int
    start: tuple[str, ...]  # phrasings (one is chosen per answer)
    end: tuple[str, ...]
    breathing_exercise_cycles: int

    @property
    def breath_cycle_seconds(self) -> int:
        return self.breathe_in_seconds + self.breathe_out_seconds


@dataclass(frozen=True)
class ProgramSpec:
    """What one program ("kurz", "normal", "ausführlich") sets."""

    id: Program
    name: str  # how the skill speaks of it: "die kurze Massage"
    practice_seconds: int  # each hands-on step's practice
    hands_off_seconds: int  # the practice of steps without the hands on the back
    breathing_cycles: int  # the preparation's breathing cycles
    explain: bool  # the steps also say what they do (``Section.why``)


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
    steps: tuple[Section, ...]
    closing_title: str
    practice: Practice
    programs: dict[Program, ProgramSpec]
    default_program: Program
    faq: dict[str, Faq]
    tips_intro: str
    tips: tuple[Tip, ...]
    # section -> key -> its phrasings (one or more; all use the same placeholders)
    dialog: dict[str, dict[str, tuple[str, ...]]]

    def variants(self, key: str) -> tuple[str, ...]:
        """Every phrasing of the dialog text ``section.name``, unfilled."""
        section, name = key.split(".", 1)
        return self.dialog[section][name]

    def text(self, key: str, choice: int = 0, **values: object) -> str:
        """Phrasing number ``choice`` (modulo their count) of ``key``, placeholders filled in."""
        variants = self.variants(key)
        return variants[choice % len(variants)].format(**values)

    def program(self, program: Program | None) -> ProgramSpec:
        """A program's settings; ``None`` is the default program."""
        return self.programs[program or self.default_program]

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
    programs, default_program = _programs(practice)
    return Content(
        locale=locale,
        preparation=_section(guide, "preparation", "guide.toml"),
        steps=_steps(guide),
        closing_title=_string(guide.get("closing", {}), "title", "guide.toml [closing]"),
        practice=_practice(practice),
        programs=programs,
        default_program=default_program,
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
    cues = _strings(data, "cues", where) if practice != "breathing" else ()
    if practice in ("massage", "rest") and len(cues) < 2:
        raise ContentError(f"{where}: 'cues' needs at least two (the second one on breathing)")
    hands_on = data.get("hands_on", False)
    if not isinstance(hands_on, bool):
        raise ContentError(f"{where}: 'hands_on' must be true or false")
    return Section(
        id=section_id,
        title=_string(data, "title", where),
        instructions=_strings(data, "instructions", where),
        why=_strings(data, "why", where) if "why" in data else (),
        practice=practice,
        cues=cues,
        names=_strings(data, "names", where) if "names" in data else (),
        spoken=_string(data, "spoken", where) if "spoken" in data else "",
        hands_on=hands_on,
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
        if not step.spoken:
            raise ContentError(f"{where}: 'spoken' (its name in running speech) missing")
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
        get_ready_seconds=_int(data, "get_ready_seconds", where, 0, 10),
        start=_phrasings(data, "start", where, set()),
        end=_phrasings(data, "end", where, set()),
        breathing_exercise_cycles=_int(data, "breathing_exercise_cycles", where, 1, 12),
    )
    known = set(Practice.__dataclass_fields__) | {"programs", "default_program"}
    _reject_unknown(data, known, where)
    return practice


def _programs(data: dict[str, Any]) -> tuple[dict[Program, ProgramSpec], Program]:
    """practice.toml [programs.<id>]: exactly the programs the skill knows (``Program``)."""
    where = "practice.toml"
    table = data.get("programs")
    if not isinstance(table, dict):
        raise ContentError(f"{where}: [programs] missing")
    _reject_unknown(table, {program.value for program in Program}, f"{where} [programs]")
    programs = {}
    for program in Program:
        entry = table.get(program.value)
        at = f"{where} [programs.{program.value}]"
        if not isinstance(entry, dict):
            raise ContentError(f"{at}: missing")
        fields = set(ProgramSpec.__dataclass_fields__) - {"id"}
        _reject_unknown(entry, fields, at)
        explain = entry.get("explain")
        if not isinstance(explain, bool):
            raise ContentError(f"{at}: 'explain' must be true or false")
        low, high = MIN_PRACTICE_SECONDS, MAX_PRACTICE_SECONDS
        programs[program] = ProgramSpec(
            id=program,
            name=_string(entry, "name", at),
            practice_seconds=_int(entry, "practice_seconds", at, low, high),
            hands_off_seconds=_int(entry, "hands_off_seconds", at, low, high),
            breathing_cycles=_int(entry, "breathing_cycles", at, 1, 12),
            explain=explain,
        )
    default = data.get("default_program")
    if default not in {program.value for program in Program}:
        raise ContentError(f"{where}: 'default_program' must be one of the programs")
    return programs, Program(default)


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


def _dialog(data: dict[str, Any]) -> dict[str, dict[str, tuple[str, ...]]]:
    _reject_unknown(data, set(DIALOG_KEYS), "dialog.toml")
    dialog: dict[str, dict[str, tuple[str, ...]]] = {}
    for section, keys in DIALOG_KEYS.items():
        table = data.get(section)
        if not isinstance(table, dict):
            raise ContentError(f"dialog.toml: section [{section}] missing")
        _reject_unknown(table, set(keys), f"dialog.toml [{section}]")
        dialog[section] = {}
        for key, allowed in keys.items():
            dialog[section][key] = _phrasings(table, key, f"dialog.toml [{section}]", allowed)
    return dialog


def _phrasings(table: dict[str, Any], key: str, where: str, allowed: set[str]) -> tuple[str, ...]:
    """One text or a list of phrasings, each with only the ``allowed`` placeholders, and all
    with the same ones (a phrasing must not drop what the others say)."""
    value = table.get(key)
    texts = [value] if isinstance(value, str) else value
    if not isinstance(texts, list) or not texts:
        raise ContentError(f"{where}: '{key}' must be a text or a non-empty list of texts")
    phrasings = []
    for index, text in enumerate(texts, start=1):
        label = key if len(texts) == 1 else f"{key} (phrasing {index})"
        phrasings.append(_template({label: text}, label, where, allowed))
    used = [placeholders(text) for text in phrasings]
    if any(names != used[0] for names in used):
        raise ContentError(
            f"{where} {key}: every phrasing must use the same placeholders, not {used}"
        )
    if len(set(phrasings)) != len(phrasings):
        raise ContentError(f"{where} {key}: a phrasing is listed twice")
    return tuple(phrasings)


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
