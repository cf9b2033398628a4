"""The choices ``package`` renders with, validated into one-line errors before anything is built."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from skill.cli import CommandError

PYTHON_VERSIONS = ("3.12", "3.13")
ARCHITECTURES = ("arm64", "x86_64")
DEFAULT_PYTHON = "3.12"
# Graviton (arm64) costs about 20 % less per GB-second than x86_64 on Lambda, and the bundle
# is pure Python (see lambda_zip), so nothing in it depends on the processor.
DEFAULT_ARCH = "arm64"

# Alexa serves German-speaking customers from its Europe region; a Lambda function in
# eu-west-1 (Ireland) is the one Alexa calls for them with the least latency.
ALEXA_EU_REGION = "eu-west-1"

# arn:aws:lambda:<region>:<12-digit account>:function:<name>[:<alias or version>]
_LAMBDA_ARN = re.compile(
    r"^arn:aws(?:-[a-z]+)*:lambda:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d):\d{12}:"
    r"function:[A-Za-z0-9_-]{1,64}(?::(?:\$LATEST|[A-Za-z0-9_-]{1,128}))?$"
)

EndpointKind = Literal["lambda", "https"]


@dataclass(frozen=True)
class Endpoint:
    """Where Alexa sends the skill's requests and events."""

    uri: str
    kind: EndpointKind
    region: str | None = None  # the Lambda function's region; None for an HTTPS URL

    def manifest_value(self) -> dict[str, str]:
        """The manifest's ``endpoint`` object: an ARN alone, or a URL with its certificate
        type (``Trusted``: a certificate from a public CA, required for certification)."""
        if self.kind == "https":
            return {"uri": self.uri, "sslCertificateType": "Trusted"}
        return {"uri": self.uri}


@dataclass(frozen=True)
class PackageOptions:
    endpoint: Endpoint | None = None
    privacy_url: str | None = None
    terms_url: str | None = None
    python: str = DEFAULT_PYTHON
    arch: str = DEFAULT_ARCH
    bundle_boto3: bool = False

    def __post_init__(self) -> None:
        if self.python not in PYTHON_VERSIONS:
            raise CommandError(f"--python must be one of {', '.join(PYTHON_VERSIONS)}")
        if self.arch not in ARCHITECTURES:
            raise CommandError(f"--arch must be one of {', '.join(ARCHITECTURES)}")

    @property
    def runtime(self) -> str:
        """The Lambda runtime identifier, e.g. ``python3.12``."""
        return f"python{self.python}"


def parse_endpoint(value: str) -> Endpoint:
    """A Lambda function ARN or an ``https://`` URL, else a one-line ``CommandError``."""
    text = value.strip()
    match = _LAMBDA_ARN.match(text)
    if match:
        return Endpoint(text, "lambda", match.group("region"))
    if text.lower().startswith("https://"):
        return Endpoint(check_https_url(text, "--endpoint"), "https")
    raise CommandError(
        f"--endpoint {value!r} is neither a Lambda function ARN "
        "(arn:aws:lambda:eu-west-1:123456789012:function:NAME) nor an https:// URL"
    )


def check_https_url(value: str, option: str) -> str:
    """``value`` if it is an absolute https URL Alexa can use, else a one-line error."""
    text = value.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a valid URL") from None
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise CommandError(f"{option} {value!r} must be an https:// URL")
    if any(ch.isspace() for ch in text) or parts.username or parts.password or parts.fragment:
        raise CommandError(
            f"{option} {value!r} must be a plain https:// URL (no spaces, login or #fragment)"
        )
    # Alexa only calls HTTPS endpoints on the standard port.
    if option == "--endpoint" and port not in (None, 443):
        raise CommandError(f"{option} {value!r}: Alexa calls HTTPS endpoints on port 443 only")
    return text
