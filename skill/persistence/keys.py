"""The storage key of a request: the Alexa user id, as the ASK SDK's DynamoDB adapter takes it."""

from __future__ import annotations

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope


def user_key(request_envelope: RequestEnvelope) -> str:
    """``context.System.user.userId``; raises ``PersistenceException`` when there is none."""
    # What ask_sdk_dynamodb's user_id_partition_keygen reads (not imported: a cold start
    # would load that package for one attribute path). It returns whatever is there, None
    # included; a record stored under "None" would mix every id-less request into one person.
    system = getattr(getattr(request_envelope, "context", None), "system", None)
    user_id = getattr(getattr(system, "user", None), "user_id", None)
    if not isinstance(user_id, str) or not user_id:
        raise PersistenceException("request envelope has no user id")
    return user_id


def user_label(request_envelope: RequestEnvelope) -> str:
    """A short, stable label for log lines: a hash prefix, never the user id itself."""
    import hashlib  # only when a line is logged: hashlib costs a cold start milliseconds

    try:
        user_id = user_key(request_envelope)
    except Exception:
        return "<no user id>"
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:10]
