"""A real HTTPS server standing in for Alexa's Reminders API, for the reminder tests.

It listens on 127.0.0.1 (a free port the system picks) with a certificate for that address
from a CA the tests make; the skill reaches it at the request's ``apiEndpoint`` and trusts it
only through ``REQUESTS_CA_BUNDLE`` (set by the fixture), as ``requests`` does everywhere. It
keeps the reminders it was given like the real API does (list, create, update, delete; only
this skill's reminders exist here) and records every call: method, path, bearer token, body.

``fail_with`` makes calls (those in ``fail_on``) answer with an error status, with a JSON error
body or, with ``html_errors``, the HTML page a proxy would send; ``hang`` makes every call wait
without answering until the test ends (the server is then told to let go); ``trickle`` makes
it answer one byte at a time, slowly enough never to trip a client's read timeout, until then.
"""

from __future__ import annotations

import ipaddress
import json
import ssl
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from alexa_pki import Authority, make_root, rsa_key
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PATH = "/v1/alerts/reminders"
HOST = "127.0.0.1"


@dataclass
class Call:
    method: str
    path: str
    authorization: str | None
    body: Any  # parsed JSON, or None


def _leaf_for_address(issuer: Authority) -> Authority:
    """A server certificate for 127.0.0.1 (an IP address SAN, as clients check for IPs)."""
    key = rsa_key(5)
    now = datetime.now(timezone.utc)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(issuer.key, hashes.SHA256())
    )
    return Authority(certificate, key)


@dataclass
class RemindersApi:
    """The stand-in's state: reminders by alert token, the calls received, the behaviour."""

    reminders: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    fail_with: int | None = None
    fail_on: frozenset[str] = frozenset({"GET", "POST", "PUT", "DELETE"})
    html_errors: bool = False
    hang: bool = False
    trickle: bool = False
    released: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    created: int = 0

    def add(self, rule: str, status: str = "ON") -> str:
        """A reminder that exists already (made by the skill in an earlier session)."""
        with self.lock:
            self.created += 1
            token = f"alert-{self.created}"
            self.reminders[token] = {
                "alertToken": token,
                "status": status,
                "trigger": {
                    "type": "SCHEDULED_ABSOLUTE",
                    "scheduledTime": "2026-03-03T19:00:00.000",
                    "recurrence": {"recurrenceRules": [rule]},
                },
            }
        return token

    def answer(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        if self.fail_with is not None and method in self.fail_on:
            if self.html_errors:
                return self.fail_with, b"<html><body><h1>Bad Gateway</h1></body></html>"
            return self.fail_with, {"code": "ERROR", "message": f"status {self.fail_with}"}
        token = path[len(PATH) + 1 :] if path.startswith(PATH + "/") else None
        with self.lock:
            if path == PATH and method == "GET":
                alerts = list(self.reminders.values())
                return 200, {"totalCount": str(len(alerts)), "alerts": alerts}
            if path == PATH and method == "POST":
                self.created += 1
                token = f"alert-{self.created}"
                self.reminders[token] = {"alertToken": token, "status": "ON", **body}
                return 200, {"alertToken": token, "status": "ON", "version": "1"}
            if token is not None and token in self.reminders:
                if method == "PUT":
                    self.reminders[token] = {"alertToken": token, "status": "ON", **body}
                    return 200, {"alertToken": token, "status": "ON", "version": "2"}
                if method == "DELETE":
                    del self.reminders[token]
                    return 200, None
        return 404, {"code": "NOT_FOUND", "message": "no such reminder"}

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]


def _handler_class(api: RemindersApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            with api.lock:
                api.calls.append(
                    Call(self.command, self.path, self.headers.get("Authorization"), body)
                )
            if api.hang:
                api.released.wait(timeout=60)  # until the test ends; bounded all the same
                self.close_connection = True
                return
            if api.trickle:
                self._trickle()
                return
            status, answer = api.answer(self.command, self.path, body)
            html = isinstance(answer, bytes)
            payload = answer if html else b"" if answer is None else json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html" if html else "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _trickle(self) -> None:
            """A status line and then a header that never ends, a byte every 0.2 s."""
            self.close_connection = True
            data = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 300
            for byte in data:  # at most 60 s; until the test ends
                if api.released.wait(timeout=0.2):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the calls are recorded; no noise in the test output

    return Handler


class RemindersApiServer:
    """``with RemindersApiServer(folder) as server:``; ``server.endpoint`` is the
    ``apiEndpoint`` to put in requests, ``server.ca_file`` the CA bundle to trust."""

    def __init__(self, folder: Path) -> None:
        self.api = RemindersApi()
        root = make_root("Reminders API Test CA", slot=4)
        leaf = _leaf_for_address(root)
        self.ca_file = folder / "reminders-ca.pem"
        self.ca_file.write_bytes(root.pem)
        cert_file, key_file = folder / "reminders-server.pem", folder / "reminders-server.key"
        cert_file.write_bytes(leaf.pem)
        key_file.write_bytes(leaf.key_pem)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        self.httpd = ThreadingHTTPServer((HOST, 0), _handler_class(self.api))
        self.httpd.daemon_threads = True
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.endpoint = f"https://{HOST}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> RemindersApiServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.api.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=10)
