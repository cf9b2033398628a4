"""The HTTP client behind the SDK's service clients (the Reminders API): ``DefaultApiClient``,
bounded in time and loaded on first use.

Why not ``CustomSkillBuilder(api_client=DefaultApiClient())`` as it comes:

- ``DefaultApiClient`` calls ``requests`` without a timeout: an API endpoint that accepts the
  connection and never answers would hold the request until Alexa gives up (about 8 s). Here
  each call gets connect and read timeouts, and the request thread waits for all calls of one
  request together at most ``BUDGET_SECONDS`` (the call runs in a helper thread: a server
  that trickles its answer byte by byte would otherwise reset the read timeout again and
  again). What a call reports is what the request thread saw; a call given up on may still
  have reached Amazon, like any call whose answer was lost.
- importing it imports ``requests``, which costs a cold start several hundred milliseconds on
  a busy machine; most requests never call an API, so it is imported on the first call.

Trust is ``requests``' own: its CA bundle, or ``REQUESTS_CA_BUNDLE`` where that is set. Only
``https`` URLs are called (``DefaultApiClient`` refuses others).
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Iterator
from typing import Any

from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

# All API calls of one request together: the answer still comes within about a second.
BUDGET_SECONDS = 0.8
CONNECT_TIMEOUT_SECONDS = 0.5
READ_TIMEOUT_SECONDS = 0.6
# Helper threads still waiting on a server at once; beyond this, calls fail at once (a server
# that never finishes its answers must not pile up threads).
MAX_IN_FLIGHT = 8


class ApiUnavailable(Exception):
    """The call did not get an answer in time, or could not be made."""


class BoundedApiClient(ApiClient):  # type: ignore[misc]
    def __init__(
        self,
        budget_seconds: float = BUDGET_SECONDS,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
        read_timeout: float = READ_TIMEOUT_SECONDS,
    ) -> None:
        self.budget_seconds = budget_seconds
        self.timeouts = (connect_timeout, read_timeout)
        self._slots = threading.BoundedSemaphore(MAX_IN_FLIGHT)
        self._deadline = threading.local()
        self._client: Any = None

    @contextlib.contextmanager
    def budget(self) -> Iterator[None]:
        """The calls made inside share one budget of ``budget_seconds`` (one request's calls)."""
        self._deadline.at = time.monotonic() + self.budget_seconds
        try:
            yield
        finally:
            self._deadline.at = None

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        deadline = getattr(self._deadline, "at", None)
        if deadline is None:
            deadline = time.monotonic() + self.budget_seconds
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ApiUnavailable("no time left for another call in this request")
        if not self._slots.acquire(blocking=False):
            raise ApiUnavailable(f"{MAX_IN_FLIGHT} earlier calls are still waiting")
        outcome: dict[str, Any] = {}
        worker = threading.Thread(
            target=self._call, args=(request, outcome), name="alexa-api", daemon=True
        )
        worker.start()
        worker.join(remaining)
        if worker.is_alive():
            raise ApiUnavailable(f"no answer within {self.budget_seconds:.1f} s")
        if "error" in outcome:
            raise ApiUnavailable(str(outcome["error"])) from outcome["error"]
        response: ApiClientResponse = outcome["response"]
        if not 200 <= (response.status_code or 0) < 300:
            # The service client would parse an error body as JSON and fail on an HTML page
            # from a proxy, losing the status; the status is all the skill needs.
            response.body = None
        return response

    def _call(self, request: ApiClientRequest, outcome: dict[str, Any]) -> None:
        try:
            outcome["response"] = self._default_client().invoke(request)
        except Exception as error:  # reported to the request thread, if it still waits
            outcome["error"] = error
        finally:
            self._slots.release()

    def _default_client(self) -> Any:
        if self._client is None:
            self._client = _timed_default_client(self.timeouts)
        return self._client


def _timed_default_client(timeouts: tuple[float, float]) -> Any:
    from ask_sdk_core.api_client import DefaultApiClient

    class TimedDefaultApiClient(DefaultApiClient):  # type: ignore[misc]
        """The SDK's client; its ``requests`` call gets (connect, read) timeouts."""

        def _resolve_method(self, request: ApiClientRequest) -> Any:
            return functools.partial(super()._resolve_method(request), timeout=timeouts)

    return TimedDefaultApiClient()
