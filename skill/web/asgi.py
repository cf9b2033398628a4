"""The evented front of the web service: slow clients cost a socket, never a worker thread.

uvicorn (asyncio, httptools) parses every connection on one event loop. :class:`BufferedWsgi`
reads each request's whole body there, within a deadline and a size cap, and only then hands
the complete request to the Flask app on a small thread pool. Fifty clients sending a body at
one byte per second hold fifty idle sockets, while a valid request is read at once and
answered by a free thread (issue 10: with gunicorn's sync workers, two such clients held both
workers for 30 s).

Why our own bridge and not a library's: asgiref's ``WsgiToAsgi`` runs every request on one
shared thread and reads the body without a deadline or a cap; a2wsgi starts the WSGI call
first and streams the body into that thread as it arrives, so a dripping client holds a
thread, the very thing this module exists to prevent. Both also cost several cross-thread
hops per request where this costs one.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

logger = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]

# Alexa sends a request's body at once, right after its headers; a body still incomplete
# after this long is a client we stop waiting for.
BODY_DEADLINE_SECONDS = 5.0
# Threads per worker process running the Flask app. The skill's work holds the GIL, so more
# threads only help while some wait on the store (at most its 0.5 s budget each).
DEFAULT_THREADS = 8

_JSON = [(b"content-type", b"application/json; charset=utf-8")]


class BufferedWsgi:
    """An ASGI app that serves a WSGI app with fully buffered request bodies."""

    def __init__(
        self,
        wsgi_app: WsgiApp,
        *,
        max_body_bytes: int,
        body_deadline: float = BODY_DEADLINE_SECONDS,
        threads: int = DEFAULT_THREADS,
    ) -> None:
        self.wsgi_app = wsgi_app
        self.max_body_bytes = max_body_bytes
        self.body_deadline = body_deadline
        self.threads = threads
        self._executor: ThreadPoolExecutor | None = None

    def executor(self) -> ThreadPoolExecutor:
        # Created on first use, in the worker process: threads do not survive a fork.
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="skill-web")
        return self._executor

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":  # websockets: not offered
            await send({"type": "websocket.close", "code": 1008})
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await _error(send, 413, f"request body larger than {self.max_body_bytes} bytes")
            return
        try:
            body = await asyncio.wait_for(self._read_body(receive), self.body_deadline)
        except asyncio.TimeoutError:
            logger.warning("refused request (HTTP 408): body not complete within %.0f s",
                           self.body_deadline)
            await _error(send, 408, "request body not received in time", close=True)
            return
        except _TooLarge:
            logger.warning("refused request (HTTP 413): body larger than %d bytes",
                           self.max_body_bytes)
            await _error(send, 413, f"request body larger than {self.max_body_bytes} bytes")
            return
        except _Disconnected:
            return  # nobody left to answer
        environ = _environ(scope, body)
        loop = asyncio.get_running_loop()
        status, headers, payload = await loop.run_in_executor(
            self.executor(), _call_wsgi, self.wsgi_app, environ
        )
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    async def _read_body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            if chunk:
                size += len(chunk)
                if size > self.max_body_bytes:
                    raise _TooLarge
                chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _error(send: Send, status: int, message: str, *, close: bool = False) -> None:
    body = ('{"error":"' + message + '"}').encode()
    headers = list(_JSON)
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _environ(scope: Scope, body: bytes) -> dict[str, Any]:
    """PEP 3333's environ for one complete request (strings as latin-1, as WSGI wants)."""
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        # The body is complete (and de-chunked): Werkzeug must read it as is, even when the
        # client sent it with Transfer-Encoding: chunked (else it would read nothing).
        "wsgi.input_terminated": True,
    }
    for raw_name, raw_value in scope["headers"]:
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        if name in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
            continue  # the body we hand over is complete: its real length is set above
        key = name if name == "CONTENT_TYPE" else f"HTTP_{name}"
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


def _call_wsgi(
    app: WsgiApp, environ: dict[str, Any]
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Run the WSGI app to completion in a pool thread; the response as ASGI wants it."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started[:] = [status, headers]
        return lambda data: None  # the legacy write(): unused by Flask

    result = app(environ, start_response)
    try:
        payload = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started
    encoded = [(n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in headers]
    return int(status.split(" ", 1)[0]), encoded, payload
