"""``rueckenmassage serve``: the web service under gunicorn, or unverified with ``--dev``.

Both run the same evented front (uvicorn, see :mod:`skill.web.asgi` and
:mod:`skill.web.worker`): production as gunicorn-managed worker processes, ``--dev`` as one
process. Flask, gunicorn and uvicorn are imported inside :func:`run` only, so
``rueckenmassage serve --help`` (and the CLI's parser) stay fast and work without the
``web`` extra installed.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from typing import TYPE_CHECKING, Any

from skill.cli import CommandError

if TYPE_CHECKING:
    from skill.web.asgi import BufferedWsgi

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_WORKERS = 2
# Alexa gives up after about 8 s; a worker stuck far longer than that is broken.
WORKER_TIMEOUT_S = 30
KEEPALIVE_SECONDS = 30

DEV_BANNER = """\
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  rueckenmassage serve --dev: ALEXA REQUEST VERIFICATION IS OFF.
!!  No signature, certificate or timestamp checks: anyone who can reach
!!  http://{address} can send this skill forged Alexa requests.
!!  For your own machine only. Never expose it to the internet: no port forwarding,
!!  no tunnel (ngrok & co.), no public host. For Alexa, run without --dev behind HTTPS.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
"""


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range: {value}")
    return value


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1 worker")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port to bind (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=None,
        help=f"worker processes (default {DEFAULT_WORKERS}; --dev runs one)",
    )
    parser.add_argument(
        "--certfile", help="serve HTTPS directly with this PEM certificate (chain) file"
    )
    parser.add_argument("--keyfile", help="the private key for --certfile")
    parser.add_argument(
        "--dev",
        action="store_true",
        help="development server WITHOUT signature/timestamp checks; loopback addresses only",
    )
    parser.add_argument(
        "--allow-any-skill",
        action="store_true",
        help="answer requests for any skill id (production needs ALEXA_SKILL_ID otherwise)",
    )


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _bind_address(host: str, port: int) -> str:
    host = host.strip("[]")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _build_app(dev: bool, allow_any_skill: bool) -> BufferedWsgi:
    from skill.settings import Settings, SettingsError

    try:
        from skill.web.app import create_app
        from skill.web.asgi import BufferedWsgi
    except ImportError as error:
        raise CommandError(
            f"missing dependency ({error}); install with: pip install -e '.[web]'"
        ) from None
    try:
        # Settings and anything the skill reads at start-up (a SettingsError is one line).
        settings = Settings.from_env()
        if allow_any_skill:
            settings = settings.allowing_any_skill()
        app = create_app(settings=settings, dev=dev)
    except SettingsError as error:
        raise CommandError(str(error)) from None
    return BufferedWsgi(app, max_body_bytes=app.config["MAX_CONTENT_LENGTH"])


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if (args.certfile is None) != (args.keyfile is None):
        raise CommandError("--certfile and --keyfile go together")
    if args.dev:
        if args.workers is not None:
            raise CommandError("--dev runs one process; --workers is for the production server")
        if not is_loopback(args.host):
            raise CommandError(
                f"--dev turns request verification off, so it only binds to loopback "
                f"addresses (127.0.0.1, ::1, localhost), not {args.host!r}"
            )
        if args.certfile is not None:
            raise CommandError("--certfile/--keyfile are for the production server, not --dev")
        return _run_dev(_build_app(True, args.allow_any_skill), args.host, args.port)
    return serve_production(
        _build_app(False, args.allow_any_skill),
        bind=_bind_address(args.host, args.port),
        workers=args.workers or DEFAULT_WORKERS,
        certfile=args.certfile,
        keyfile=args.keyfile,
    )


def _run_dev(app: BufferedWsgi, host: str, port: int) -> int:
    import uvicorn

    from skill.web.worker import AlexaWorker

    print(DEV_BANNER.format(address=_bind_address(host, port)), file=sys.stderr, flush=True)
    config = uvicorn.Config(
        app, host=host.strip("[]"), port=port, log_config=None,
        timeout_keep_alive=KEEPALIVE_SECONDS, **AlexaWorker.CONFIG_KWARGS,
    )
    uvicorn.Server(config).run()
    return 0


def gunicorn_options(
    *,
    bind: str,
    workers: int,
    certfile: str | None = None,
    keyfile: str | None = None,
    access_log: bool = True,
) -> dict[str, Any]:
    options: dict[str, Any] = {
        "bind": [bind],
        "workers": workers,
        # uvicorn's event loop in each worker: a slow client costs a socket, not the worker.
        "worker_class": "skill.web.worker.AlexaWorker",
        "keepalive": KEEPALIVE_SECONDS,
        # A worker that stops reporting for this long is restarted (its event loop hung).
        "timeout": WORKER_TIMEOUT_S,
        # Built once in the master (fails before forking if the skill cannot load), shared by
        # the workers.
        "preload_app": True,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "rueckenmassage",
        # gunicorn >= 24 opens a control socket at one fixed path per user; two services on
        # one machine would fight over it, and nothing here uses it.
        "control_socket_disable": True,
    }
    if certfile is not None:
        options["certfile"] = certfile
        options["keyfile"] = keyfile
    return options


def serve_production(
    app: Any,
    *,
    bind: str,
    workers: int,
    certfile: str | None = None,
    keyfile: str | None = None,
    access_log: bool = True,
) -> int:
    """Serve the ASGI ``app`` with gunicorn and :class:`skill.web.worker.AlexaWorker`."""
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError as error:
        raise CommandError(
            f"missing dependency ({error}); install with: pip install -e '.[web]'"
        ) from None

    options = gunicorn_options(
        bind=bind, workers=workers, certfile=certfile, keyfile=keyfile, access_log=access_log
    )

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:  # settings newer gunicorns added are optional
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    Server().run()  # returns only through SystemExit from the arbiter
    return 0
