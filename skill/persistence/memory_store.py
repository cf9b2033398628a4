"""An in-process store for tests and the console: nothing survives the process."""

from __future__ import annotations

import datetime
import json
import threading
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.persistence.keys import user_key


class MemoryAdapter(AbstractPersistenceAdapter):
    """A dict keyed by user id, holding each record as JSON text like the real stores do: a
    caller mutating what it got (or what it saved) cannot change the stored record, and a
    value no real store could hold fails here too. (JSON is also several times cheaper than
    ``copy.deepcopy`` for these small flat records.)"""

    def __init__(self) -> None:
        self._records: dict[str, tuple[str, datetime.datetime]] = {}
        self._lock = threading.Lock()

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        key = user_key(request_envelope)
        with self._lock:
            stored = self._records.get(key)
        return {} if stored is None else json.loads(stored[0])  # type: ignore[no-any-return]

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        key = user_key(request_envelope)
        text = json.dumps(attributes, allow_nan=False, default=_number)
        with self._lock:
            self._records[key] = (text, _now())

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        key = user_key(request_envelope)
        with self._lock:
            self._records.pop(key, None)

    def purge_unused(self, older_than: datetime.timedelta) -> int:
        cutoff = _now() - older_than
        with self._lock:
            old = [key for key, (_, written) in self._records.items() if written < cutoff]
            for key in old:
                del self._records[key]
        return len(old)

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _number(value: object) -> object:
    # DynamoDB hands numbers back as Decimal; tests copy such records in here.
    from decimal import Decimal

    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
