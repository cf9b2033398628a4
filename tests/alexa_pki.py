"""A private PKI that imitates Alexa's request signing, for the web-service tests.

Amazon signs each request body with the key of a certificate for ``echo-api.amazon.com`` and
sends the URL of its chain. The tests make their own root CA, an intermediate and such a leaf,
trust only that root, hand the chain out through a fake fetcher for the real-looking Amazon URL,
and sign bodies with the leaf's key, exactly as Alexa would.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ALEXA_DOMAIN = "echo-api.amazon.com"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
SKILL_ID = "amzn1.ask.skill.12345678-1234-1234-1234-123456789abc"
OTHER_SKILL_ID = "amzn1.ask.skill.87654321-4321-4321-4321-cba987654321"

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@cache
def rsa_key(slot: int) -> rsa.RSAPrivateKey:
    """A 2048-bit key per slot, made once per test session (key generation is the slow part)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Rueckenmassage Test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, sign_certs: bool, digital_signature: bool = True) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=not sign_certs,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=sign_certs,
        crl_sign=sign_certs,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class Authority:
    """A certificate and its key."""

    certificate: x509.Certificate
    key: PrivateKey

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def _now() -> datetime:
    return datetime.now(timezone.utc)


def make_root(common_name: str = "Test Root CA", *, slot: int = 0) -> Authority:
    key = rsa_key(slot)
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=30))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(sign_certs=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(certificate, key)


def make_intermediate(issuer: Authority, common_name: str = "Test Intermediate CA", *,
                      slot: int = 1) -> Authority:
    key = rsa_key(slot)
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=30))
        .not_valid_after(now + timedelta(days=1000))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(sign_certs=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
        .sign(issuer.key, hashes.SHA256())
    )
    return Authority(certificate, key)


def make_leaf(
    issuer: Authority,
    *,
    dns_names: tuple[str, ...] = (ALEXA_DOMAIN,),
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    key: PrivateKey | None = None,
    digital_signature: bool = True,
    slot: int = 2,
) -> Authority:
    """Alexa's signing certificate as Amazon's public CA issues it (serverAuth, SAN)."""
    key = rsa_key(slot) if key is None else key
    now = _now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(dns_names[0] if dns_names else "no-san.example"))
        .issuer_name(issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1) if not_before is None else not_before)
        .not_valid_after(now + timedelta(days=30) if not_after is None else not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign_certs=False, digital_signature=digital_signature),
                       critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    if dns_names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in dns_names]),
            critical=False,
        )
    return Authority(builder.sign(issuer.key, hashes.SHA256()), key)


def chain_pem(*authorities: Authority) -> bytes:
    """Leaf first, as Amazon serves it."""
    return b"".join(authority.pem for authority in authorities)


def sign(body: bytes, key: PrivateKey) -> str:
    """The ``Signature-256`` header value: base64 RSA PKCS#1 v1.5 / SHA-256 over the body."""
    assert isinstance(key, rsa.RSAPrivateKey)
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


def sign_ec(body: bytes, key: ec.EllipticCurvePrivateKey) -> str:
    return base64.b64encode(key.sign(body, ec.ECDSA(hashes.SHA256()))).decode()


def body_bytes(envelope: dict[str, Any]) -> bytes:
    """Serialised the way Alexa sends it: compact UTF-8 JSON with literal umlauts."""
    return json.dumps(envelope, ensure_ascii=False).encode("utf-8")


@dataclass
class FakeS3:
    """A fetcher (URL -> PEM bytes) standing in for s3.amazonaws.com; records every fetch."""

    chains: dict[str, bytes] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        from skill.web.verification import RequestRefused

        self.fetched.append(url)
        if url not in self.chains:
            raise RequestRefused("cert-fetch", f"404 for {url}")
        return self.chains[url]


@dataclass
class TestPKI:
    """The standard set: a trusted root, an intermediate, a good leaf and its chain URL."""

    __test__ = False  # not a test class, despite the name

    root: Authority
    intermediate: Authority
    leaf: Authority
    s3: FakeS3

    def headers(self, body: bytes, *, url: str = CERT_URL, key: PrivateKey | None = None,
                ) -> dict[str, str]:
        return {
            "Content-Type": "application/json; charset=utf-8",
            "SignatureCertChainUrl": url,
            "Signature-256": sign(body, key or self.leaf.key),  # type: ignore[arg-type]
        }


def standard_pki() -> TestPKI:
    root = make_root()
    intermediate = make_intermediate(root)
    leaf = make_leaf(intermediate)
    s3 = FakeS3({CERT_URL: chain_pem(leaf, intermediate)})
    return TestPKI(root, intermediate, leaf, s3)
