"""The storage key of a request: the Alexa user id, as the ASK SDK's DynamoDB adapter takes it."""

from __future__ import annotations

import hashlib

from ask_sdk_core.exceptions import PersistenceException

# Only the partition_keygen module: importing ask_sdk_dynamodb.adapter would build a boto3
# resource at import time (see dynamodb_store).
from ask_sdk_dynamodb.partition_keygen import user_id_partition_keygen
from ask_sdk_model import RequestEnvelope


def user_key(request_envelope: RequestEnvelope) -> str:
    """``context.System.user.userId``; raises ``PersistenceException`` when there is none."""
    user_id = user_id_partition_keygen(request_envelope)
    # The SDK's keygen returns whatever is there, None included; a record stored under
    # "None" would mix every id-less request into one person.
    if not isinstance(user_id, str) or not user_id:
        raise PersistenceException("request envelope has no user id")
    return user_id


def user_label(request_envelope: RequestEnvelope) -> str:
    """A short, stable label for log lines: a hash prefix, never the user id itself."""
    try:
        user_id = user_key(request_envelope)
    except Exception:
        return "<no user id>"
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:10]
