"""Proof that a request comes from Alexa: the checks Amazon requires of a self-hosted endpoint.

Each check is an ``AbstractVerifier`` from ask-sdk-webservice-support (imported through
:mod:`skill.web.sdk_compat`, see there why) and raises :class:`RequestRefused`, which names the
check that failed, so the web layer can answer 400 and log exactly what went wrong.

- :class:`AlexaSignatureVerifier`: the ``SignatureCertChainUrl`` rules, the certificate chain
  (fetched with a timeout and a size cap, cached per URL until the leaf expires, validated with
  ``cryptography``'s x509 path validation against the certifi roots) and the ``Signature-256``
  RSA/SHA-256 signature over the raw body.
- :class:`TimestampCheck`: the package's ``TimestampVerifier`` (150 s; skill events 1 h).
- :class:`SkillIdCheck`: the request is for this skill (``ALEXA_SKILL_ID``).
"""

from __future__ import annotations

import base64
import binascii
import http.client
import logging
import posixpath
import re
import ssl
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import unquote, urlsplit

from ask_sdk_webservice_support.verifier_constants import (
    CERT_CHAIN_DOMAIN,
    CERT_CHAIN_URL_HOSTNAME,
    CERT_CHAIN_URL_PORT,
    CERT_CHAIN_URL_PROTOCOL,
    CHARACTER_ENCODING,
    SIGNATURE_CERT_CHAIN_URL_HEADER,
    SIGNATURE_HEADER,
)
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from skill.web.sdk_compat import AbstractVerifier, TimestampVerifier, VerificationException

logger = logging.getLogger(__name__)

# The package's CERT_CHAIN_URL_STARTPATH is built with os.path.sep (wrong on Windows); URL
# paths always use "/".
CERT_CHAIN_URL_STARTPATH = "/echo.api/"
CERT_FETCH_TIMEOUT_S = 3.0  # Alexa gives up after about 8 s for the whole request
CERT_CHAIN_MAX_BYTES = 64 * 1024  # Amazon's chain is about 5 KiB
CERT_CHAIN_MAX_CERTS = 8
# Amazon signs with one certificate at a time; a rotation briefly adds a second URL.
CERT_CACHE_MAX_URLS = 16

Fetcher = Callable[[str], bytes]
Clock = Callable[[], datetime]

_PEM_CERTIFICATE = re.compile(
    rb"-----BEGIN CERTIFICATE-----\r?\n.+?\r?\n-----END CERTIFICATE-----", re.DOTALL
)


class RequestRefused(VerificationException):
    """A request failed one check; ``check`` names it (``cert-url``, ``signature``, ...)."""

    def __init__(self, check: str, reason: str) -> None:
        super().__init__(f"{check} check failed: {reason}")
        self.check = check
        self.reason = reason


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    """A header by case-insensitive name from a plain dict or a Werkzeug ``Headers``."""
    for key, value in headers.items():
        if key.lower() == name.lower():
            return str(value).strip()
    return None


# --------------------------------------------------------------------------------------------
# SignatureCertChainUrl


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


# --------------------------------------------------------------------------------------------
# Fetching and trusting the chain


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """The URL was checked, not wherever a redirect would lead: a 3xx is an error."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _tls_context() -> ssl.SSLContext:
    import certifi  # the same roots as the chain validation, independent of the OS store

    return ssl.create_default_context(cafile=certifi.where())


def fetch_cert_chain(
    url: str,
    *,
    timeout: float = CERT_FETCH_TIMEOUT_S,
    max_bytes: int = CERT_CHAIN_MAX_BYTES,
    context: ssl.SSLContext | None = None,
) -> bytes:
    """The PEM chain at ``url`` over verified HTTPS, within ``timeout`` seconds overall.

    ``context`` defaults to one that trusts the certifi roots (tests pass their own CA).
    """
    opener = urllib.request.build_opener(
        _NoRedirects(), urllib.request.HTTPSHandler(context=context or _tls_context())
    )
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    try:
        with opener.open(url, timeout=timeout) as response:
            while True:
                chunk = response.read(8192)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise RequestRefused("cert-fetch", f"{url!r} is larger than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise RequestRefused("cert-fetch", f"{url!r} took longer than {timeout} s")
                chunks.append(chunk)
    except RequestRefused:
        raise
    except (OSError, http.client.HTTPException, ValueError) as error:
        # URLError/HTTPError/TimeoutError are OSErrors
        raise RequestRefused("cert-fetch", f"cannot fetch {url!r}: {error}") from None
    return b"".join(chunks)


def load_certificates(pem: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle that ``cryptography`` accepts, skipping the others.

    Loaded one by one because a single odd root in a CA bundle (certifi has one with a negative
    serial number, which cryptography warns about and will reject) must not cost the others.
    """
    certificates = []
    for block in _PEM_CERTIFICATE.findall(pem):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CryptographyDeprecationWarning)
                certificates.append(x509.load_pem_x509_certificate(block))
        except ValueError:
            logger.debug("skipping a certificate cryptography cannot load")
    return certificates


