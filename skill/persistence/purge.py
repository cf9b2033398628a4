"""``rueckenmassage purge``: delete stored progress unused for longer than the retention time.

Run it from cron or a scheduled job (see docs/storage.md). The request path also removes an
old record when its owner comes back, and SQLite sweeps once a day on a write; this command
covers the people who never come back, for every store.
"""

from __future__ import annotations

import argparse

from skill.cli import CommandError
from skill.persistence.record import RETENTION_DAYS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        f"Delete stored progress unused for more than {RETENTION_DAYS} days, in the store "
        "RUECKENMASSAGE_STORE names."
    )


def run(args: argparse.Namespace) -> int:
    from skill.persistence import store_from_env
    from skill.settings import SettingsError

    try:
        store = store_from_env()
    except SettingsError as error:
        raise CommandError(str(error)) from None
    try:
        removed = store.purge_unused()
    except Exception as error:
        text = " ".join(f"{type(error).__name__}: {error}".split())
        raise CommandError(f"could not purge: {text[:300]}") from None
    print(f"removed {removed} record(s) unused for more than {RETENTION_DAYS} days")
    return 0
