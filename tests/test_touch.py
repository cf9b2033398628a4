"""Touching a button does exactly what saying the matching words does.

The buttons are read from the rendered document (their own SendEvent arguments with the real
datasource); each press is compared with the voice intent its label stands for, from the same
state: the same new state, the same speech, the same next screen.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from apl_bindings import rendered_send_events
from screen_requests import ask, properties, screen_of, state_after, touch, touch_in
from skill_checks import assert_valid_response, speech_of
from test_skill_requests import FAQ, SLOTS, STATES

from skill import intents
from skill.builder import create_handler
from skill.chat import envelopes as env
from skill.persistence import ProgressStore, SqliteAdapter
from skill.settings import Settings
from skill.state import ALL_STEPS, CLOSING, ConversationState, Pending, Program, Said

# What a person would say instead of touching the button with this label.
SAID_INSTEAD = {
    "Beginnen": intents.BEGIN_MASSAGE,
    "Weiter": intents.NEXT,
    "Zurück": intents.PREVIOUS,
    "Pause": intents.PAUSE,
    "Weitermachen": intents.RESUME,
    "Wiederholen": intents.REPEAT,
    "Von vorn": intents.START_OVER,
    "Ja": intents.YES,
    "Nein": intents.NO,
    "Tipps": intents.ALL_TIPS,
    "Atemübung": intents.BREATHING_EXERCISE,
    "Kurz": intents.CHOOSE_PROGRAM,
    "Normal": intents.CHOOSE_PROGRAM,
    "Ausführlich": intents.CHOOSE_PROGRAM,
}


def program_said(words: str, program: Program) -> dict[str, Any]:
    """ "die kurze Version": the program slot as entity resolution fills it."""
    value = env.slot(intents.SLOT_PROGRAM, words, resolved_id=program.value,
                     slot_type="ProgramLength")  # fmt: skip
    return {intents.SLOT_PROGRAM: value, intents.SLOT_DURATION: None}


# ... and the slots those words fill.
SLOTS_SAID_INSTEAD = {
    "Kurz": program_said("kurze", Program.SHORT),
    "Normal": program_said("normale", Program.NORMAL),
    "Ausführlich": program_said("ausführliche", Program.LONG),
}

# Each screen with buttons: (the intent that leads there, from this state[, its slots]).
SCREENS: dict[str, tuple[Any, ...]] = {
    "launch": (intents.REPEAT, STATES["launch"]),
    "welcome back": (
        intents.REPEAT,
        ConversationState(resumable=3, said=Said.WELCOME, pending=Pending.RESUME_OR_RESTART),
    ),
    "preparation": (intents.YES, STATES["launch"]),
    "step": (intents.NEXT, STATES["step3"]),
    "last step": (intents.NEXT, STATES["step6"]),
    "faq": (FAQ["aids"], STATES["step2"]),
    "pause": (intents.PAUSE, STATES["step5"]),
    "pain": (intents.PAIN, STATES["step2"]),
    "closing": (intents.NEXT, STATES["step7"]),
    "one tip": (intents.SINGLE_TIP, STATES["step1"]),
    "help in guide": (intents.HELP, STATES["step4"]),
    # "weiter" once the closing's question is answered (issue 9: "weiter" at "Möchten Sie
    # die Tipps hören?" now gives the tips and says goodbye, no screen with buttons).
    "finished": (
        intents.NEXT,
        ConversationState().at(CLOSING).saying(Said.FAQ, "aids", Pending.RESTART),
    ),
    "delete question": (intents.DELETE_DATA, STATES["step4"]),
    # The questions of issue 9's conversation.
    "alternatives": (intents.NO, STATES["launch"]),
    "what now": (intents.NO, STATES["step3"]),
    "step choice": (
        intents.GO_TO_STEP,
        STATES["step3"],
        {intents.SLOT_STEP_NUMBER: "99", intents.SLOT_STEP_ORDINAL: None},
    ),
    "program choice": (
        intents.CHOOSE_PROGRAM,
        STATES["step3"],
        {intents.SLOT_PROGRAM: None, intents.SLOT_DURATION: None},
    ),
    "not understood in guide": (intents.FALLBACK, STATES["step3"]),
    "not understood after the closing": (intents.FALLBACK, STATES["closing"]),
    # Issue 12: the offer of a reminder after a completed massage, and "Um wie viel Uhr?".
    "reminder offer": (
        intents.NEXT,
        ConversationState(steps_done=ALL_STEPS, store_ok=True)
        .at(CLOSING - 1)
        .asking(Pending.CONTINUE),
    ),
    "reminder time": (
        intents.SET_REMINDER,
        STATES["step3"],
        {intents.SLOT_TIME: None, **dict.fromkeys(intents.REMINDER_DAY_SLOTS)},
    ),
}
# Both requests of a comparison at the same time: the state remembers when a practice ends.
NOW = datetime(2026, 3, 2, 8, 30, tzinfo=timezone.utc)


def fresh_skill():
    return create_handler(Settings())


def buttons_of(response: dict) -> list[tuple[str, list]]:
    """(label, SendEvent arguments) of each button, as the device renders them."""
    directive = screen_of(response)
    events = rendered_send_events(directive["document"], directive["datasources"])
    labels = [button["label"] for button in properties(response)["buttons"]]
    assert len(events) == len(labels)
    return list(zip(labels, events, strict=True))


def shown_on(screen: str) -> dict:
    intent, state, *slots = SCREENS[screen]
    return ask(fresh_skill(), intent, state, slots=slots[0] if slots else SLOTS.get(intent),
               now=NOW)  # fmt: skip


def cases() -> list[tuple[str, int]]:
    found = []
    for name in SCREENS:
        found.extend((name, number) for number in range(len(buttons_of(shown_on(name)))))
    return found


@pytest.mark.parametrize(("screen", "number"), cases())
def test_a_touch_moves_the_conversation_as_the_spoken_words_do(screen, number) -> None:
    shown = shown_on(screen)
    label, arguments = buttons_of(shown)[number]
    where = state_after(shown)
    token = screen_of(shown)["token"]

    by_touch = touch(fresh_skill(), arguments, where, token, now=NOW)
    by_voice = ask(fresh_skill(), SAID_INSTEAD[label], where,
                   slots=SLOTS_SAID_INSTEAD.get(label), now=NOW)  # fmt: skip

    assert_valid_response(by_touch)
    assert by_touch["sessionAttributes"] == by_voice["sessionAttributes"], label
    assert by_touch["response"]["outputSpeech"] == by_voice["response"]["outputSpeech"]
    assert by_touch["response"].get("reprompt") == by_voice["response"].get("reprompt")
    assert by_touch["response"].get("shouldEndSession") == by_voice["response"].get(
        "shouldEndSession"
    )
    if by_voice["response"].get("shouldEndSession") is False:
        assert screen_of(by_touch)["token"] == screen_of(by_voice)["token"]
        assert properties(by_touch) == properties(by_voice)


def test_every_screen_with_a_question_has_buttons_and_each_label_is_known() -> None:
    asked = set()
    for name in SCREENS:
        shown = shown_on(name)
        pressed = buttons_of(shown)
        assert pressed, name
        assert {label for label, _ in pressed} <= set(SAID_INSTEAD), name
        asked.add(state_after(shown).pending)
    # Every question the conversation can leave open is among them (NONE: nothing asked).
    assert asked == set(Pending)


@pytest.mark.parametrize(
    "arguments",
    [["button", "fly"], ["knopf", "next"], ["button"], [], ["button", 3], "next", None],
)
def test_unknown_touch_events_get_the_not_understood_answer(handler, arguments) -> None:
    state = STATES["step3"]
    by_touch = touch(handler, arguments, state)
    by_voice = ask(handler, intents.FALLBACK, state)
    assert_valid_response(by_touch)
    assert speech_of(by_touch) == speech_of(by_voice)
    assert state_after(by_touch) == state_after(by_voice)


def test_touches_are_remembered_like_words(tmp_path: Path) -> None:
    """The progress store sees a touch as the intent it stands for (real SQLite file)."""
    store = ProgressStore(SqliteAdapter(tmp_path / "progress.db"))
    handler = create_handler(Settings(), store)
    session = env.Session(handler, supported_interfaces=env.APL_INTERFACE)
    session.send(session.launch())
    touch_in(session, ["button", "begin"])
    after = touch_in(session, ["button", "next"])
    assert state_after(after).position == 1
    session.send(session.end("USER_INITIATED"))

    again = env.Session(handler, supported_interfaces=env.APL_INTERFACE)
    welcome = again.send(again.launch())
    assert [label for label, _ in buttons_of(welcome)] == ["Weitermachen", "Von vorn"]
    resumed = touch_in(again, ["button", "resume"])
    assert state_after(resumed).position == 1
    assert properties(resumed)["title"] == properties(after)["title"]
