"""The web service over real HTTP: signed requests, every refusal, and HTTP hygiene.

Two ways in:
- an in-process server (Werkzeug's ``make_server`` on a free port) running the production app
  with one change: its signature verifier trusts the test CA and gets the chain for the real
  Amazon URL from a fake S3; all other checks are the production ones;
- ``python -m skill serve`` as a subprocess: the production path (gunicorn, verification on,
  Amazon's real trust roots), which must refuse every request the tests can make, and
  ``--dev``.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from alexa_pki import (
    CERT_URL,
    OTHER_SKILL_ID,
    SKILL_ID,
    TestPKI,
    body_bytes,
    chain_pem,
    make_intermediate,
    make_leaf,
    make_root,
    standard_pki,
)
from werkzeug.serving import make_server

from skill.builder import create_skill
from skill.chat import envelopes as env
from skill.settings import Settings
from skill.web import create_app
from skill.web.verification import AlexaSignatureVerifier

ROOT = Path(__file__).resolve().parent.parent
JSON_TYPE = "application/json; charset=utf-8"

WRONG_SAN_URL = "https://s3.amazonaws.com/echo.api/wrong-san.pem"
EXPIRED_URL = "https://s3.amazonaws.com/echo.api/expired.pem"
NOT_YET_VALID_URL = "https://s3.amazonaws.com/echo.api/not-yet-valid.pem"
UNTRUSTED_URL = "https://s3.amazonaws.com/echo.api/untrusted.pem"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


def call(
    base: tuple[str, int],
    method: str = "POST",
    path: str = "/",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    *,
    context: ssl.SSLContext | None = None,
) -> Reply:
    host, port = base
    if context is None:
        connection: http.client.HTTPConnection = http.client.HTTPConnection(host, port, timeout=15)
    else:
        connection = http.client.HTTPSConnection(host, port, timeout=15, context=context)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


def assert_json_error(reply: Reply, status: int) -> None:
    """The status, as JSON, and nothing that looks like an HTML page or a stack trace."""
    assert reply.status == status, reply.body
    if reply.body:  # HEAD has none
        assert reply.headers["Content-Type"] == JSON_TYPE
        assert isinstance(reply.json()["error"], str)
        assert b"<html" not in reply.body.lower()
        assert b"Traceback" not in reply.body


# --------------------------------------------------------------------------------------------
# The in-process server


@dataclass
class SkillSpy:
    """Counts (and on demand breaks) calls of the real skill's ``invoke``."""

    calls: int = 0
    fail_with: BaseException | None = None
    original: Callable[..., Any] | None = field(default=None, repr=False)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.fail_with is not None:
            raise self.fail_with
        assert self.original is not None
        return self.original(*args, **kwargs)


@dataclass
class Service:
    base: tuple[str, int]
    pki: TestPKI
    spy: SkillSpy


@contextmanager
def _serve(app: Any) -> Iterator[tuple[str, int]]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_port
    finally:
        server.shutdown()
        thread.join(10)


def _spied_skill(settings: Settings) -> tuple[Any, SkillSpy]:
    skill = create_skill(settings)
    spy = SkillSpy(original=skill.invoke)
    skill.invoke = spy  # type: ignore[method-assign]
    return skill, spy


@pytest.fixture(scope="module")
def pki() -> TestPKI:
    pki = standard_pki()
    now = datetime.now(timezone.utc)
    wrong_san = make_leaf(pki.intermediate, dns_names=("evil.example",))
    expired = make_leaf(pki.intermediate, not_before=now - timedelta(days=60),
                        not_after=now - timedelta(minutes=1))
    not_yet = make_leaf(pki.intermediate, not_before=now + timedelta(hours=1),
                        not_after=now + timedelta(days=60))
    rogue_root = make_root("Rogue Root CA", slot=10)
    rogue_intermediate = make_intermediate(rogue_root, "Rogue Intermediate", slot=11)
    untrusted = make_leaf(rogue_intermediate)
    pki.s3.chains.update(
        {
            WRONG_SAN_URL: chain_pem(wrong_san, pki.intermediate),
            EXPIRED_URL: chain_pem(expired, pki.intermediate),
            NOT_YET_VALID_URL: chain_pem(not_yet, pki.intermediate),
            UNTRUSTED_URL: chain_pem(untrusted, rogue_intermediate, rogue_root),
        }
    )
    return pki


