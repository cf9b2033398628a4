"""Amazon's rules for ``SignatureCertChainUrl``, and the one spelling a URL is cached under."""

from __future__ import annotations

import posixpath
from urllib.parse import quote, unquote, urlsplit

from ask_sdk_webservice_support.verifier_constants import (
    CERT_CHAIN_URL_HOSTNAME,
    CERT_CHAIN_URL_PORT,
    CERT_CHAIN_URL_PROTOCOL,
)

from skill.web.refused import RequestRefused

# The package's CERT_CHAIN_URL_STARTPATH is built with os.path.sep (wrong on Windows); URL
# paths always use "/".
CERT_CHAIN_URL_STARTPATH = "/echo.api/"




def check_cert_chain_url(url: str) -> None:
    """Amazon's rules for the certificate URL; raises :class:`RequestRefused` (``cert-url``)."""
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError for a port that is not a number in range
    except ValueError as error:
        raise RequestRefused("cert-url", f"unparsable URL {url!r} ({error})") from None
    if parts.scheme.lower() != CERT_CHAIN_URL_PROTOCOL:
        raise RequestRefused("cert-url", f"scheme {parts.scheme!r} is not https: {url!r}")
    if (parts.hostname or "").lower() != CERT_CHAIN_URL_HOSTNAME:
        raise RequestRefused(
            "cert-url", f"host {parts.hostname!r} is not {CERT_CHAIN_URL_HOSTNAME}: {url!r}"
        )
    if parts.username is not None or parts.password is not None:
        raise RequestRefused("cert-url", f"URL carries user information: {url!r}")
    if port is not None and port != CERT_CHAIN_URL_PORT:
        raise RequestRefused("cert-url", f"port {port} is not {CERT_CHAIN_URL_PORT}: {url!r}")
    # Percent-decoded first, so "%2e%2e" cannot smuggle a ".." past the normalisation.
    path = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    if not path.startswith(CERT_CHAIN_URL_STARTPATH):
        raise RequestRefused(
            "cert-url",
            f"path normalises to {path!r}, not under {CERT_CHAIN_URL_STARTPATH}: {url!r}",
        )


def normalised_cert_url(url: str) -> str:
    """One spelling per certificate: lower-case scheme and host, no default port, the path
    percent-decoded and normalised (call after :func:`check_cert_chain_url`). The cache and
    the fetch use it, so spelling Amazon's URL differently neither bypasses the cache nor
    fetches anything else than what was checked."""
    parts = urlsplit(url)
    path = posixpath.normpath(unquote(parts.path))
    query = f"?{parts.query}" if parts.query else ""
    return f"{CERT_CHAIN_URL_PROTOCOL}://{CERT_CHAIN_URL_HOSTNAME}{quote(path)}{query}"
