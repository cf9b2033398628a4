"""Fetching Alexa's certificate chain: verified HTTPS, no redirects, a size cap, and one
deadline for everything (connect, TLS, headers and body together)."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from skill.web.refused import RequestRefused

# Connect, TLS, headers and body together (Alexa gives up after about 8 s for the request).
CERT_FETCH_TIMEOUT_S = 3.0
CERT_CHAIN_MAX_BYTES = 64 * 1024  # Amazon's chain is about 5 KiB


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """The URL was checked, not wherever a redirect would lead: a 3xx is an error."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _tls_context() -> ssl.SSLContext:
    import certifi  # the same roots as the chain validation, independent of the OS store

    return ssl.create_default_context(cafile=certifi.where())


class _Watchdog:
    """Ends a fetch at its deadline, whatever the server does.

    Socket timeouts bound each read, not the whole: a server sending one header line every
    2 s, or the body a byte at a time, never trips a 3 s timeout. At the deadline this shuts
    the connection down (a duplicate of its file descriptor, since TLS takes over the socket
    object), which wakes the blocked read at once: connect, TLS handshake, proxy tunnel,
    headers and body all end by then.
    """

    def __init__(self, timeout: float) -> None:
        self._fds: list[int] = []
        self._lock = threading.Lock()
        self._done = False
        self.fired = False
        self._timer = threading.Timer(timeout, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._done = True
            for fd in self._fds:
                os.close(fd)
            self._fds.clear()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self._done:
                return
            self._fds.append(os.dup(sock.fileno()))
            if self.fired:
                self._shutdown_all()

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            self._shutdown_all()

    def _shutdown_all(self) -> None:
        for fd in self._fds:
            with contextlib.suppress(OSError):
                shadow = socket.socket(fileno=os.dup(fd))
                try:
                    shadow.shutdown(socket.SHUT_RDWR)
                finally:
                    shadow.close()


def _watched_https_handler(context: ssl.SSLContext, watchdog: _Watchdog) -> Any:
    """urllib's HTTPS handler, with every new connection's socket given to ``watchdog``."""

    def create_connection(*args: Any, **kwargs: Any) -> socket.socket:
        sock = socket.create_connection(*args, **kwargs)
        watchdog.watch(sock)
        return sock

    class WatchedConnection(http.client.HTTPSConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = create_connection

    class WatchedHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(WatchedConnection, req, context=context)

    return WatchedHandler(context=context)


def fetch_cert_chain(
    url: str,
    *,
    timeout: float = CERT_FETCH_TIMEOUT_S,
    max_bytes: int = CERT_CHAIN_MAX_BYTES,
    context: ssl.SSLContext | None = None,
) -> bytes:
    """The PEM chain at ``url`` over verified HTTPS, within ``timeout`` seconds overall
    (connect, TLS, headers and body together).

    ``context`` defaults to one that trusts the certifi roots (tests pass their own CA).
    """
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    with _Watchdog(timeout) as watchdog:
        opener = urllib.request.build_opener(
            _NoRedirects(), _watched_https_handler(context or _tls_context(), watchdog)
        )
        try:
            with opener.open(url, timeout=timeout) as response:
                while True:
                    chunk = response.read(8192)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > max_bytes:
                        raise RequestRefused(
                            "cert-fetch", f"{url!r} is larger than {max_bytes} bytes"
                        )
                    chunks.append(chunk)
        except RequestRefused:
            raise
        except (OSError, http.client.HTTPException, ValueError) as error:
            # URLError/HTTPError/TimeoutError are OSErrors
            if watchdog.fired or time.monotonic() >= deadline:
                raise RequestRefused(
                    "cert-fetch", f"{url!r} took longer than {timeout} s"
                ) from None
            raise RequestRefused("cert-fetch", f"cannot fetch {url!r}: {error}") from None
    if watchdog.fired:
        raise RequestRefused("cert-fetch", f"{url!r} took longer than {timeout} s")
    return b"".join(chunks)