def default_trust_roots() -> list[x509.Certificate]:
    """The roots Amazon's chain must lead to: Mozilla's set as shipped by certifi."""
    import certifi

    with open(certifi.where(), "rb") as bundle:
        return load_certificates(bundle.read())


def _describe(certificate: x509.Certificate) -> str:
    return certificate.subject.rfc4514_string() or "<empty subject>"


class AlexaSignatureVerifier(AbstractVerifier):  # type: ignore[misc]
    """``SignatureCertChainUrl`` + certificate chain + ``Signature-256``, all on every request.

    ``trust_roots`` and ``fetcher`` exist for tests (their own CA, their own chain for the real
    Amazon URL); production uses the certifi roots and :func:`fetch_cert_chain`. The URL rules
    always run on the URL from the header, whatever the fetcher.
    """

    def __init__(
        self,
        *,
        trust_roots: Iterable[x509.Certificate] | None = None,
        fetcher: Fetcher | None = None,
        clock: Clock = _utc_now,
        cache_size: int = CERT_CACHE_MAX_URLS,
    ) -> None:
        roots = list(default_trust_roots() if trust_roots is None else trust_roots)
        if not roots:
            raise ValueError("no trusted root certificates")
        self._store = Store(roots)
        self._fetch = fetch_cert_chain if fetcher is None else fetcher
        self._clock = clock
        self._cache_size = cache_size
        # url -> (certificates, leaf notAfter); only chains that passed validation once
        self._cache: OrderedDict[str, tuple[list[x509.Certificate], datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def verify(
        self,
        headers: Mapping[str, Any],
        serialized_request_env: str | bytes,
        deserialized_request_env: object = None,
    ) -> None:
        cert_url = _header(headers, SIGNATURE_CERT_CHAIN_URL_HEADER)
        signature = _header(headers, SIGNATURE_HEADER)
        if not cert_url:
            raise RequestRefused("headers", f"{SIGNATURE_CERT_CHAIN_URL_HEADER} header missing")
        if not signature:
            raise RequestRefused("headers", f"{SIGNATURE_HEADER} header missing")
        check_cert_chain_url(cert_url)
        leaf = self.signing_certificate(cert_url)
        body = (
            serialized_request_env.encode(CHARACTER_ENCODING)
            if isinstance(serialized_request_env, str)
            else serialized_request_env
        )
        self._check_signature(leaf, signature, body)

    # -- the certificate -------------------------------------------------------------------

    def signing_certificate(self, url: str) -> x509.Certificate:
        """The validated leaf certificate for ``url`` (fetched, or from the cache)."""
        now = self._clock()
        chain = self._cached(url, now)
        from_cache = chain is not None
        if chain is None:
            chain = self._parse(url, self._fetch(url))
        leaf = self._validate(chain, now)
        if not from_cache:
            self._remember(url, chain, leaf.not_valid_after_utc)
        return leaf

    def _cached(self, url: str, now: datetime) -> list[x509.Certificate] | None:
        with self._lock:
            entry = self._cache.get(url)
            if entry is None:
                return None
            chain, expires = entry
            if now >= expires:
                del self._cache[url]
                return None
            return chain

    def _remember(self, url: str, chain: list[x509.Certificate], expires: datetime) -> None:
        with self._lock:
            self._cache[url] = (chain, expires)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    @staticmethod
    def _parse(url: str, pem: bytes) -> list[x509.Certificate]:
        try:
            chain = x509.load_pem_x509_certificates(pem)
        except ValueError as error:
            raise RequestRefused("cert-parse", f"{url!r} is not a PEM chain: {error}") from None
        if len(chain) > CERT_CHAIN_MAX_CERTS:
            raise RequestRefused("cert-parse", f"{url!r} has {len(chain)} certificates")
        return chain

    def _validate(self, chain: list[x509.Certificate], now: datetime) -> x509.Certificate:
        leaf, intermediates = chain[0], chain[1:]
        # The explicit checks come first only so the log says which rule failed; the path
        # validation below enforces validity dates and the SAN again.
        if now < leaf.not_valid_before_utc:
            raise RequestRefused(
                "cert-validity",
                f"signing certificate not valid before {leaf.not_valid_before_utc.isoformat()}",
            )
        if now > leaf.not_valid_after_utc:
            raise RequestRefused(
                "cert-validity",
                f"signing certificate expired {leaf.not_valid_after_utc.isoformat()}",
            )
        try:
            san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except x509.ExtensionNotFound:
            raise RequestRefused("cert-san", f"no subjectAltName in {_describe(leaf)}") from None
        names = [name.lower() for name in san.get_values_for_type(x509.DNSName)]
        if CERT_CHAIN_DOMAIN not in names:
            raise RequestRefused("cert-san", f"subjectAltName {names} lacks {CERT_CHAIN_DOMAIN}")
        try:
            usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound:
            usage = None
        if usage is not None and not usage.digital_signature:
            raise RequestRefused("cert-usage", "signing certificate lacks digitalSignature usage")
        # Real path validation (RFC 5280 + CA/Browser Forum profile) to one of our roots, at
        # the current time, for the DNS name echo-api.amazon.com.
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(now)
            .build_server_verifier(x509.DNSName(CERT_CHAIN_DOMAIN))
        )
        try:
            verifier.verify(leaf, intermediates)
        except VerificationError as error:
            raise RequestRefused("cert-chain", f"{_describe(leaf)}: {error}") from None
        return leaf

    # -- the signature ---------------------------------------------------------------------

    @staticmethod
    def _check_signature(leaf: x509.Certificate, signature: str, body: bytes) -> None:
        try:
            decoded = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError):
            raise RequestRefused("signature", f"{SIGNATURE_HEADER} is not base64") from None
        public_key = leaf.public_key()
        if not isinstance(public_key, RSAPublicKey):
            raise RequestRefused("signature", "signing certificate has no RSA key")
        try:
            public_key.verify(decoded, body, PKCS1v15(), SHA256())
        except InvalidSignature:
            raise RequestRefused("signature", "Signature-256 does not match the body") from None


