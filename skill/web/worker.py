"""The gunicorn worker: uvicorn's evented HTTP server in each worker process.

gunicorn stays the process manager (forking the workers from the preloaded app, restarting a
dead one, TLS files, logging, signals); each worker serves connections on one asyncio event
loop (uvloop and httptools where installed) instead of one blocking thread per connection.
See :mod:`skill.web.asgi` for what happens to a request inside.

On top of uvicorn:
- a deadline for a request's headers. uvicorn closes idle keep-alive connections but waits
  for slowly arriving headers forever; here a request whose headers are not complete
  ``HEADER_DEADLINE_SECONDS`` after its first byte is closed. (It would cost only a socket
  either way; this keeps a crowd of such clients from holding them for good.)
- at most ``KEEPALIVE_REQUESTS`` requests per connection (as nginx's ``keepalive_requests``),
  the last one answered with ``Connection: close``. The workers share one listening socket
  and the first to wake takes every waiting connection: eight connections opened together
  could all land on one worker and leave the other idle. When connections are renewed from
  time to time, the worker with spare time is the one that accepts, so the load evens out.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn_worker import UvicornWorker

HEADER_DEADLINE_SECONDS = 10.0
KEEPALIVE_REQUESTS = 100
# Connections plus requests in flight per worker before new requests get 503.
CONNECTION_LIMIT = 1000


class HeaderDeadlineProtocol(HttpToolsProtocol):  # type: ignore[misc]
    """uvicorn's httptools protocol, closing requests whose headers do not arrive in time,
    and connections after ``KEEPALIVE_REQUESTS`` requests."""

    header_deadline = HEADER_DEADLINE_SECONDS
    keepalive_requests = KEEPALIVE_REQUESTS
    _header_timer: asyncio.TimerHandle | None = None
    _requests = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.header_deadline, self._headers_too_slow)

    def on_headers_complete(self) -> None:
        self._cancel_header_timer()
        super().on_headers_complete()
        self._requests += 1
        if self._requests >= self.keepalive_requests and self.cycle is not None:
            self.cycle.keep_alive = False  # answered with "Connection: close"

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        self.logger.warning("closed a connection: request headers not complete in time")
        self.transport.close()


class AlexaWorker(UvicornWorker):  # type: ignore[misc]
    """``worker_class`` for ``rueckenmassage serve``."""

    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {
        "loop": "auto",
        "http": HeaderDeadlineProtocol,
        "lifespan": "off",
        "limit_concurrency": CONNECTION_LIMIT,
        "server_header": False,
    }
