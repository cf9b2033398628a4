"""The Flask app: ``POST /`` for Alexa, ``GET /healthz`` for load balancers and monitoring.

Every answer is JSON (``application/json; charset=utf-8``, umlauts as UTF-8, not ``\\u00fc``),
errors included: Alexa and monitoring parse bodies, and an HTML error page would be a leak.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from ask_sdk_core.skill import CustomSkill
from flask import Flask, Response, request
from werkzeug.exceptions import ClientDisconnected, HTTPException, RequestEntityTooLarge

from skill.entry import SkillEntry
from skill.persistence import ProgressStore
from skill.settings import Settings
from skill.web.dispatch import AlexaDispatcher
from skill.web.sdk_compat import AbstractVerifier
from skill.web.verification import AlexaSignatureVerifier, TimestampCheck

logger = logging.getLogger(__name__)

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
# Alexa's requests are a few KiB; even a large one with APL state stays far below this.
MAX_BODY_BYTES = 128 * 1024

ANY_SKILL_WARNING = (
    "ALEXA_SKILL_ID is not set: this service answers requests for ANY skill (allowed by "
    "--allow-any-skill / RUECKENMASSAGE_ALLOW_ANY_SKILL or --dev)."
)
DEV_MODE_WARNING = (
    "DEV MODE: Alexa request verification (signature and timestamp) is OFF. Anyone who can "
    "reach this service can send it forged Alexa requests. Never expose it to the internet."
)


def json_response(status: int, body: Mapping[str, Any] | Any) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type=JSON_CONTENT_TYPE,
    )


def request_verifiers(
    *, dev: bool, signature_verifier: AbstractVerifier | None = None
) -> tuple[list[AbstractVerifier], list[AbstractVerifier]]:
    """The checks on the raw body and on the envelope, in order; ``dev`` has none of them
    (the skill id is checked by the skill's entry, in ``--dev`` too)."""
    if dev:
        return [], []
    return [signature_verifier or AlexaSignatureVerifier()], [TimestampCheck()]


def create_app(
    *,
    settings: Settings | None = None,
    skill: CustomSkill | None = None,
    store: ProgressStore | None = None,
    dev: bool = False,
    signature_verifier: AbstractVerifier | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> Flask:
    """The WSGI app (``gunicorn 'skill.web:create_app()'``): verification on unless ``dev``.

    ``skill`` defaults to the one ``skill.builder.create_skill`` builds, the same skill the
    Lambda entry point serves, with ``store`` (default: ``RUECKENMASSAGE_STORE``).
    ``signature_verifier`` replaces the production :class:`AlexaSignatureVerifier` (tests
    give one that trusts their own CA). Without ``dev``, a skill id is required unless the
    settings allow any skill (``SettingsError``, one line).
    """
    settings = Settings.from_env() if settings is None else settings
    if not dev:
        settings.require_skill_id()
    if skill is None:
        from skill.builder import create_skill
        from skill.persistence import store_from_env

        store = store_from_env() if store is None else store
        skill = create_skill(settings, store)
    if dev:
        logger.warning(DEV_MODE_WARNING)
    if settings.skill_id is None:
        logger.warning(ANY_SKILL_WARNING)
    body_checks, envelope_checks = request_verifiers(
        dev=dev, signature_verifier=signature_verifier
    )
    dispatcher = AlexaDispatcher(
        SkillEntry(skill, settings.skill_id), body_checks, envelope_checks
    )
    health = _Health(store, verification=not dev, skill_id_check=settings.skill_id is not None)

    app = Flask("skill.web")
    app.config["MAX_CONTENT_LENGTH"] = max_body_bytes

    # OPTIONS would otherwise be answered automatically; only POST belongs on this route.
    @app.route("/", methods=["POST"], provide_automatic_options=False)
    def alexa() -> Response:
        # The raw bytes, exactly as signed; raises 413 past the cap.
        expected = request.content_length
        try:
            raw = request.get_data(cache=False)
        except ClientDisconnected:
            raw = b""
        if expected is None and len(raw) >= max_body_bytes:
            # A chunked body is cut off at the cap without an error (Werkzeug avoids the one
            # read that would notice); one that reaches the cap is taken as too large.
            raise RequestEntityTooLarge()
        if expected is not None and len(raw) != expected:
            # Werkzeug's server raises ClientDisconnected, gunicorn just ends the stream early.
            logger.warning(
                "refused request (HTTP 400): body check failed: %d of %d bytes arrived",
                len(raw),
                expected,
            )
            return json_response(400, {"error": "bad request"})
        outcome = dispatcher.dispatch(request.headers, raw)
        return json_response(outcome.status, outcome.body)

    @app.get("/healthz")
    def healthz() -> Response:
        return json_response(200, health.report())

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        if isinstance(error, RequestEntityTooLarge):
            logger.warning("refused request (HTTP 413): body larger than %d bytes", max_body_bytes)
            message = f"request body larger than {max_body_bytes} bytes"
        else:
            message = (error.name or "error").lower()
        response = json_response(error.code or 500, {"error": message})
        original = error.get_response()
        if "Allow" in original.headers:  # 405 must say what is allowed
            response.headers["Allow"] = original.headers["Allow"]
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response:
        logger.exception("unexpected error")
        return json_response(500, {"error": "internal error"})

    return app


class _Health:
    """What ``GET /healthz`` reports: the checks in force and whether the store answers.

    Always HTTP 200 while the service answers (a store that fails costs only resuming, so a
    load balancer must not take the service out for it): ``status`` is ``"degraded"`` then,
    for monitoring to alert on. The store is asked at most every few seconds.
    """

    STORE_CHECK_SECONDS = 5.0

    def __init__(
        self, store: ProgressStore | None, *, verification: bool, skill_id_check: bool
    ) -> None:
        self._store = store
        self._fixed = {"verification": verification, "skill_id_check": skill_id_check}
        self._store_state = "ok" if store is None else ""
        self._checked_at = -1e9
        self._lock = threading.Lock()

    def report(self) -> dict[str, Any]:
        with self._lock:
            now = time.monotonic()
            if self._store is not None and now - self._checked_at >= self.STORE_CHECK_SECONDS:
                self._store_state = self._store.health()
                self._checked_at = now
            store = self._store_state
        status = "ok" if store == "ok" else "degraded"
        return {"status": status, **self._fixed, "store": store}
