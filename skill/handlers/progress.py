"""Remembered progress: loaded when a session starts, saved when it changes, deleted on request.

The store (``skill.persistence.ProgressStore``) never raises and answers within its timeout,
so a store that is down or slow costs only the resume offer, never the answer.
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import (
    AbstractRequestHandler,
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from skill import intents
from skill.conversation import Guide, Turn
from skill.habit import local_day, summarise
from skill.handlers.base import (
    GuideIntentHandler,
    guide_of,
    load_state,
    remember_state,
    request_time,
    session_seed,
    speak,
    write_pending_state,
)
from skill.handlers.consent import CONSENT_REQUESTS
from skill.handlers.reminders import delete_reminders
from skill.persistence import ProgressStore
from skill.persistence.guard import utc_today
from skill.persistence.record import Progress
from skill.reminders_api import ApiFailure, can_remind
from skill.state import ConversationState, Pending, Program, ReminderOffer

log = logging.getLogger(__name__)

# request_attributes keys: what the store held when this request began.
_BEFORE = "rueckenmassage.progress_before"
_TOUCH = "rueckenmassage.touch_last_used"

SKILL_DISABLED = "AlexaSkillEvent.SkillDisabled"
# The end of a session counts too: a step heard through, then silence, is a step done.
# Alexa's answer to the voice consent for reminders continues the conversation as well.
_CONVERSATION_REQUESTS = (
    "LaunchRequest",
    "IntentRequest",
    "SessionEndedRequest",
    *CONSENT_REQUESTS,
)


def progress_of(state: ConversationState) -> Progress:
    """What is worth remembering of a state: where to go on (the next section once the
    current one was heard through, else the same one; nothing after the closing), the
    program and practice time the person chose, and the massages completed."""
    return Progress(
        position=state.resume_point(),
        practice_seconds=state.practice_seconds,
        completed=state.completed_with_last_step,
        program=state.program.value if state.program is not None else None,
        reminder_offer=(
            None if state.reminder_offer is ReminderOffer.NONE else state.reminder_offer.value
        ),
    )


def _worth_storing(progress: Progress) -> bool:
    return progress != Progress()


def _starts_session(handler_input: HandlerInput) -> bool:
    envelope = handler_input.request_envelope
    if is_request_type("LaunchRequest")(handler_input):
        return True
    session = envelope.session
    return session is not None and bool(session.new)


class LoadProgressInterceptor(AbstractRequestInterceptor):
    """At the start of a session: read the person's progress into the session state."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    def process(self, handler_input: HandlerInput) -> None:
        if not any(is_request_type(kind)(handler_input) for kind in _CONVERSATION_REQUESTS):
            return
        request_attributes = handler_input.attributes_manager.request_attributes
        state = load_state(handler_input)
        if _starts_session(handler_input):
            state = self._with_stored(
                handler_input, state.with_changes(seed=session_seed(handler_input))
            )
        request_attributes[_BEFORE] = progress_of(state)  # as stored after the last answer
        # Did this request come after the last answer's practice ended (heard through)? Can
        # it reach the Reminders API? Remembered for this request, written with the answer.
        state = state.with_changes(can_remind=can_remind(handler_input))
        remember_state(handler_input, state.observed(request_time(handler_input)))

    def _with_stored(
        self, handler_input: HandlerInput, state: ConversationState
    ) -> ConversationState:
        loaded = self.store.load(handler_input.request_envelope)
        state = state.with_changes(store_ok=loaded.readable)
        progress = loaded.progress
        if progress is not None:
            state = state.with_changes(
                resumable=progress.position,
                completed=progress.completed,
                practice_seconds=progress.practice_seconds,
                program=Program(progress.program) if progress.program else None,
                reminder_offer=ReminderOffer(progress.reminder_offer or ReminderOffer.NONE),
            ).with_summary(
                summarise(progress.practice_days, local_day(request_time(handler_input)))
            )
            request_attributes = handler_input.attributes_manager.request_attributes
            request_attributes[_TOUCH] = progress.last_used != utc_today()
        return state


class SaveProgressInterceptor(AbstractResponseInterceptor):
    """After each answer: store the progress if it changed (and only if it could be read)."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        request_attributes = handler_input.attributes_manager.request_attributes
        if _BEFORE not in request_attributes:
            return  # not a conversation request (SessionEnded, events)
        self._save(handler_input, request_attributes)
        write_pending_state(handler_input)

    def _save(self, handler_input: HandlerInput, request_attributes: dict) -> None:
        state = load_state(handler_input)
        if not state.store_ok:
            return
        progress = progress_of(state)
        changed = progress != request_attributes[_BEFORE]
        touch = request_attributes.get(_TOUCH) and _worth_storing(progress)
        if not (changed or touch):
            return
        # A massage completed with this answer: its day goes into the practice record.
        completed = progress.completed > request_attributes[_BEFORE].completed
        practised_on = local_day(request_time(handler_input)) if completed else None
        if not self.store.save(handler_input.request_envelope, progress, practised_on=practised_on):
            # Down, slow or refusing: stop trying for this session, so that one slow
            # store costs one delayed answer, not a delay on every step.
            remember_state(handler_input, state.with_changes(store_ok=False))


class DeleteDataHandler(GuideIntentHandler):
    """ "Lösche meine Daten": ask for confirmation first."""

    intents = (intents.DELETE_DATA,)

    def turn(self, guide: Guide, state: ConversationState, handler_input: HandlerInput) -> Turn:
        return guide.data.ask_delete(state)


class ConfirmDeleteHandler(AbstractRequestHandler):
    """ "Ja" to "Soll ich Ihre Daten löschen?": delete everything stored about the person."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (
            is_intent_name(intents.YES)(handler_input)
            and load_state(handler_input).pending is Pending.DELETE_DATA
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        guide, state = guide_of(handler_input), load_state(handler_input)
        # The skill's reminders go too (they need the session's API token, so first).
        reminders = delete_reminders(handler_input)
        if self.store.delete(handler_input.request_envelope):
            if isinstance(reminders, ApiFailure):
                about = ("reminders.data_reminders_left",)
            else:
                about = ("reminders.data_deleted_too",) if reminders else ()
            return speak(handler_input, guide.data.deleted(state, *about))
        return speak(handler_input, guide.data.delete_failed(state))


class SkillDisabledHandler(AbstractRequestHandler):
    """The person disabled the skill: forget them (no speech is possible here)."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type(SKILL_DISABLED)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        if not self.store.delete(handler_input.request_envelope):
            log.warning("skill disabled, but the stored progress could not be deleted")
        return handler_input.response_builder.response
