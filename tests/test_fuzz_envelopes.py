"""Property: whatever event reaches ``lambda_handler``, nothing raises out of it, and the
answer is valid (issue 10, finding 6: 113,010 fuzzed envelopes had raised 1,500 exceptions
and drawn 2,335 generic error replies).

Envelopes start from the shapes Alexa sends (launch, every handled intent with its slots,
session end, skill events) and are then bent: wrong types anywhere, missing parts, unknown
request types and intents, odd slot values (Unicode digits, huge numbers, ISO durations),
session attributes and a session state of any JSON, extra keys, other skills' ids. The
checks are the ones every test applies (``skill_checks``), plus: no error was logged, since
the generic error reply logs one.

CI runs ``FUZZ_EXAMPLES`` (default 300) cases; ``make fuzz`` runs 100,000.
"""

from __future__ import annotations

import copy
import logging
import os
from collections import Counter
from typing import Any

from alexa_pki import OTHER_SKILL_ID, SKILL_ID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from skill_checks import assert_answer_fits

from skill import intents
from skill.builder import create_handler
from skill.chat import envelopes as env
from skill.content import LOCALES, load_content
from skill.handlers import handled_intents
from skill.settings import Settings
from skill.state import SESSION_KEY, ConversationState, Pending, Said

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))

# -- values --------------------------------------------------------------------------------------
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=12,
)
NUMBER_TEXT = st.sampled_from(
    ["0", "1", "4", "7", "8", "30", "99", "120", "100000", "1000000", "?", "", " ", "²", "①",
     "٣", "\uff14", "-1", "+3", "3.5", "vier", "9" * 50, "PT30S", "PT1M30S", "P1D", "PT", "PT²S",
     "PT" + "9" * 5000 + "S"]
) | st.text(max_size=12)
SLOT_VALUE = NUMBER_TEXT | SCALARS
STATE_KEYS = st.sampled_from([*ConversationState().to_attributes(), "extra"])
POSITIONS = st.none() | st.integers(-1, 9)
PENDING = st.sampled_from(list(Pending))
SAID = st.sampled_from(list(Said))
_CONTENT = load_content()
# Ids that entity resolution could send: the model's own (steps, tips, directions, conditions)
# and some it never would.
RESOLVED = st.sampled_from(
    [step.id for step in _CONTENT.steps] + [tip.id for tip in _CONTENT.tips]
    + [condition.id for faq in _CONTENT.faq.values() for condition in faq.conditions]
    + ["longer", "shorter", "reset", "x", "", None]
)
STATUSES = st.sampled_from(["ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", "BOGUS"])
SHORT_TEXT = st.text(max_size=8)


@st.composite
def slot(draw: st.DrawFn, name: str) -> Any:
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(JSON)
    body: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if choice != 1:
        body["value"] = draw(SLOT_VALUE)
    if draw(st.booleans()):
        resolved = draw(RESOLVED)
        status = draw(STATUSES)
        authority = {"authority": "amzn1.er-authority.echo-sdk.x.T", "status": {"code": status}}
        if resolved is not None:
            authority["values"] = [{"value": {"name": resolved, "id": resolved}}]
        body["resolutions"] = {"resolutionsPerAuthority": [authority]}
    if draw(st.integers(0, 9)) == 0:
        body[draw(SHORT_TEXT)] = draw(JSON)
    return body


SLOT_NAMES = [
    intents.SLOT_STEP_NUMBER, intents.SLOT_STEP_ORDINAL, intents.SLOT_STEP_NAME,
    intents.SLOT_SECONDS, intents.SLOT_DURATION, intents.SLOT_DIRECTION,
    intents.SLOT_TIP_TOPIC, intents.SLOT_CONDITION,
]
# Strategies are built once: building one per draw made generation most of the run time.
SLOTS = st.dictionaries(st.sampled_from(SLOT_NAMES), st.just(None), max_size=3)
SLOT_BY_NAME = {name: slot(name) for name in SLOT_NAMES}
INTENT_NAMES = st.sampled_from(sorted(handled_intents(load_content()))) | st.text(max_size=30)
KEY_TEXT = st.text(max_size=12)
USERS = st.sampled_from([f"amzn1.ask.account.FUZZ{n}" for n in range(5)])
APPLICATIONS = st.sampled_from([SKILL_ID, SKILL_ID, OTHER_SKILL_ID])
LOCALE_VALUES = st.sampled_from([*LOCALES, "en-US", "xx"]) | st.text(max_size=20)
KINDS = st.sampled_from(["launch", "intent", "intent", "intent", "ended", "event"])
EVENTS = st.sampled_from(["AlexaSkillEvent.SkillEnabled", "AlexaSkillEvent.SkillDisabled"])


