"""The ASK CLI v2 project: ``ask-resources.json`` and ``skill-package/``.

Layout (what ``ask deploy`` reads, run in the build folder)::

    ask-resources.json
    skill-package/skill.json                                   <- skill.json + options
    skill-package/interactionModels/custom/<locale>.json      <- interaction_models/<locale>.json
    infrastructure/cfn-deployer/skill-stack.yaml              <- deploy/template.yaml (sam.py)
    lambda-src/                                                <- the Lambda bundle, unpacked

The interaction models are copied byte for byte. The manifest is the repository's
``skill.json`` with only the endpoint and the privacy/terms URLs changed, written in the same
JSON format, so with options equal to what the source holds the output is the source's bytes.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from skill.cli import CommandError
from skill.packaging.layout import (
    ASK_RESOURCES,
    ASK_STACK_PATH,
    LAMBDA_HANDLER,
    LAMBDA_SRC_DIR,
    SKILL_PACKAGE_DIR,
)
from skill.packaging.options import ALEXA_EU_REGION, PackageOptions
from skill.packaging.sources import Sources

ASK_RESOURCES_VERSION = "2020-03-31"

# The repository's skill.json holds an obviously fake endpoint (AWS account 000000000000);
# it is never sent to Alexa. SMAPI refuses a manifest whose Lambda ARN the skill may not
# invoke ("The trigger setting for the Lambda ... is invalid"), and one that subscribes to
# events without an events endpoint, so without --endpoint both are left out (see
# render_manifest).
PLACEHOLDER_ACCOUNT = ":000000000000:"
PLACEHOLDER_URL_HOST = "example.com"

JsonDict = dict[str, Any]


def dump_json(data: Any) -> bytes:
    """The repository's JSON format: two-space indent, UTF-8 as is, final newline."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def load_manifest(sources: Sources) -> JsonDict:
    try:
        data = json.loads(sources.manifest.read_text(encoding="utf-8"))
        if not isinstance(data["manifest"]["publishingInformation"]["locales"], dict):
            raise TypeError("publishingInformation.locales is not an object")
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{sources.manifest} is not a skill manifest: {error}") from None
    return data


def locales(sources: Sources) -> list[str]:
    """The manifest's locales, each of which must have an interaction model."""
    names = list(load_manifest(sources)["manifest"]["publishingInformation"]["locales"])
    for locale in names:
        if not sources.model(locale).is_file():
            raise CommandError(f"{sources.model(locale)} is missing: the manifest lists {locale}")
    return names


def render_interaction_model(locale: str, sources: Sources) -> bytes:
    """The interaction model for ``locale``, exactly as kept in ``interaction_models/``."""
    raw = sources.model(locale).read_bytes()
    try:
        json.loads(raw)
    except ValueError as error:
        raise CommandError(f"{sources.model(locale)} is not valid JSON: {error}") from None
    return raw


def render_manifest(options: PackageOptions, sources: Sources) -> bytes:
    """``skill.json`` for the skill package.

    - ``--endpoint``: ``apis.custom.endpoint`` and ``events.endpoint`` both get it (an ARN as
      ``{"uri"}``, a URL as ``{"uri", "sslCertificateType": "Trusted"}``).
    - no ``--endpoint`` and the source holds the placeholder ARN: the custom endpoint and the
      ``events`` object are left out. That manifest is what SMAPI accepts for a skill whose
      function does not exist yet; ``ask deploy`` adds both after it has deployed the stack
      (see ``render_ask_resources``), and the SAM route runs ``package --endpoint`` again.
    - ``--privacy-url`` / ``--terms-url`` fill every locale of ``privacyAndCompliance``.
    """
    data = copy.deepcopy(load_manifest(sources))
    manifest = data["manifest"]
    custom = manifest.setdefault("apis", {}).setdefault("custom", {})
    if options.endpoint is not None:
        custom["endpoint"] = options.endpoint.manifest_value()
        if "events" in manifest:
            manifest["events"]["endpoint"] = options.endpoint.manifest_value()
    elif _is_placeholder(custom.get("endpoint")):
        custom.pop("endpoint", None)
        manifest.pop("events", None)
    privacy = manifest.get("privacyAndCompliance", {}).get("locales", {})
    for locale in privacy.values():
        if options.privacy_url is not None:
            locale["privacyPolicyUrl"] = options.privacy_url
        if options.terms_url is not None:
            locale["termsOfUseUrl"] = options.terms_url
    return dump_json(data)


