"""AWS Lambda entry point: handler ``lambda_function.lambda_handler``.

Only the skill is imported here, never the web layer (Flask, the request verifier), so that
cold starts stay short; ``tests/test_lambda_entry.py`` checks ``sys.modules``.
"""

from skill.builder import create_handler

lambda_handler = create_handler()