@pytest.fixture(scope="module")
def service_instance(pki: TestPKI) -> Iterator[Service]:
    settings = Settings(skill_id=SKILL_ID)
    skill, spy = _spied_skill(settings)
    # A generous fetch budget: these tests fetch many different (bad) chains in a row.
    verifier = AlexaSignatureVerifier(
        trust_roots=[pki.root.certificate], fetcher=pki.s3, fetch_burst=100
    )
    app = create_app(settings=settings, skill=skill, signature_verifier=verifier)
    with _serve(app) as base:
        yield Service(base, pki, spy)


@pytest.fixture
def service(service_instance: Service) -> Service:
    service_instance.spy.calls = 0
    service_instance.spy.fail_with = None
    return service_instance


def launch_body(**options: Any) -> bytes:
    options.setdefault("application_id", SKILL_ID)
    return body_bytes(env.launch_request(**options))


# --------------------------------------------------------------------------------------------
# Answers


def test_healthz(service: Service) -> None:
    reply = call(service.base, "GET", "/healthz")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == JSON_TYPE
    assert reply.json() == {
        "status": "ok", "verification": True, "skill_id_check": True, "store": "ok"
    }


def test_healthz_reports_a_failing_store_as_degraded(tmp_path: Path) -> None:
    from skill.persistence import ProgressStore, SqliteAdapter

    (tmp_path / "not-a-directory").write_text("x")
    store = ProgressStore(SqliteAdapter(tmp_path / "not-a-directory" / "progress.db"))
    settings = Settings(allow_any_skill=True)
    app = create_app(settings=settings, store=store, dev=True)
    with _serve(app) as base:
        report = call(base, "GET", "/healthz").json()
    assert report["status"] == "degraded"
    assert report["verification"] is False
    assert report["skill_id_check"] is False
    assert "Error" in report["store"]


def test_signed_launch_request_is_answered_by_the_skill(service: Service) -> None:
    body = launch_body()
    reply = call(service.base, body=body, headers=service.pki.headers(body))
    assert reply.status == 200, reply.body
    assert reply.headers["Content-Type"] == JSON_TYPE
    answer = reply.json()
    speech = answer["response"]["outputSpeech"]
    assert "Willkommen" in (speech.get("ssml") or speech.get("text"))
    assert "Rückenmassage".encode() in reply.body  # UTF-8, not \u00fc
    assert service.spy.calls == 1


def test_signed_skill_event_is_accepted(service: Service) -> None:
    body = body_bytes(env.skill_event("AlexaSkillEvent.SkillEnabled", application_id=SKILL_ID,
                                      now=datetime.now(timezone.utc) - timedelta(minutes=30)))
    reply = call(service.base, body=body, headers=service.pki.headers(body))
    assert reply.status == 200, reply.body
    assert service.spy.calls == 1


# --------------------------------------------------------------------------------------------
# Refusals: each is a 400, logs which check failed, and never reaches the skill


def _tampered(pki: TestPKI) -> tuple[bytes, dict[str, str]]:
    body = launch_body()
    return body.replace(b"LaunchRequest", b"SessionEndedRequest"), pki.headers(body)


def _with_url(url: str) -> Callable[[TestPKI], tuple[bytes, dict[str, str]]]:
    """Correctly signed, with ``url`` as SignatureCertChainUrl.

    Every test leaf has the same key (alexa_pki's key slot 2), so the signature itself is
    right for each of the bad certificates: only the certificate check can refuse.
    """

    def build(pki: TestPKI) -> tuple[bytes, dict[str, str]]:
        body = launch_body()
        return body, pki.headers(body, url=url)

    return build


def _aged(seconds: int) -> Callable[[TestPKI], tuple[bytes, dict[str, str]]]:
    def build(pki: TestPKI) -> tuple[bytes, dict[str, str]]:
        body = launch_body(now=datetime.now(timezone.utc) - timedelta(seconds=seconds))
        return body, pki.headers(body)

    return build


def _without(header: str) -> Callable[[TestPKI], tuple[bytes, dict[str, str]]]:
    def build(pki: TestPKI) -> tuple[bytes, dict[str, str]]:
        body = launch_body()
        headers = pki.headers(body)
        del headers[header]
        return body, headers

    return build


def _garbage_signature(pki: TestPKI) -> tuple[bytes, dict[str, str]]:
    body = launch_body()
    return body, {**pki.headers(body), "Signature-256": "bm90IGEgc2lnbmF0dXJl"}


def _other_skill(pki: TestPKI) -> tuple[bytes, dict[str, str]]:
    body = launch_body(application_id=OTHER_SKILL_ID)
    return body, pki.headers(body)


