"""Rückenmassage: a German Alexa skill that guides a back self-massage by voice.

Importing this package is cheap and pulls in no web framework, so the AWS Lambda entry point
(``lambda/lambda_function.py``) stays fast to cold-start.
"""

__version__ = "0.1.0"