# --------------------------------------------------------------------------------------------
# Timestamp and skill id


class TimestampCheck(AbstractVerifier):  # type: ignore[misc]
    """The package's ``TimestampVerifier``, with a precise reason and failing closed.

    The package raises a bare "Timestamp verification failed", and a ``TypeError`` for a
    timestamp without a time zone; both become :class:`RequestRefused`.
    """

    def __init__(self) -> None:
        self._inner = TimestampVerifier()

    def verify(
        self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: Any
    ) -> None:
        request = getattr(deserialized_request_env, "request", None)
        stamp = getattr(request, "timestamp", None)
        try:
            self._inner.verify(headers, serialized_request_env, deserialized_request_env)
        except VerificationException:
            raise RequestRefused(
                "timestamp",
                f"request.timestamp {stamp} is not within 150 s of now "
                "(1 h for skill events)",
            ) from None
        except (TypeError, ValueError, AttributeError) as error:
            raise RequestRefused(
                "timestamp", f"unusable request.timestamp {stamp}: {error}"
            ) from None


def application_ids(envelope: Any) -> list[str | None]:
    """Every application id the envelope names (context.System and session)."""
    ids: list[str | None] = []
    system = getattr(getattr(envelope, "context", None), "system", None)
    if system is not None:
        ids.append(getattr(getattr(system, "application", None), "application_id", None))
    session = getattr(envelope, "session", None)
    if session is not None:
        ids.append(getattr(getattr(session, "application", None), "application_id", None))
    return ids


class SkillIdCheck(AbstractVerifier):  # type: ignore[misc]
    """Refuses requests for any other skill (checked before the skill sees the request)."""

    def __init__(self, skill_id: str) -> None:
        self._skill_id = skill_id

    def verify(
        self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: Any
    ) -> None:
        ids = application_ids(deserialized_request_env)
        if not ids or any(found != self._skill_id for found in ids):
            raise RequestRefused(
                "skill-id", f"request is for {ids or 'no skill'}, this service is {self._skill_id}"
            )