REFUSALS: dict[str, tuple[Callable[[TestPKI], tuple[bytes, dict[str, str]]], str]] = {
    "tampered body": (_tampered, "signature"),
    "wrong SAN": (_with_url(WRONG_SAN_URL), "cert-san"),
    "expired leaf": (_with_url(EXPIRED_URL), "cert-validity"),
    "not-yet-valid leaf": (_with_url(NOT_YET_VALID_URL), "cert-validity"),
    "untrusted root": (_with_url(UNTRUSTED_URL), "cert-chain"),
    "url http": (_with_url(CERT_URL.replace("https:", "http:")), "cert-url"),
    "url other host": (_with_url(CERT_URL.replace("s3.amazonaws.com", "s3.evil.example")),
                       "cert-url"),
    "url other path": (_with_url(CERT_URL.replace("/echo.api/", "/other.api/")), "cert-url"),
    "url dot-dot": (_with_url("https://s3.amazonaws.com/echo.api/../evil/cert.pem"), "cert-url"),
    "url port 8443": (_with_url(CERT_URL.replace(".com/", ".com:8443/")), "cert-url"),
    "stale timestamp": (_aged(151), "timestamp"),
    "future timestamp": (_aged(-151), "timestamp"),
    "missing cert url": (_without("SignatureCertChainUrl"), "headers"),
    "missing signature": (_without("Signature-256"), "headers"),
    "garbage signature": (_garbage_signature, "signature"),
    "wrong skill id": (_other_skill, "skill-id"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_with_400(
    service: Service, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    build, check = REFUSALS[case]
    body, headers = build(service.pki)
    with caplog.at_level("WARNING", logger="skill.web"):
        reply = call(service.base, body=body, headers=headers)
    assert_json_error(reply, 400)
    assert reply.json() == {"error": "bad request"}  # which check failed is in the log only
    assert service.spy.calls == 0
    assert any(f"{check} check failed" in record.getMessage() for record in caplog.records), [
        record.getMessage() for record in caplog.records
    ]


# --------------------------------------------------------------------------------------------
# HTTP hygiene


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
def test_other_methods_on_root_get_405(service: Service, method: str) -> None:
    reply = call(service.base, method, "/")
    assert_json_error(reply, 405)
    assert "POST" in reply.headers["Allow"]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"{\"version\": \"1.0\", \"request\": ",  # cut off mid-JSON
        b"\xff\xfe{}",
        b"[]",
        b"{}",
        b"null",
        b'{"version": "1.0"}',
        b'{"version": "1.0", "request": {"type": "LaunchRequest"}}',
        b'{"version": "1.0", "request": {"type": "LaunchRequest", "requestId": "r", '
        b'"timestamp": "not a date"}}',
        b'{"version": "1.0", "request": {"type": "LaunchRequest", "requestId": "r", '
        b'"timestamp": NaN}}',
    ],
)
def test_bodies_that_are_not_alexa_envelopes_get_400(service: Service, body: bytes) -> None:
    reply = call(service.base, body=body, headers={"Content-Type": "application/json"})
    assert_json_error(reply, 400)
    assert service.spy.calls == 0


def post_truncated(base: tuple[str, int]) -> tuple[bytes, bytes]:
    """Half of a body that announces its full length; then the client stops sending."""
    body = launch_body()
    with socket.create_connection(base, timeout=15) as raw:
        raw.sendall(
            b"POST / HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body[: len(body) // 2]
        )
        raw.shutdown(socket.SHUT_WR)  # the client goes away mid-body
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    head, _, payload = answer.partition(b"\r\n\r\n")
    return head, payload


def assert_truncated_refused(base: tuple[str, int]) -> None:
    head, payload = post_truncated(base)
    assert head.split(b" ")[1] == b"400", head
    assert b"application/json" in head
    assert json.loads(payload)["error"]


def test_truncated_body_gets_400(service: Service, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="skill.web"):
        assert_truncated_refused(service.base)
    assert service.spy.calls == 0
    assert any("bytes arrived" in record.getMessage() for record in caplog.records)


def test_oversized_body_gets_413(service: Service) -> None:
    body = b"{" + b" " * (128 * 1024) + b"}"
    reply = call(service.base, body=body, headers={"Content-Type": "application/json"})
    assert_json_error(reply, 413)


def test_oversized_chunked_body_gets_413(service: Service) -> None:
    chunks = [b"{" + b" " * 8191] * 20  # 160 KiB, no Content-Length
    host, port = service.base
    connection = http.client.HTTPConnection(host, port, timeout=15)
    try:
        connection.request("POST", "/", body=iter(chunks), encode_chunked=True,
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        reply = Reply(response.status, response.headers, response.read())
    finally:
        connection.close()
    assert_json_error(reply, 413)


def test_unknown_path_gets_json_404(service: Service) -> None:
    assert_json_error(call(service.base, "GET", "/nope"), 404)


def test_skill_exception_is_a_calm_german_answer_not_an_error_page(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    # As on AWS Lambda: Alexa says a short apology instead of "a problem with the skill".
    service.spy.fail_with = RuntimeError("handler bug")
    body = launch_body()
    with caplog.at_level("ERROR"):
        reply = call(service.base, body=body, headers=service.pki.headers(body))
    assert reply.status == 200
    assert reply.headers["Content-Type"] == JSON_TYPE
    assert "Entschuldigung" in reply.json()["response"]["outputSpeech"]["ssml"]
    assert b"handler bug" not in reply.body
    assert any(record.exc_info for record in caplog.records)


def test_web_layer_exception_is_a_json_500_not_an_html_page(
    service: Service, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skill.web import dispatch

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("dispatcher bug")

    monkeypatch.setattr(dispatch.AlexaDispatcher, "dispatch", broken)
    body = launch_body()
    with caplog.at_level("ERROR", logger="skill.web"):
        reply = call(service.base, body=body, headers=service.pki.headers(body))
    assert_json_error(reply, 500)
    assert b"dispatcher bug" not in reply.body


# --------------------------------------------------------------------------------------------
# Deeply nested JSON (issue 10, finding 5): refused as a 400, signed or not


def _nested(depth: int) -> bytes:
    return b'{"version":"1.0","request":' + b"[" * depth + b"]" * depth + b"}"


def test_unsigned_deep_json_is_refused_before_it_is_parsed(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="skill.web"):
        reply = call(service.base, body=_nested(50_000), headers={"Content-Type": JSON_TYPE})
    assert_json_error(reply, 400)
    messages = [record.getMessage() for record in caplog.records]
    assert any("headers check failed" in message for message in messages), messages


def test_signed_deep_json_is_a_400(service: Service, caplog: pytest.LogCaptureFixture) -> None:
    body = _nested(3_000)
    with caplog.at_level("WARNING", logger="skill.web"):
        reply = call(service.base, body=body, headers=service.pki.headers(body))
    assert_json_error(reply, 400)
    assert any("body check failed" in record.getMessage() for record in caplog.records)
    assert service.spy.calls == 0


def test_deep_json_in_dev_mode_is_a_400(dev_service: Service) -> None:
    reply = call(dev_service.base, body=_nested(3_000), headers={"Content-Type": JSON_TYPE})
    assert_json_error(reply, 400)


# --------------------------------------------------------------------------------------------
# --dev (in process)


@pytest.fixture(scope="module")
def dev_service() -> Iterator[Service]:
    settings = Settings(skill_id=SKILL_ID)
    skill, spy = _spied_skill(settings)
    app = create_app(settings=settings, skill=skill, dev=True)
    with _serve(app) as base:
        yield Service(base, standard_pki(), spy)


def test_dev_mode_answers_unsigned_requests(dev_service: Service) -> None:
    stale = launch_body(now=datetime.now(timezone.utc) - timedelta(hours=2))
    reply = call(dev_service.base, body=stale, headers={"Content-Type": "application/json"})
    assert reply.status == 200, reply.body
    assert "Willkommen" in reply.body.decode("utf-8")
    health = call(dev_service.base, "GET", "/healthz").json()
    assert health["verification"] is False
    assert health["skill_id_check"] is True


def test_dev_mode_still_refuses_other_skills(dev_service: Service) -> None:
    body = launch_body(application_id=OTHER_SKILL_ID)
    assert_json_error(call(dev_service.base, body=body), 400)


# --------------------------------------------------------------------------------------------
# `rueckenmassage serve` as a subprocess: gunicorn (production) and --dev


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Process:
    process: subprocess.Popen[bytes]
    base: tuple[str, int]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def _start(args: list[str], tmp_path: Path, *, env_extra: dict[str, str] | None = None,
           context: ssl.SSLContext | None = None) -> Iterator[Process]:
    port = _free_port()
    log = tmp_path / "serve.log"
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env_extra or {})}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "skill", "serve", "--port", str(port), *args],
            cwd=ROOT, env=environment, stdout=sink, stderr=subprocess.STDOUT,
        )
    running = Process(process, ("127.0.0.1", port), log)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve exited with {process.returncode}:\n{running.output()}")
            try:
                if call(running.base, "GET", "/healthz", context=context).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not come up:\n{running.output()}")
            time.sleep(0.1)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


