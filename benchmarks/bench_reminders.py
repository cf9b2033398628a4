"""How long "Erinnere mich täglich um 19 Uhr" takes to answer when the Reminders API is well,
failing, hanging, trickling or silent: printed, never asserted.

    python benchmarks/bench_reminders.py [--rounds 5]

Each request goes through ``lambda_handler`` with the permission granted, against the tests'
real HTTPS stand-in for the Reminders API (``tests/reminders_api_server.py``, a test-made CA
trusted through ``REQUESTS_CA_BUNDLE``) or a socket that accepts and never speaks. Baseline:
"Wie oft habe ich schon massiert?", which calls no API, in the same run. The issue's target is
an answer within 1 s whatever the API does (``skill/api_client.py``: a 0.8 s budget for the
calls of one request). Wall time only: the point is how long the person waits.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ["RUECKENMASSAGE_STORE"] = "memory://"

from reminder_requests import ask, reminder_slots  # noqa: E402
from reminders_api_server import RemindersApiServer  # noqa: E402

from skill import intents  # noqa: E402
from skill.builder import create_handler  # noqa: E402
from skill.settings import Settings  # noqa: E402

DAILY_AT_7 = reminder_slots("19:00", ("täglich", "daily"))


def timed(call: Callable[[], Any], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def row(name: str, times: list[float]) -> None:
    print(f"| {name} | {statistics.median(times):7.1f} ms | {max(times):7.1f} ms |")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    logging.getLogger("skill").setLevel(logging.ERROR)  # one warning per failed call otherwise
    handler = create_handler(Settings())
    print("| API behaviour | median answer | slowest answer |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as folder, RemindersApiServer(Path(folder)) as server:
        os.environ["REQUESTS_CA_BUNDLE"] = str(server.ca_file)
        api = server.api

        def set_reminder(endpoint: str = server.endpoint) -> Any:
            api.reminders.clear()
            return ask(handler, endpoint, intents.SET_REMINDER, DAILY_AT_7, permission="granted")

        set_reminder()  # warm-up: imports, the first TLS handshake
        record = lambda: ask(handler, server.endpoint, intents.PRACTICE_RECORD)  # noqa: E731
        row("no API call (baseline)", timed(record, rounds))
        row("well (list + create)", timed(set_reminder, rounds))
        api.fail_with = 503
        row("503 on every call", timed(set_reminder, rounds))
        api.fail_with, api.hang = None, True
        row("accepts, never answers", timed(set_reminder, rounds))
        api.hang, api.trickle = False, True
        row("answers a byte every 0.2 s", timed(set_reminder, rounds))
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(16)
            endpoint = f"https://127.0.0.1:{silent.getsockname()[1]}"
            row("TCP accepted, no TLS", timed(lambda: set_reminder(endpoint), rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
