"""The self-hosted HTTPS web service for Alexa (Flask, gunicorn, request verification).

``create_app`` is what gunicorn or any WSGI host imports::

    gunicorn --workers 2 --bind 127.0.0.1:8000 'skill.web:create_app()'

Importing this package is cheap: Flask and the verifier load only when ``create_app`` is called,
so ``rueckenmassage serve --help`` stays fast. Nothing here is used by the Lambda entry point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["create_app"]


def create_app(**options: Any) -> Flask:
    """The Flask app; see :func:`skill.web.app.create_app` for the options."""
    from skill.web.app import create_app as _create_app

    return _create_app(**options)