@pytest.fixture
def gunicorn_service(tmp_path: Path) -> Iterator[Process]:
    with _start(["--workers", "2"], tmp_path, env_extra={"ALEXA_SKILL_ID": SKILL_ID}) as running:
        yield running


def test_production_server_is_gunicorn_and_refuses_unverified_requests(
    gunicorn_service: Process,
) -> None:
    base = gunicorn_service.base
    health = call(base, "GET", "/healthz")
    assert health.json() == {
        "status": "ok", "verification": True, "skill_id_check": True, "store": "ok"
    }

    body = launch_body()
    assert_json_error(call(base, body=body, headers={"Content-Type": "application/json"}), 400)
    # signed by a key Amazon's roots know nothing about, pointing at a forbidden URL
    pki = standard_pki()
    bad_url = {**pki.headers(body, url=CERT_URL.replace("https:", "http:"))}
    assert_json_error(call(base, body=body, headers=bad_url), 400)
    assert_json_error(call(base, body=_nested(3_000), headers=pki.headers(_nested(3_000))), 400)
    assert_json_error(call(base, "GET", "/"), 405)
    assert_json_error(call(base, body=b"x" * (200 * 1024)), 413)
    # A client that stops sending mid-body and half-closes is simply disconnected.
    head, _ = post_truncated(base)
    assert head == b"" or head.split(b" ")[1] == b"400", head
    assert call(base, "GET", "/healthz").status == 200

    output = gunicorn_service.output()
    assert "gunicorn" in output.lower()
    assert "AlexaWorker" in output or "worker" in output.lower()
    assert "headers check failed" in output
    assert "cert-url check failed" in output


