"""The datasource a screen is sent with: a ``Display`` and the content, as plain JSON data.

Every datasource has the same shape (see docs/screens.md), whatever the screen, so every
binding of ``skill/apl/screen.json`` resolves against every one of them. The texts are the
content's own (steps, FAQ, tips, dialog, or what was just said); the headings and button labels
come from ``skill/locale/<locale>/screen.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from skill.content import Content
from skill.conversation.voice import number_words
from skill.display import Display, Screen
from skill.screen_labels import ScreenLabels, program_button

# The button that answers the question on screen is drawn filled, the others outlined.
PRIMARY_BUTTONS = frozenset({"begin", "next", "resume", "yes"})
TOKEN_PREFIX = "rueckenmassage"

JsonDict = dict[str, Any]


def token(display: Display) -> str:
    """The presentation token: which screen, and for the guide which section."""
    if display.position is None:
        return f"{TOKEN_PREFIX}.{display.screen.value}"
    return f"{TOKEN_PREFIX}.{display.screen.value}.{display.position}"


def datasource(display: Display, content: Content, labels: ScreenLabels) -> JsonDict:
    eyebrow, title, lines = TEXTS[display.screen](display, content, labels)
    # Of the programs, the content's default is the suggested one.
    primary = PRIMARY_BUTTONS | {program_button(content.default_program)}
    buttons = [
        {"id": button, "label": labels.buttons[button], "primary": button in primary}
        for button in display.buttons
    ]
    properties = {
        "kind": display.screen.value,
        "position": -1 if display.position is None else display.position,
        "eyebrow": eyebrow,
        "title": title,
        "lines": list(lines),
        "hint": display.hint,
        "sections": _sections(display),
        "practice": _practice(display, labels),
        "holdMs": display.hold_ms,
        "buttonCount": len(buttons),
        "buttons": buttons,
    }
    return {"screen": {"type": "object", "properties": properties}}


def _sections(display: Display) -> list[JsonDict]:
    """One dot for the preparation and each step: done, current or still to come."""
    if display.position is None:
        return []
    states = []
    for section in range(display.step_count + 1):
        if section < display.position:
            states.append({"state": "done"})
        else:
            states.append({"state": "current" if section == display.position else "todo"})
    return states


def _practice(display: Display, labels: ScreenLabels) -> JsonDict:
    countdown = display.countdown
    if countdown is None:
        return {"seconds": 0, "label": "", "totalMs": 0, "endMs": 0, "segmentCount": 0,
                "segments": []}  # fmt: skip
    segments = [
        {"startMs": s.start_ms, "endMs": s.end_ms, "doneMs": s.done_ms} for s in countdown.segments
    ]
    return {
        "seconds": countdown.seconds,
        "label": labels.heading("practice"),
        "totalMs": countdown.seconds * 1000,
        "endMs": countdown.end_ms,
        "segmentCount": len(segments),
        "segments": segments,
    }


# -- what each screen says: (eyebrow, title, lines) ----------------------------------------------
Texts = tuple[str, str, tuple[str, ...]]


def _place(display: Display, labels: ScreenLabels) -> str:
    """ "Schritt 3 von 7", "Zum Ankommen", or nothing outside the steps."""
    position = display.position
    if position == 0:
        return labels.heading("preparation")
    if position is not None and 1 <= position <= display.step_count:
        return labels.heading("step_of", number=position, total=display.step_count)
    return ""


def _launch(display: Display, content: Content, labels: ScreenLabels) -> Texts:
    return "", labels.heading("skill_name"), (content.text("launch.safety"),)


def _guide(display: Display, content: Content, labels: ScreenLabels) -> Texts:
    position = display.position or 0
    section = content.preparation if position == 0 else content.step(position)
    return _place(display, labels), section.title, section.instructions


def _breathing(display: Display, content: Content, labels: ScreenLabels) -> Texts:
    return _place(display, labels), labels.heading("breathing"), ()


def _closing(display: Display, content: Content, labels: ScreenLabels) -> Texts:
    total = number_words(display.step_count)
    done = _as_said(display, content, ("closing.all_done", "closing.last_step_done"), total=total)
    rest = _as_said(display, content, ("closing.rest",))
    return "", labels.heading("closing"), (done, rest)


def _as_said(display: Display, content: Content, keys: tuple[str, ...], **values: str) -> str:
    """The phrasing of one of the dialog ``keys`` that this answer spoke (several phrasings
    per key: the screen shows the words just heard), else the first one."""
    phrasings = [text.format(**values) for key in keys for text in content.variants(key)]
    return next((text for text in phrasings if text in display.spoken), phrasings[0])


def _faq(display: Display, content: Content, labels: ScreenLabels) -> Texts:
    """The question and the answer, with the advice for a condition the person named
    (the reference is "when_not.pregnancy", as the conversation stores it)."""
    faq_id, _, condition_id = display.ref.partition(".")
    faq = content.faq.get(faq_id)
    if faq is None:  # a stale or tampered session: show what was said instead
        return _place(display, labels), labels.heading("skill_name"), (display.spoken,)
    condition = faq.condition(condition_id or None)
    advice = (condition.advice,) if condition is not None and condition.advice else ()
    return labels.heading("faq"), faq.question, faq.answer + advice


def _tip(display: Display, content: Content, labels: ScreenLabels) -> Texts:
    tip = content.tip(display.ref) or content.tips[0]
    return _place(display, labels), labels.heading("tip"), (tip.text,)


def _tips(display: Display, content: Content, labels: ScreenLabels) -> Texts:
    return _place(display, labels), labels.heading("tips"), tuple(t.text for t in content.tips)


def _said(heading: str) -> Callable[[Display, Content, ScreenLabels], Texts]:
    """Screens that show what was just said, under ``heading``."""

    def texts(display: Display, content: Content, labels: ScreenLabels) -> Texts:
        return _place(display, labels), labels.heading(heading), (display.spoken,)

    return texts


TEXTS: dict[Screen, Callable[[Display, Content, ScreenLabels], Texts]] = {
    Screen.LAUNCH: _launch,
    Screen.GUIDE: _guide,
    Screen.BREATHING: _breathing,
    Screen.CLOSING: _closing,
    Screen.FAQ: _faq,
    Screen.TIP: _tip,
    Screen.TIPS: _tips,
    Screen.PAUSE: _said("pause"),
    Screen.PAIN: _said("pain"),
    Screen.MESSAGE: _said("skill_name"),
}
