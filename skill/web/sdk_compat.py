"""The usable parts of ``ask-sdk-webservice-support``, importable on current Linux.

Why this module exists
----------------------
``ask_sdk_webservice_support.verifier`` (and ``webservice_handler``, which imports it) does
``from certvalidator import CertificateValidator`` at import time. certvalidator imports
oscrypto, and oscrypto 1.3.0 (the newest release) reads the libcrypto version with the regex
``\\d\\.\\d\\.\\d``, which cannot match a two-digit patch level such as OpenSSL "3.0.19"
(these machines, and most current distributions). The import then raises
``oscrypto.errors.LibraryNotFoundError`` before a single request is handled. The fix exists only
in oscrypto's unreleased main branch, so no ``pip install`` can get it.

What we do instead
------------------
- Certificate-chain validation, the one job certvalidator/oscrypto did, is done with
  ``cryptography``'s x509 path validation (maintained, already a dependency of the package);
  see :mod:`skill.web.verification`.
- Everything else in ``verifier.py`` is plain Python that does not need certvalidator:
  ``AbstractVerifier`` (the interface our verifiers implement), ``VerificationException`` and
  ``TimestampVerifier`` (the 150 s / 1 h rules). We keep using them. When the normal import
  fails because of certvalidator or oscrypto, the module is imported a second time with a
  stand-in ``certvalidator`` in ``sys.modules`` for the duration of that one import only; the
  real (broken) package is put back right after, so nothing else in the process sees the
  stand-in.
- The stand-in fails closed: the package's own ``RequestVerifier`` (which we never use) would
  reject every request rather than skip chain validation.

Alternatives we rejected: patching oscrypto's version regex (private module-level code, and it
keeps path validation in an unmaintained library); installing oscrypto from git (not possible
from a fresh ``pip install`` of a published package); copying the three classes (loses upstream
fixes to the timestamp rules).

``tests/test_web_verification.py`` fails loudly once a plain import works again: then delete
the fallback below and import ``ask_sdk_webservice_support.verifier`` directly.
"""

from __future__ import annotations

import importlib
import sys
import traceback
import types

# Distributions whose import failure the fallback covers; anything else is a real error.
_BROKEN_DEPENDENCIES = ("certvalidator", "oscrypto")
_VERIFIER_MODULE = "ask_sdk_webservice_support.verifier"


class CertvalidatorUnavailable(Exception):
    """Raised by the stand-in; never expected at run time because we never use certvalidator."""


def _caused_by_broken_dependency(error: BaseException) -> bool:
    """Whether ``error`` comes from certvalidator/oscrypto (not from, say, a missing package)."""
    if isinstance(error, ImportError) and (error.name or "").split(".")[0] in _BROKEN_DEPENDENCIES:
        return True
    frames = traceback.extract_tb(error.__traceback__)
    return any(
        f"/{name}/" in frame.filename.replace("\\", "/")
        for frame in frames
        for name in _BROKEN_DEPENDENCIES
    )


def _standin_modules() -> dict[str, types.ModuleType]:
    """A ``certvalidator`` with the three names verifier.py imports, all failing closed."""
    package = types.ModuleType("certvalidator")
    package.__doc__ = "Stand-in installed by skill.web.sdk_compat while importing the SDK."
    errors = types.ModuleType("certvalidator.errors")

    class ValidationError(CertvalidatorUnavailable):
        pass

    class PathError(ValidationError):
        pass

    class CertificateValidator:
        def __init__(self, *args: object, **kwargs: object) -> None:
            # The package's RequestVerifier turns this into a VerificationException: a request
            # checked by it is refused, never waved through.
            raise ValidationError(
                "certvalidator cannot be imported here (oscrypto cannot read the OpenSSL "
                "version); use skill.web.verification.AlexaSignatureVerifier"
            )

    errors.ValidationError = ValidationError  # type: ignore[attr-defined]
    errors.PathError = PathError  # type: ignore[attr-defined]
    package.CertificateValidator = CertificateValidator  # type: ignore[attr-defined]
    package.errors = errors  # type: ignore[attr-defined]
    return {"certvalidator": package, "certvalidator.errors": errors}


def _import_verifier_module() -> tuple[types.ModuleType, BaseException | None]:
    """The package's verifier module, and the error the plain import raised (None if it worked)."""
    try:
        return importlib.import_module(_VERIFIER_MODULE), None
    except Exception as error:  # oscrypto raises LibraryNotFoundError, not an ImportError
        if not _caused_by_broken_dependency(error):
            raise
        upstream_error: BaseException = error
    standins = _standin_modules()
    saved = {name: sys.modules.get(name) for name in standins}
    sys.modules.update(standins)
    try:
        module = importlib.import_module(_VERIFIER_MODULE)
    finally:
        for name, previous in saved.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
    return module, upstream_error


_verifier, UPSTREAM_IMPORT_ERROR = _import_verifier_module()

AbstractVerifier = _verifier.AbstractVerifier
VerificationException = _verifier.VerificationException
TimestampVerifier = _verifier.TimestampVerifier
# The package's certvalidator-based verifier: fails closed here; exported only for the tests.
PackageRequestVerifier = _verifier.RequestVerifier

__all__ = [
    "UPSTREAM_IMPORT_ERROR",
    "AbstractVerifier",
    "PackageRequestVerifier",
    "TimestampVerifier",
    "VerificationException",
]
