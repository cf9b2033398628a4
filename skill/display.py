"""What a screen shows for one answer: a small pure model, derived from a ``Turn`` in one place.

``display_of`` decides the kind of screen, where the person stands in the guide, which buttons
the open question calls for, and when the practice of this answer runs
(``skill/screen_timeline.py``). It knows no APL and no ASK SDK: ``skill/screen_data.py`` fills
a datasource from it and ``skill/handlers/screen.py`` sends the document. Every text on a
screen comes from the content, never from here.

Two tables decide, one entry per enum member (tests/test_display.py checks that none is
missing, as for the conversation's own tables): what was said (``Said``) -> the kind of
screen, and what was asked (``Pending``) -> the buttons that answer it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from skill.conversation import Turn
from skill.screen_labels import PROGRAM_BUTTONS
from skill.screen_timeline import Countdown, plain_text, practice_segments, timeline
from skill.state import CLOSING, ConversationState, Pending, Said


class Screen(str, Enum):
    LAUNCH = "launch"
    GUIDE = "guide"  # the preparation or a step, with its practice countdown
    BREATHING = "breathing"  # the standalone breathing exercise, with its countdown
    CLOSING = "closing"
    FAQ = "faq"
    TIP = "tip"
    TIPS = "tips"
    PAUSE = "pause"
    PAIN = "pain"  # the pain hold
    MESSAGE = "message"  # everything else: what was said, as text


SAID_SCREENS: dict[Said, Screen] = {
    Said.NOTHING: Screen.MESSAGE,
    Said.WELCOME: Screen.LAUNCH,
    Said.STEP: Screen.GUIDE,  # at the closing's position: the closing (see _screen)
    Said.FAQ: Screen.FAQ,
    Said.TIP: Screen.TIP,
    Said.ALL_TIPS: Screen.TIPS,
    Said.BREATHING: Screen.BREATHING,
    Said.PAIN: Screen.PAIN,  # only while the guide is held (see _screen)
    Said.PAUSE: Screen.PAUSE,  # only while paused (see _screen)
    # Short answers and questions: what was said, and the buttons of the question.
    **dict.fromkeys(
        (
            Said.HELP,
            Said.WHERE,
            Said.DURATION,
            Said.PRACTICE,
            Said.PRACTICE_CHOICE,
            Said.PROGRAM,
            Said.PROGRAM_CHOICE,
            Said.FINISHED,
            Said.AT_START,
            Said.SKIP_DONE,
            Said.STEP_CHOICE,
            Said.THANKS,
            Said.NOT_UNDERSTOOD,
            Said.ALTERNATIVES,
            Said.WHAT_NOW,
            Said.OKAY,
            Said.DELETE_ASKED,
            Said.DELETE_KEPT,
            Said.DELETE_FAILED,
            Said.REMINDER_SET,
            Said.REMINDER_CHANGED,
            Said.REMINDER_LIST,
            Said.REMINDER_DELETED,
            Said.REMINDER_DECLINED,
            Said.REMINDER_ASK_TIME,
            Said.REMINDER_PROBLEM,
            Said.PRACTICE_RECORD,
        ),
        Screen.MESSAGE,
    ),
}

# Button ids; skill/handlers/touch.py maps each to the intent a person would say instead.
NAVIGATION = ("previous", "pause", "repeat", "next")
YES_NO = ("yes", "no")
IN_GUIDE = ("previous", "repeat", "next")
AFTER_THE_GUIDE = ("tips", "start_over")  # fallback.hint_finished: "Tipps", "von vorn"

Offer = Callable[[ConversationState], tuple[str, ...]]


def _always(*buttons: str) -> Offer:
    return lambda state: buttons


def _by_place(state: ConversationState) -> tuple[str, ...]:
    """Nothing asked ("nicht verstanden" in the guide, "wie lange möchten Sie üben?"): what
    can be said where the person is."""
    if state.position is None:
        return ("begin",)
    return AFTER_THE_GUIDE if state.position == CLOSING else IN_GUIDE


# What each open question offers on screen: the words its question and reprompt suggest.
PENDING_BUTTONS: dict[Pending, Offer] = {
    Pending.NONE: _by_place,
    Pending.BEGIN: _always("begin"),
    Pending.ALTERNATIVES: _always("tips", "breathing"),  # a question by voice; tips, breathing
    Pending.CONTINUE: _always(*YES_NO),
    Pending.TIPS: _always(*YES_NO),
    Pending.NEXT_TIP: _always(*YES_NO),
    Pending.RESTART: _always(*YES_NO),
    Pending.RESUME_OR_RESTART: _always("resume", "start_over"),
    Pending.DELETE_DATA: _always(*YES_NO),
    Pending.STEP_CHOICE: _always("next"),  # "„Schritt drei“, oder „weiter“": numbers by voice
    Pending.PROGRAM_CHOICE: _always(*PROGRAM_BUTTONS),
    Pending.WHAT_NOW: _always("next", "tips"),  # "„weiter“ … „Tipps“ … „stopp“"
    Pending.REMINDER_OFFER: _always(*YES_NO),  # "Soll ich Sie … erinnern?"
    # "Um wie viel Uhr?": a time is said, not touched; "nein" (the reprompt says so) backs out.
    Pending.REMINDER_TIME: _always("no"),
}
# Screens whose buttons do not follow the open question.
SCREEN_BUTTONS: dict[Screen, tuple[str, ...]] = {
    Screen.GUIDE: NAVIGATION,  # "Sagen Sie 'weiter', wenn Sie bereit sind."
    Screen.PAUSE: ("resume",),
}


@dataclass(frozen=True)
class Display:
    screen: Screen
    position: int | None  # None before the guide, 0 preparation, 1..steps, closing after
    step_count: int
    ref: str = ""  # the FAQ or tip shown
    buttons: tuple[str, ...] = ()
    countdown: Countdown | None = None
    speech_ms: int = 0  # estimated length of the whole answer
    hold_ms: int = 0  # how long the screen must stay on although nobody touches it
    spoken: str = ""  # what was said, as plain text (for screens that show just that)
    hint: str = ""  # the reprompt as plain text: what the person can say next


def display_of(turn: Turn, step_count: int) -> Display:
    """The one place that decides what the screen shows for ``turn``."""
    state = turn.state
    screen = _screen(turn)
    ssml = turn.speech.to_ssml()
    segments, speech_ms = timeline(ssml)
    countdown = None
    if turn.practice_seconds:
        practice = practice_segments(segments, turn.practice_seconds * 1000)
        countdown = Countdown(turn.practice_seconds, practice)
    return Display(
        screen=screen,
        position=state.position,
        step_count=step_count,
        ref=state.said_ref if screen in (Screen.FAQ, Screen.TIP) else "",
        buttons=() if turn.end_session else buttons_for(screen, state),
        countdown=countdown,
        speech_ms=speech_ms,
        # Keep the screen while Alexa speaks and the practice runs; the device's own idle
        # timeout (about 30 s) starts after that. A goodbye holds nothing.
        hold_ms=0 if turn.end_session else speech_ms,
        spoken=plain_text(ssml),
        hint=plain_text(turn.reprompt.to_ssml()) if turn.reprompt and not turn.end_session else "",
    )


def _screen(turn: Turn) -> Screen:
    """A last answer (a goodbye, the tips after the closing) shows its own words: nothing in
    the state tells a goodbye from the answer before it."""
    state = turn.state
    if turn.end_session:
        return Screen.MESSAGE
    screen = SAID_SCREENS[state.said]
    if screen is Screen.GUIDE:
        if state.position is None:  # not reached by the conversation; a tampered session
            return Screen.MESSAGE
        return Screen.CLOSING if state.position == CLOSING else Screen.GUIDE
    # "Pause" and "Angehalten" only while the guide really waits (pain before the start
    # holds nothing; a repeated pause after resuming says where the person is).
    if (screen is Screen.PAUSE and not state.paused) or (
        screen is Screen.PAIN and not state.pain_hold
    ):
        return Screen.MESSAGE
    return screen


def buttons_for(screen: Screen, state: ConversationState) -> tuple[str, ...]:
    if screen in SCREEN_BUTTONS:
        return SCREEN_BUTTONS[screen]
    return PENDING_BUTTONS[state.pending](state)
