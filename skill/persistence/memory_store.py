"""An in-process store for tests and the console: nothing survives the process."""

from __future__ import annotations

import copy
import threading
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.persistence.keys import user_key


class MemoryAdapter(AbstractPersistenceAdapter):
    """A dict keyed by user id. Copies on the way in and out, so a caller mutating what it got
    (or what it saved) cannot change the stored record behind the store's back."""

    def __init__(self) -> None:
        self._records: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        key = user_key(request_envelope)
        with self._lock:
            return copy.deepcopy(self._records.get(key, {}))

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        key = user_key(request_envelope)
        value = copy.deepcopy(attributes)
        with self._lock:
            self._records[key] = value

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        key = user_key(request_envelope)
        with self._lock:
            self._records.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)