@st.composite
def state_value(draw: st.DrawFn) -> Any:
    """A session state: any JSON, or the real shape with a few fields bent."""
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return draw(JSON)
    position = draw(POSITIONS)
    state = ConversationState().at(position) if position in range(0, 9) else ConversationState()
    data = state.with_changes(pending=draw(PENDING), said=draw(SAID)).to_attributes()
    for _ in range(draw(st.integers(0, 3))):  # bend a few fields
        key = draw(STATE_KEYS)
        data[key] = draw(FIELD_VALUES)
    return data


ATTRIBUTES = (
    st.fixed_dictionaries({SESSION_KEY: state_value()})
    | st.dictionaries(st.text(max_size=10), JSON, max_size=3)
    | JSON
)
STATE_VALUES = st.sampled_from([p.value for p in Pending] + [s.value for s in Said])
FIELD_VALUES = JSON | st.integers(-5, 130) | STATE_VALUES


@st.composite
def alexa_event(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 49)) == 0:
        return draw(JSON)  # not an envelope at all
    kind = draw(KINDS)
    user = draw(USERS)
    application = draw(APPLICATIONS)
    locale = draw(LOCALE_VALUES)
    common = {"user_id": user, "application_id": application, "locale": locale} if isinstance(
        locale, str) else {"user_id": user, "application_id": application}
    if kind == "launch":
        event = env.launch_request(new=draw(st.booleans()), **common)
    elif kind == "intent":
        name = draw(INTENT_NAMES)
        slots = {slot_name: draw(SLOT_BY_NAME[slot_name]) for slot_name in draw(SLOTS)}
        event = env.intent_request("X", new=draw(st.booleans()), **common)
        event["request"]["intent"] = {"name": name, "confirmationStatus": "NONE",
                                      **({"slots": slots} if slots else {})}
    elif kind == "ended":
        event = env.session_ended_request(**common)
    else:
        event = env.skill_event(draw(EVENTS), user_id=user, application_id=application)
    if "session" in event:
        event["session"]["attributes"] = draw(ATTRIBUTES)
    return bend(draw, event)


def bend(draw: st.DrawFn, event: dict[str, Any]) -> Any:
    """A few random changes anywhere: a part removed or replaced, a key added."""
    for _ in range(draw(st.integers(0, 3))):
        path = _paths(event)
        holder, key = path[draw(st.integers(0, len(path) - 1))]
        action = draw(st.integers(0, 2))
        if action == 0 and key is not None:
            del holder[key]
        elif action == 1 and key is not None:
            holder[key] = draw(JSON)
        else:
            holder[draw(KEY_TEXT)] = draw(JSON)
    return event


def _paths(node: dict[str, Any]) -> list[tuple[dict[str, Any], str | None]]:
    found: list[tuple[dict[str, Any], str | None]] = [(node, None)]
    for key, value in list(node.items()):
        found.append((node, key))
        if isinstance(value, dict):
            found.extend(_paths(value))
    return found


# -- the property --------------------------------------------------------------------------------
class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_every_envelope_gets_a_valid_answer_or_a_quiet_refusal() -> None:
    handlers = {None: create_handler(Settings()), SKILL_ID: create_handler(Settings(SKILL_ID))}
    errors = _Errors()
    counts: Counter[str] = Counter()
    logging.getLogger().addHandler(errors)
    try:
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck))
        @given(event=alexa_event(), skill_id=st.sampled_from([None, SKILL_ID]))
        def check(event: Any, skill_id: str | None) -> None:
            errors.messages.clear()
            original = copy.deepcopy(event)
            response = handlers[skill_id](event, None)  # must not raise
            assert_answer_fits(original, response, skill_id=skill_id)
            assert errors.messages == [], errors.messages
            counts["cases"] += 1
            spoken = bool((response.get("response") or {}).get("outputSpeech"))
            counts["spoken" if spoken else "silent"] += 1

        check()
    finally:
        logging.getLogger().removeHandler(errors)
    print(f"\nfuzz: {counts['cases']} envelopes through lambda_handler: 0 exceptions, "
          f"0 invalid responses, 0 error replies ({counts['spoken']} spoken, "
          f"{counts['silent']} silent)")
