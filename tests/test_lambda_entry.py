"""The AWS Lambda entry point loads the skill and nothing of the web layer.

Flask, gunicorn and the request verifier would add about 0.3 s to every cold start. The check
runs in a fresh interpreter, so modules pytest or other tests imported cannot hide a regression.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = [
    "flask",
    "werkzeug",
    "gunicorn",
    "skill.web",
    "cryptography.x509",
    "ask_sdk_webservice_support",
    "certvalidator",
    "oscrypto",
    # build-time only: the sentence templates and the model builder
    "hassil",
    "yaml",
    "skill.nlu",
    "skill.chat",
]


def test_lambda_entry_imports_no_web_layer() -> None:
    code = textwrap.dedent(
        f"""
        import json, sys
        sys.path.insert(0, {str(ROOT / "lambda")!r})
        import lambda_function
        assert callable(lambda_function.lambda_handler)
        forbidden = {FORBIDDEN!r}
        loaded = sorted(
            name for name in sys.modules
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        print(json.dumps(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"the Lambda entry point imports the web layer: {loaded}"


def test_lambda_handler_answers_a_launch_request() -> None:
    code = textwrap.dedent(
        f"""
        import json, sys
        sys.path.insert(0, {str(ROOT / "lambda")!r})
        import lambda_function
        from skill.chat import envelopes
        print(json.dumps(lambda_function.lambda_handler(envelopes.launch_request(), None)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    response = json.loads(result.stdout.strip().splitlines()[-1])
    assert response["version"] == "1.0"
    assert "outputSpeech" in response["response"]