def event_subscriptions(sources: Sources) -> list[str]:
    """The skill events the source manifest subscribes to (SKILL_DISABLED: forget progress)."""
    events = load_manifest(sources)["manifest"].get("events", {})
    return [item["eventName"] for item in events.get("subscriptions", [])]


def render_ask_resources(options: PackageOptions, sources: Sources) -> bytes:
    """``ask-resources.json`` for ASK CLI v2.

    With a Lambda endpoint or none, ``ask deploy`` also deploys the code: the
    ``@ask-cli/cfn-deployer`` uploads ``lambda-src/`` (zipped by the ASK CLI's zip-only build
    flow, since it holds no requirements.txt) and creates the same stack as the SAM route from
    ``skill-stack.yaml``, then writes the stack's ``SkillEndpoint`` output into the manifest.
    ``skillEvents`` makes it add the ``events`` object (endpoint and SKILL_DISABLED) then too.
    With an HTTPS endpoint (the self-hosted web service) only the skill package is deployed:
    a cfn-deployer would overwrite that endpoint with a Lambda ARN.
    """
    profile: JsonDict = {"skillMetadata": {"src": f"./{SKILL_PACKAGE_DIR}"}}
    if options.endpoint is None or options.endpoint.kind == "lambda":
        user_config: JsonDict = {
            "runtime": options.runtime,
            "handler": LAMBDA_HANDLER,
            "templatePath": f"./{ASK_STACK_PATH}",
            "awsRegion": ALEXA_EU_REGION,
            # The stack uses the SAM transform; CloudFormation runs a transform only when
            # this capability is acknowledged. (CAPABILITY_IAM is always passed by ASK.)
            "cfn": {"capabilities": ["CAPABILITY_AUTO_EXPAND"]},
        }
        subscriptions = event_subscriptions(sources)
        if subscriptions:
            user_config["skillEvents"] = {"subscriptions": subscriptions}
        profile["code"] = {"default": {"src": f"./{LAMBDA_SRC_DIR}"}}
        profile["skillInfrastructure"] = {
            "type": "@ask-cli/cfn-deployer",
            "userConfig": user_config,
        }
    data = {"askcliResourcesVersion": ASK_RESOURCES_VERSION, "profiles": {"default": profile}}
    return dump_json(data)


def ask_project_files(options: PackageOptions, sources: Sources) -> dict[str, bytes]:
    """Relative path -> bytes of every file of the ASK project except the stack and code."""
    files = {
        ASK_RESOURCES: render_ask_resources(options, sources),
        f"{SKILL_PACKAGE_DIR}/skill.json": render_manifest(options, sources),
    }
    for locale in locales(sources):
        path = f"{SKILL_PACKAGE_DIR}/interactionModels/custom/{locale}.json"
        files[path] = render_interaction_model(locale, sources)
    return files


def manifest_notes(options: PackageOptions, sources: Sources) -> list[str]:
    """What the user should know about the manifest that was just written, one line each."""
    notes = []
    source = load_manifest(sources)["manifest"]
    if options.endpoint is None:
        if _is_placeholder(source.get("apis", {}).get("custom", {}).get("endpoint")):
            notes.append(
                "no --endpoint: skill.json has no endpoint yet; `ask deploy` fills it from "
                "the stack, and after `sam deploy` run package again with "
                "--endpoint <SkillEndpoint output>"
            )
    elif options.endpoint.kind == "lambda" and options.endpoint.region != ALEXA_EU_REGION:
        notes.append(
            f"the endpoint's region is {options.endpoint.region}: Alexa serves German "
            f"customers from its Europe region, nearest to {ALEXA_EU_REGION}"
        )
    urls = [
        (options.privacy_url, "privacyPolicyUrl", "--privacy-url"),
        (options.terms_url, "termsOfUseUrl", "--terms-url"),
    ]
    locales_ = source.get("privacyAndCompliance", {}).get("locales", {}).values()
    for given, key, option in urls:
        if given is None and any(PLACEHOLDER_URL_HOST in loc.get(key, "") for loc in locales_):
            notes.append(f"{key} is still a placeholder on {PLACEHOLDER_URL_HOST}: set {option}")
    return notes


def _is_placeholder(endpoint: Any) -> bool:
    return isinstance(endpoint, dict) and PLACEHOLDER_ACCOUNT in str(endpoint.get("uri", ""))
