"""The Reminders API, through the SDK's service client factory, for the handlers.

Every call is bounded (``skill.api_client``) and never raises: it returns what it got or an
``ApiFailure`` saying what kind of failure it was, and logs one line (the status, never the
token). Only the skill's own reminders are ever seen: ``GET /v1/alerts/reminders`` lists the
reminders this skill created, nothing else.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from skill.reminder_spec import ReminderSpec

log = logging.getLogger(__name__)

REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
_NO_PERMISSION = frozenset({401, 403})


class ApiFailure(str, Enum):
    NO_PERMISSION = "no_permission"  # 401/403: the permission is missing or was revoked
    UNAVAILABLE = "unavailable"  # 429, 5xx, no answer in time, not reachable
    REFUSED = "refused"  # another 4xx: the request itself was not accepted


@dataclass(frozen=True)
class OwnReminder:
    alert_token: str
    spec: ReminderSpec | None  # None: a rule this skill does not write


# -- what the request says -----------------------------------------------------------------------
def _system(handler_input: HandlerInput) -> Any:
    return getattr(getattr(handler_input.request_envelope, "context", None), "system", None)


def permission_status(handler_input: HandlerInput) -> str | None:
    """ "GRANTED" or "DENIED" when the request says so (``context.System.user.permissions``)."""
    permissions = getattr(getattr(_system(handler_input), "user", None), "permissions", None)
    scopes = getattr(permissions, "scopes", None)
    scope = scopes.get(REMINDERS_SCOPE) if isinstance(scopes, dict) else None
    status = getattr(scope, "status", None)
    value = getattr(status, "value", status)
    return value if isinstance(value, str) else None


def api_reachable(handler_input: HandlerInput) -> bool:
    """Reminders can be made from this request: it is in a session (they are created only
    in session) and carries an API endpoint and token, and the skill has an API client."""
    system = _system(handler_input)
    return (
        handler_input.request_envelope.session is not None
        and bool(getattr(system, "api_endpoint", None))
        and bool(getattr(system, "api_access_token", None))
        and handler_input.service_client_factory is not None
    )


def can_remind(handler_input: HandlerInput) -> bool:
    """Worth offering: reachable, and the person has not refused the permission."""
    return api_reachable(handler_input) and permission_status(handler_input) != "DENIED"


# -- the calls -------------------------------------------------------------------------------
def reminder_request(
    spec: ReminderSpec,
    text: str,
    locale: str,
    now: datetime.datetime,
    start_after: datetime.datetime | None = None,
) -> Any:
    """The body of a create or update: a recurring ``SCHEDULED_ABSOLUTE`` trigger in local
    time without a zone (the device's own zone applies), its rule, the German text for the
    request's locale, and a push notification."""
    from ask_sdk_model.services.reminder_management import (
        AlertInfo,
        PushNotification,
        PushNotificationStatus,
        Recurrence,
        ReminderRequest,
        SpokenInfo,
        SpokenText,
        Trigger,
        TriggerType,
    )

    first = spec.first_after(max(now, start_after) if start_after else now)
    recurrence = Recurrence(
        start_date_time=datetime.datetime.combine(first.date(), datetime.time()),
        recurrence_rules=[spec.rrule],
    )
    return ReminderRequest(
        request_time=now.replace(microsecond=0),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE, scheduled_time=first, recurrence=recurrence
        ),
        alert_info=AlertInfo(
            spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])
        ),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


class ReminderCalls:
    """The calls of one request; use as ``with reminder_calls(handler_input) as calls:``."""

    def __init__(self, handler_input: HandlerInput) -> None:
        self._client = handler_input.service_client_factory.get_reminder_management_service()

    def create(self, body: Any) -> ApiFailure | None:
        return self._call("create", lambda: self._client.create_reminder(body))

    def update(self, alert_token: str, body: Any) -> ApiFailure | None:
        return self._call("update", lambda: self._client.update_reminder(alert_token, body))

    def own(self) -> list[OwnReminder] | ApiFailure:
        """The skill's active reminders for this person."""
        found: list[OwnReminder] = []

        def listing() -> None:
            response = self._client.get_reminders()
            for alert in getattr(response, "alerts", None) or []:
                token = getattr(alert, "alert_token", None)
                status = getattr(getattr(alert, "status", None), "value", None)
                if not isinstance(token, str) or not token or status == "COMPLETED":
                    continue
                recurrence = getattr(getattr(alert, "trigger", None), "recurrence", None)
                rules = getattr(recurrence, "recurrence_rules", None) or []
                spec = ReminderSpec.from_rrule(rules[0]) if len(rules) == 1 else None
                found.append(OwnReminder(token, spec))

        failure = self._call("list", listing)
        return failure if failure is not None else found

    def delete(self, alert_token: str) -> ApiFailure | None:
        return self._call("delete", lambda: self._client.delete_reminder(alert_token))

    def delete_all(self) -> int | ApiFailure:
        """Delete every reminder of the skill's; how many went."""
        reminders = self.own()
        if isinstance(reminders, ApiFailure):
            return reminders
        for reminder in reminders:
            failure = self.delete(reminder.alert_token)
            if failure is not None:
                return failure
        return len(reminders)

    @staticmethod
    def _call(operation: str, call: Any) -> ApiFailure | None:
        from ask_sdk_model.services import ServiceException

        try:
            call()
            return None
        except ServiceException as error:
            status = error.status_code
            failure = _failure_of(status, str(error))
            log.warning("reminders %s failed: %s (%s)", operation, failure.value, status)
            return failure
        except Exception as error:  # an answer the SDK could not read
            log.warning("reminders %s failed: %s", operation, type(error).__name__)
            return ApiFailure.UNAVAILABLE


def _failure_of(status: object, message: str) -> ApiFailure:
    # The SDK reports a call that got no answer as status 500 "Call to service failed".
    if status in _NO_PERMISSION:
        return ApiFailure.NO_PERMISSION
    if not isinstance(status, int) or status == 429 or status >= 500:
        return ApiFailure.UNAVAILABLE
    return ApiFailure.REFUSED


@contextmanager
def reminder_calls(handler_input: HandlerInput) -> Iterator[ReminderCalls]:
    """The Reminders API for this request; all its calls share one time budget."""
    api_client = handler_input.service_client_factory.api_configuration.api_client
    budget = getattr(api_client, "budget", None)
    if budget is None:  # a plain ApiClient (tests of the SDK itself): its own bounds apply
        yield ReminderCalls(handler_input)
        return
    with budget():
        yield ReminderCalls(handler_input)
