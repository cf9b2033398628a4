"""The web baseline: the "Hello World" skill (``hello_lambda``) behind Flask, the way
flask-ask-sdk's ``SkillAdapter`` serves a skill: the raw body decoded, handed to
ask-sdk-webservice-support's ``WebserviceSkillHandler.verify_request_and_dispatch``
(deserialize, invoke, serialize) and answered with ``jsonify``; verification off, as the
issue's baseline was measured.

flask-ask-sdk itself cannot be imported here (its verifier imports oscrypto, which fails on
OpenSSL 3.0.19; see ``skill/web/sdk_compat.py``), so its adapter's few lines are repeated.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from flask import Flask, jsonify, request

from skill.web import sdk_compat  # noqa: F401 - makes the package's modules importable here

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hello_lambda import sb

# Imported after sdk_compat, which lets the package's verifier module load (see there).
webservice = importlib.import_module("ask_sdk_webservice_support.webservice_handler")
constants = importlib.import_module("ask_sdk_webservice_support.verifier_constants")

app = Flask(__name__)
handler = webservice.WebserviceSkillHandler(
    skill=sb.create(), verify_signature=False, verify_timestamp=False
)


@app.route("/", methods=["POST"])
def invoke_skill():  # type: ignore[no-untyped-def]
    content = request.data.decode(constants.CHARACTER_ENCODING)
    response = handler.verify_request_and_dispatch(
        http_request_headers=request.headers, http_request_body=content
    )
    return jsonify(response)
