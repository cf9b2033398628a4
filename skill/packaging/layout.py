"""Names inside the build folder, shared by the renderers, the tests and docs/deploy.md."""

from __future__ import annotations

# ASK CLI v2 project (``ask deploy`` in the build folder).
ASK_RESOURCES = "ask-resources.json"
SKILL_PACKAGE_DIR = "skill-package"
ASK_STACK_PATH = "infrastructure/cfn-deployer/skill-stack.yaml"
LAMBDA_SRC_DIR = "lambda-src"

# AWS SAM (``sam build && sam deploy --guided`` in the build folder).
TEMPLATE_NAME = "template.yaml"
ZIP_NAME = "lambda.zip"

# What was bundled, pinned with hashes (for review; nothing reads it back).
REQUIREMENTS_NAME = "lambda-requirements.txt"

# lambda_function.py sits at the root of the bundle, so the handler is module.function.
LAMBDA_HANDLER = "lambda_function.lambda_handler"
