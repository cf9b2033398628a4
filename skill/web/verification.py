"""Proof that a request comes from Alexa: the checks Amazon requires of a self-hosted endpoint.

Each check is an ``AbstractVerifier`` from ask-sdk-webservice-support (imported through
:mod:`skill.web.sdk_compat`, see there why) and raises :class:`RequestRefused`, which names the
check that failed, so the web layer can answer 400 and log exactly what went wrong.

- :class:`AlexaSignatureVerifier`: the ``SignatureCertChainUrl`` rules, the certificate chain
  (fetched with a timeout and a size cap, cached per URL until the leaf expires, validated with
  ``cryptography``'s x509 path validation against the certifi roots) and the ``Signature-256``
  RSA/SHA-256 signature over the raw body.
- :class:`TimestampCheck`: the package's ``TimestampVerifier`` (150 s; skill events 1 h).

The skill id is checked by :class:`skill.entry.SkillEntry`, the same check AWS Lambda runs.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from ask_sdk_webservice_support.verifier_constants import (
    CERT_CHAIN_DOMAIN,
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

from skill.web.cert_fetch import fetch_cert_chain
from skill.web.cert_url import check_cert_chain_url, normalised_cert_url
from skill.web.refused import RequestRefused
from skill.web.sdk_compat import AbstractVerifier, TimestampVerifier, VerificationException

__all__ = [
    "AlexaSignatureVerifier",
    "RequestRefused",
    "TimestampCheck",
    "check_cert_chain_url",
    "default_trust_roots",
    "fetch_cert_chain",
    "normalised_cert_url",
]

logger = logging.getLogger(__name__)

CERT_CHAIN_MAX_CERTS = 8
# Amazon signs with one certificate at a time; a rotation briefly adds a second URL.
CERT_CACHE_MAX_URLS = 16
# URLs that failed (fetch or validation) are not fetched again for a while: a forged request
# repeated does not cost a fetch each time. Fetch errors may be passing, so shorter.
FAILED_URL_MAX = 256
FAILED_FETCH_SECONDS = 10.0
FAILED_CHAIN_SECONDS = 300.0
# Fetches of new URLs per process: a burst, then this many per second. Forged requests with
# ever new URLs then cost at most this many outbound requests; beyond it they are refused
# without one (check name "cert-fetch-rate").
FETCH_BURST = 4
FETCH_RATE_PER_SECOND = 2.0

Fetcher = Callable[[str], bytes]
Clock = Callable[[], datetime]

_PEM_CERTIFICATE = re.compile(
    rb"-----BEGIN CERTIFICATE-----\r?\n.+?\r?\n-----END CERTIFICATE-----", re.DOTALL
)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    """A header by case-insensitive name from a plain dict or a Werkzeug ``Headers``."""
    for key, value in headers.items():
        if key.lower() == name.lower():
            return str(value).strip()
    return None


# --------------------------------------------------------------------------------------------
# Trusting the chain (fetching it: skill.web.cert_fetch)


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


@dataclass
class _Trusted:
    """A chain that passed validation once: its signing key, until the chain expires."""

    leaf: x509.Certificate
    public_key: RSAPublicKey
    not_before: datetime
    expires: datetime


class AlexaSignatureVerifier(AbstractVerifier):  # type: ignore[misc]
    """``SignatureCertChainUrl`` + certificate chain + ``Signature-256``, all on every request.

    A chain is fetched and validated once per (normalised) URL and then kept, least recently
    used first out, until its first certificate expires; each request still checks the URL,
    the signing certificate's dates and the signature. A URL whose fetch or validation failed
    is refused without a new fetch for a while, and new URLs are fetched at a bounded rate.

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
        fetch_burst: int = FETCH_BURST,
        fetch_rate: float = FETCH_RATE_PER_SECOND,
    ) -> None:
        roots = list(default_trust_roots() if trust_roots is None else trust_roots)
        if not roots:
            raise ValueError("no trusted root certificates")
        self._store = Store(roots)
        self._fetch = fetch_cert_chain if fetcher is None else fetcher
        self._clock = clock
        self._cache_size = cache_size
        self._cache: OrderedDict[str, _Trusted] = OrderedDict()  # least recently used first
        self._failed: OrderedDict[str, tuple[datetime, RequestRefused]] = OrderedDict()
        self._fetch_burst = fetch_burst
        self._fetch_rate = fetch_rate
        self._tokens = float(fetch_burst)
        self._tokens_at: datetime | None = None
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
        trusted = self._trusted(normalised_cert_url(cert_url))
        body = (
            serialized_request_env.encode(CHARACTER_ENCODING)
            if isinstance(serialized_request_env, str)
            else serialized_request_env
        )
        self._check_signature(trusted.public_key, signature, body)

    # -- the certificate -------------------------------------------------------------------

    def signing_certificate(self, url: str) -> x509.Certificate:
        """The validated leaf certificate for ``url`` (fetched, or from the cache)."""
        check_cert_chain_url(url)
        return self._trusted(normalised_cert_url(url)).leaf

    def _trusted(self, key: str) -> _Trusted:
        now = self._clock()
        with self._lock:
            trusted = self._cache.get(key)
            if trusted is not None:
                if now < trusted.expires:
                    self._cache.move_to_end(key)
                    _check_dates(trusted.leaf, trusted.not_before, now)
                    return trusted
                del self._cache[key]
            failed = self._failed.get(key)
            if failed is not None:
                until, refusal = failed
                if now < until:
                    raise RequestRefused(refusal.check, f"{refusal.reason} (remembered)")
                del self._failed[key]
            self._take_fetch_token(now, key)
        try:
            chain = self._parse(key, self._fetch(key))
            leaf = self._validate(chain, now)
        except RequestRefused as refusal:
            seconds = FAILED_FETCH_SECONDS if refusal.check == "cert-fetch" else (
                FAILED_CHAIN_SECONDS
            )
            self._remember_failure(key, now + timedelta(seconds=seconds), refusal)
            raise
        public_key = leaf.public_key()
        if not isinstance(public_key, RSAPublicKey):
            refusal = RequestRefused("signature", "signing certificate has no RSA key")
            self._remember_failure(key, now + timedelta(seconds=FAILED_CHAIN_SECONDS), refusal)
            raise refusal
        expires = min(certificate.not_valid_after_utc for certificate in chain)
        trusted = _Trusted(leaf, public_key, leaf.not_valid_before_utc, expires)
        with self._lock:
            self._cache[key] = trusted
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return trusted

    def _take_fetch_token(self, now: datetime, key: str) -> None:
        """The fetch budget (token bucket); call with the lock held."""
        if self._tokens_at is not None:
            elapsed = max(0.0, (now - self._tokens_at).total_seconds())
            self._tokens = min(self._fetch_burst, self._tokens + elapsed * self._fetch_rate)
        self._tokens_at = now
        if self._tokens < 1:
            raise RequestRefused("cert-fetch-rate", f"too many new certificate URLs; not {key!r}")
        self._tokens -= 1

    def _remember_failure(self, key: str, until: datetime, refusal: RequestRefused) -> None:
        with self._lock:
            self._failed[key] = (until, refusal)
            self._failed.move_to_end(key)
            while len(self._failed) > FAILED_URL_MAX:
                self._failed.popitem(last=False)

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
        _check_dates(leaf, leaf.not_valid_before_utc, now)
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
    def _check_signature(public_key: RSAPublicKey, signature: str, body: bytes) -> None:
        try:
            decoded = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError):
            raise RequestRefused("signature", f"{SIGNATURE_HEADER} is not base64") from None
        try:
            public_key.verify(decoded, body, PKCS1v15(), SHA256())
        except InvalidSignature:
            raise RequestRefused("signature", "Signature-256 does not match the body") from None


def _check_dates(leaf: x509.Certificate, not_before: datetime, now: datetime) -> None:
    if now < not_before:
        raise RequestRefused(
            "cert-validity", f"signing certificate not valid before {not_before.isoformat()}"
        )
    if now > leaf.not_valid_after_utc:
        raise RequestRefused(
            "cert-validity", f"signing certificate expired {leaf.not_valid_after_utc.isoformat()}"
        )


# --------------------------------------------------------------------------------------------
# Timestamp


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