def test_production_server_serves_https_with_a_certificate(tmp_path: Path) -> None:
    pki = standard_pki()
    server_cert = make_leaf(pki.intermediate, dns_names=("localhost",), slot=14)
    (tmp_path / "cert.pem").write_bytes(chain_pem(server_cert, pki.intermediate))
    (tmp_path / "key.pem").write_bytes(server_cert.key_pem)
    context = ssl.create_default_context(cadata=pki.root.pem.decode())
    context.check_hostname = False  # connecting to 127.0.0.1; the chain is still verified
    args = ["--workers", "1", "--certfile", str(tmp_path / "cert.pem"),
            "--keyfile", str(tmp_path / "key.pem")]
    with _start(args, tmp_path, context=context,
                env_extra={"ALEXA_SKILL_ID": SKILL_ID}) as running:
        assert call(running.base, "GET", "/healthz", context=context).status == 200
        body = launch_body()
        assert_json_error(call(running.base, body=body, context=context), 400)


def test_dev_server_answers_unsigned_requests_and_warns(tmp_path: Path) -> None:
    with _start(["--dev"], tmp_path) as running:
        body = launch_body()
        reply = call(running.base, body=body, headers={"Content-Type": "application/json"})
        assert reply.status == 200, reply.body
        assert "Willkommen" in reply.body.decode("utf-8")
        output = running.output()
        assert "VERIFICATION IS OFF" in output
        assert "Never expose it to the internet" in output


def _serve_command(*args: str, env_extra: dict[str, str] | None = None,
                   ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "skill", "serve", *args],
        cwd=ROOT, env={**os.environ, **(env_extra or {})},
        capture_output=True, text=True, timeout=60,
    )


def test_dev_refuses_to_bind_a_public_address() -> None:
    result = _serve_command("--dev", "--host", "0.0.0.0", "--port", str(_free_port()))
    assert result.returncode == 2
    assert "only binds to loopback" in result.stderr
    assert "Traceback" not in result.stderr


def test_dev_with_workers_is_a_one_line_error() -> None:
    result = _serve_command("--dev", "--workers", "2", "--port", str(_free_port()))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "--workers" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_a_skill_id_is_a_one_line_error() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "ALEXA_SKILL_ID"}
    result = subprocess.run(
        [sys.executable, "-m", "skill", "serve", "--port", str(_free_port())],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "ALEXA_SKILL_ID is not set" in result.stderr
    assert "--allow-any-skill" in result.stderr


def test_production_may_answer_any_skill_when_told_so(tmp_path: Path) -> None:
    with _start(["--workers", "1", "--allow-any-skill"], tmp_path) as running:
        health = call(running.base, "GET", "/healthz").json()
        assert health["skill_id_check"] is False
        assert health["verification"] is True
        assert "answers requests for ANY skill" in running.output()


def test_invalid_skill_id_is_a_one_line_error() -> None:
    result = _serve_command("--port", str(_free_port()), env_extra={"ALEXA_SKILL_ID": "nope"})
    assert result.returncode == 2
    assert "ALEXA_SKILL_ID" in result.stderr
    assert "Traceback" not in result.stderr
