"""The one place that puts an answer on a screen: a RenderDocument directive for each ``Turn``.

Only devices whose request lists ``Alexa.Presentation.APL`` get one (an Echo Dot or a car gets
the voice alone, never an error). The document is data (``skill/apl/screen.json``), read once
per process; the datasource comes from ``skill/display.py`` and ``skill/screen_data.py``.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from skill.content import Content
from skill.conversation import Turn
from skill.screen_labels import load_labels

log = logging.getLogger(__name__)

DOCUMENT_PATH = Path(__file__).resolve().parent.parent / "apl" / "screen.json"


@cache
def screen_document() -> dict[str, Any]:
    """The APL document, read on the first answer to a screen device (not at cold start)."""
    return json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))


def supports_apl(handler_input: HandlerInput) -> bool:
    envelope = handler_input.request_envelope
    system = getattr(envelope.context, "system", None) if envelope.context else None
    device = getattr(system, "device", None)
    interfaces = getattr(device, "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def add_screen(handler_input: HandlerInput, turn: Turn, content: Content) -> None:
    """Add the screen for ``turn`` to the response, if the device has a screen for it."""
    if not supports_apl(handler_input):
        return
    try:
        directive = render_directive(turn, content)
    except Exception:  # a broken screen must never cost the spoken answer
        log.exception("could not build the screen; answering by voice only")
        return
    handler_input.response_builder.add_directive(directive)


def render_directive(turn: Turn, content: Content) -> Any:
    # Imported here, not at cold start: the APL models cost ~20 ms and the display model a few
    # more, paid only by the first request from a screen device.
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    from skill.display import display_of
    from skill.screen_data import datasource, token

    display = display_of(turn, len(content.steps))
    return RenderDocumentDirective(
        token=token(display),
        document=screen_document(),
        datasources=datasource(display, content, load_labels(content.locale)),
    )
