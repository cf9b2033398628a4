"""Reminders by voice: set, list, change and delete the skill's own reminders, and the "ja" to
the offer after a completed massage.

The Reminders API is reached through the SDK's service client factory (the skill is built
with an API client, skill/builder.py), bounded in time (skill/api_client.py). Without the
permission, Alexa asks for it by voice (``Connections.SendRequest`` "AskFor", answered in
skill/handlers/consent.py). What is said is the conversation model's (skill/conversation/
reminders.py); these handlers only make the calls and pass on what came back.
"""

from __future__ import annotations

import datetime

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill import intents
from skill.content import DEFAULT_LOCALE, LOCALES
from skill.conversation.reminders import ASKED, CHANGED, OFFERED
from skill.habit import local_now
from skill.handlers.base import (
    guide_of,
    intent_name,
    load_state,
    request_locale,
    request_time,
    speak,
)
from skill.reminder_spec import EVERY_DAY, ReminderSpec, consent_token, days_of, specs_of, time_of
from skill.reminders_api import (
    ApiFailure,
    api_reachable,
    permission_status,
    reminder_calls,
    reminder_request,
)
from skill.slots import resolved_id, slot_text
from skill.state import Pending

GRANTED = "GRANTED"


def _now(handler_input: HandlerInput) -> datetime.datetime:
    """The request's wall-clock time in the markets' zone, without a zone (skill/habit.py)."""
    return local_now(request_time(handler_input)).replace(tzinfo=None)


def _body(handler_input: HandlerInput, spec: ReminderSpec, origin: str) -> object:
    guide, state = guide_of(handler_input), load_state(handler_input)
    locale = request_locale(handler_input)
    now = _now(handler_input)
    # The offer says "ab morgen": it never rings later today.
    tomorrow = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
    return reminder_request(
        spec,
        guide.reminders.alert_text(state),
        locale if locale in LOCALES else DEFAULT_LOCALE,
        now,
        start_after=tomorrow if origin == OFFERED else None,
    )


def _problem(handler_input: HandlerInput, kind: str, origin: str) -> Response:
    return speak(
        handler_input,
        guide_of(handler_input).reminders.problem(load_state(handler_input), kind, origin),
    )


def _ask_consent(handler_input: HandlerInput, spec: ReminderSpec, origin: str) -> Response:
    turn = guide_of(handler_input).reminders.ask_consent(
        load_state(handler_input), consent_token(origin, spec)
    )
    return speak(handler_input, turn)


def set_up(
    handler_input: HandlerInput, spec: ReminderSpec, origin: str, *, consented: bool = False
) -> Response:
    """Create the reminder ``spec`` (unless the same one exists already) and confirm it."""
    if not api_reachable(handler_input):
        return _problem(handler_input, "impossible", origin)
    if not consented and permission_status(handler_input) != GRANTED:
        return _ask_consent(handler_input, spec, origin)
    reminders, state = guide_of(handler_input).reminders, load_state(handler_input)
    with reminder_calls(handler_input) as calls:
        existing = calls.own()
        if isinstance(existing, ApiFailure):
            return _problem(handler_input, existing.value, origin)
        if any(reminder.spec == spec for reminder in existing):
            return speak(handler_input, reminders.confirmed(state, (spec,), origin, already=True))
        failure = calls.create(_body(handler_input, spec, origin))
    if failure is not None:
        return _problem(handler_input, failure.value, origin)
    return speak(handler_input, reminders.confirmed(state, (spec,), origin))


def change(
    handler_input: HandlerInput,
    time: tuple[int, int] | None,
    days: frozenset[str] | None,
    *,
    consented: bool = False,
) -> Response:
    """Give the skill's reminders the new time and/or days; each keeps what was not named."""
    reminders, state = guide_of(handler_input).reminders, load_state(handler_input)
    if time is None and days is None:
        return speak(handler_input, reminders.ask_time(state, ReminderSpec(0, 0).ref, CHANGED))
    if not api_reachable(handler_input):
        return _problem(handler_input, "impossible", CHANGED)
    wanted = ReminderSpec(*(time or (0, 0)), days or EVERY_DAY)
    if not consented and permission_status(handler_input) != GRANTED:
        if time is None:  # without the permission the current time of day is unknown
            return speak(handler_input, reminders.ask_time(state, wanted.ref, CHANGED))
        return _ask_consent(handler_input, wanted, CHANGED)
    changed: list[ReminderSpec] = []
    with reminder_calls(handler_input) as calls:
        existing = calls.own()
        if isinstance(existing, ApiFailure):
            return _problem(handler_input, existing.value, CHANGED)
        if not existing:
            if consented and time is not None:  # asked to change, allowed it: there is one now
                return set_up(handler_input, wanted, ASKED, consented=True)
            return speak(handler_input, reminders.nothing_to_change(state))
        for reminder in existing:
            current = reminder.spec or wanted
            new = current.at(*(time or (current.hour, current.minute))).on(days or current.days)
            failure = calls.update(reminder.alert_token, _body(handler_input, new, CHANGED))
            if failure is not None:
                return _problem(handler_input, failure.value, CHANGED)
            changed.append(new)
    return speak(handler_input, reminders.confirmed(state, tuple(dict.fromkeys(changed)), CHANGED))


