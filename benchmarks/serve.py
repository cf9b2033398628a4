"""Start one of the servers the web benchmark compares, in the foreground.

    python benchmarks/serve.py KIND PORT [ROOT_PEM CHAIN_PEM]

KIND:
- ``hello-gthread``: the hello-world Flask skill on gunicorn, 2 gthread workers x 4 threads,
  keep-alive (how the issue measured its baseline);
- ``hello-evented``: the same app on the skill's own server front (gunicorn + uvicorn);
- ``skill-dev``: the skill exactly as ``rueckenmassage serve`` runs it, verification off;
- ``skill-verified``: the same with verification on, trusting the tests' CA (ROOT_PEM) and
  serving the chain (CHAIN_PEM) for Amazon's URL from a stand-in S3.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

WORKERS = 2
SKILL_ID = "amzn1.ask.skill.12345678-1234-1234-1234-123456789abc"


def gthread(app: object, port: str) -> int:
    from gunicorn.app.base import BaseApplication

    options = {
        "bind": [f"127.0.0.1:{port}"],
        "workers": WORKERS,
        "worker_class": "gthread",
        "threads": 4,
        "keepalive": 30,
        "preload_app": True,
        "control_socket_disable": True,
        "loglevel": "warning",
    }

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self) -> object:
            return app

    Server().run()
    return 0


def main() -> int:
    kind, port = sys.argv[1], sys.argv[2]
    os.environ["RUECKENMASSAGE_STORE"] = "memory://"
    from skill.web.asgi import BufferedWsgi
    from skill.web.server import serve_production

    bind = f"127.0.0.1:{port}"
    if kind.startswith("hello"):
        from hello_flask import app

        if kind == "hello-gthread":
            return gthread(app, port)
        return serve_production(BufferedWsgi(app, max_body_bytes=128 * 1024), bind=bind,
                                workers=WORKERS)
    from skill.settings import Settings
    from skill.web.app import create_app

    settings = Settings(skill_id=SKILL_ID)
    if kind == "skill-dev":
        flask_app = create_app(settings=settings, dev=True)
    else:
        from alexa_pki import CERT_URL, FakeS3
        from cryptography import x509

        from skill.web.verification import AlexaSignatureVerifier

        root_pem, chain_pem = sys.argv[3], sys.argv[4]
        verifier = AlexaSignatureVerifier(
            trust_roots=[x509.load_pem_x509_certificate(Path(root_pem).read_bytes())],
            fetcher=FakeS3({CERT_URL: Path(chain_pem).read_bytes()}),
        )
        flask_app = create_app(settings=settings, signature_verifier=verifier)
    asgi = BufferedWsgi(flask_app, max_body_bytes=flask_app.config["MAX_CONTENT_LENGTH"])
    return serve_production(asgi, bind=bind, workers=WORKERS)


if __name__ == "__main__":
    sys.exit(main())
