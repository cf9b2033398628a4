"""The production web service, exactly as ``rueckenmassage serve`` runs it (gunicorn, the
evented workers, verification on), except that its signature verifier trusts the tests' CA
and gets the test chain for the Amazon URL from a stand-in S3.

    python tests/serve_with_test_ca.py PORT WORKERS ROOT_PEM CHAIN_PEM SKILL_ID
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from alexa_pki import CERT_URL, FakeS3
from cryptography import x509

from skill.settings import Settings
from skill.web.app import create_app
from skill.web.asgi import BufferedWsgi
from skill.web.server import serve_production
from skill.web.verification import AlexaSignatureVerifier


def main() -> int:
    port, workers, root_pem, chain_pem, skill_id = sys.argv[1:6]
    root = x509.load_pem_x509_certificate(Path(root_pem).read_bytes())
    verifier = AlexaSignatureVerifier(
        trust_roots=[root], fetcher=FakeS3({CERT_URL: Path(chain_pem).read_bytes()})
    )
    os.environ.setdefault("RUECKENMASSAGE_STORE", "memory://")
    app = create_app(settings=Settings(skill_id=skill_id), signature_verifier=verifier)
    asgi = BufferedWsgi(app, max_body_bytes=app.config["MAX_CONTENT_LENGTH"])
    return serve_production(asgi, bind=f"127.0.0.1:{port}", workers=int(workers))


if __name__ == "__main__":
    sys.exit(main())