def _slots(handler_input: HandlerInput) -> tuple[tuple[int, int] | None, frozenset[str] | None]:
    spoken_time = slot_text(handler_input, intents.SLOT_TIME)
    time = time_of(spoken_time, resolved_id(handler_input, intents.SLOT_DAY_PART))
    days = days_of(resolved_id(handler_input, name) for name in intents.REMINDER_DAY_SLOTS)
    return time, days


class SetReminderHandler(AbstractRequestHandler):
    """ "Erinnere mich täglich um 19 Uhr", "montags und donnerstags um acht", and the time
    given after "Um wie viel Uhr soll ich Sie erinnern?"."""

    intents = (intents.SET_REMINDER,)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_name(handler_input) in self.intents

    def handle(self, handler_input: HandlerInput) -> Response:
        reminders, state = guide_of(handler_input).reminders, load_state(handler_input)
        time, days = _slots(handler_input)
        days = days or reminders.pending_days(state)
        if reminders.time_asked_for(state) == CHANGED:
            return change(handler_input, time, days)
        if time is None:
            return speak(
                handler_input, reminders.ask_time(state, ReminderSpec(0, 0, days or EVERY_DAY).ref)
            )
        # A time said at the offer ("ja, aber um acht") answers the offer: from tomorrow on.
        origin = OFFERED if state.pending is Pending.REMINDER_OFFER else ASKED
        return set_up(handler_input, ReminderSpec(*time, days or EVERY_DAY), origin)


class ChangeReminderHandler(SetReminderHandler):
    """ "Ändere meine Erinnerung auf 20 Uhr", "erinnere mich lieber werktags"; while a new
    reminder is being set up ("lieber um acht" at the offer or at "Um wie viel Uhr?"), that
    one."""

    intents = (intents.CHANGE_REMINDER,)

    def handle(self, handler_input: HandlerInput) -> Response:
        reminders, state = guide_of(handler_input).reminders, load_state(handler_input)
        if state.pending is Pending.REMINDER_OFFER or reminders.time_asked_for(state) == ASKED:
            return super().handle(handler_input)
        return change(handler_input, *_slots(handler_input))


class ListRemindersHandler(SetReminderHandler):
    """ "Welche Erinnerungen habe ich?": only the skill's own."""

    intents = (intents.LIST_REMINDERS,)

    def handle(self, handler_input: HandlerInput) -> Response:
        reminders, state = guide_of(handler_input).reminders, load_state(handler_input)
        if not api_reachable(handler_input):
            return _problem(handler_input, "impossible", ASKED)
        status = permission_status(handler_input)
        if status != GRANTED:
            # Never allowed: the skill cannot have set one. Refused or revoked: say so.
            if status == "DENIED":
                return _problem(handler_input, ApiFailure.NO_PERMISSION.value, ASKED)
            return speak(handler_input, reminders.listed(state, (), 0))
        with reminder_calls(handler_input) as calls:
            found = calls.own()
        if isinstance(found, ApiFailure):
            return _problem(handler_input, found.value, ASKED)
        specs = tuple(dict.fromkeys(r.spec for r in found if r.spec is not None))
        return speak(handler_input, reminders.listed(state, specs, len(found)))


class DeleteReminderHandler(SetReminderHandler):
    """ "Lösche meine Erinnerung": every reminder of the skill's (there is rarely more than one)."""

    intents = (intents.DELETE_REMINDER,)

    def handle(self, handler_input: HandlerInput) -> Response:
        reminders, state = guide_of(handler_input).reminders, load_state(handler_input)
        outcome = delete_reminders(handler_input)
        if isinstance(outcome, ApiFailure):
            return _problem(handler_input, outcome.value, ASKED)
        if outcome is None:
            return _problem(handler_input, "impossible", ASKED)
        return speak(handler_input, reminders.deleted(state, outcome))


def delete_reminders(handler_input: HandlerInput) -> int | ApiFailure | None:
    """Delete the skill's reminders: how many went, the failure, or None when the API cannot
    be reached from this request. Without the permission there are none the skill can see."""
    if not api_reachable(handler_input):
        return None
    status = permission_status(handler_input)
    if status != GRANTED:
        return ApiFailure.NO_PERMISSION if status == "DENIED" else 0
    with reminder_calls(handler_input) as calls:
        return calls.delete_all()


class ReminderOfferYesHandler(AbstractRequestHandler):
    """ "Ja" to "Soll ich Sie ab morgen jeden Tag um 19 Uhr erinnern?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (
            intent_name(handler_input) == intents.YES
            and load_state(handler_input).pending is Pending.REMINDER_OFFER
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        state = load_state(handler_input)
        specs = specs_of(state.reminder)
        spec = specs[0] if specs else guide_of(handler_input).reminders.offer_spec(state)
        return set_up(handler_input, spec, OFFERED)
