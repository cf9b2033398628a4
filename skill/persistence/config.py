"""``RUECKENMASSAGE_STORE``: which store holds the progress records.

Accepted forms (the URL form is deliberately simple, not SQLAlchemy's):

- unset or empty: SQLite file ``progress.db`` in the user's data directory
  (``platformdirs.user_data_dir("rueckenmassage")``), created on first use;
- ``sqlite://`` followed by an absolute path: ``sqlite:///var/lib/rm/progress.db`` is the file
  ``/var/lib/rm/progress.db``. Relative paths are refused, since they would depend on the
  working directory of whichever process runs the skill (and SQLAlchemy reads
  ``sqlite:///x.db`` as relative, which this rule could be confused with);
- ``dynamodb://table-name``: a DynamoDB table (3-255 characters of ``A-Z a-z 0-9 _ . -``),
  region, endpoint and credentials from the standard AWS settings (see ``dynamodb_store``);
- ``memory://``: in-process, lost at exit (tests, the console).

Anything else raises ``SettingsError`` with one line naming the value and the accepted forms.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.persistence.guard import ProgressStore
from skill.settings import SettingsError

STORE_ENV = "RUECKENMASSAGE_STORE"
ACCEPTED_FORMS = "sqlite:///path/to/file.db, dynamodb://table-name or memory://"
APP_NAME = "rueckenmassage"
DEFAULT_FILE_NAME = "progress.db"

_TABLE_NAME = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")


def default_sqlite_path() -> Path:
    # Imported here: platformdirs is only needed when the default is actually used.
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / DEFAULT_FILE_NAME


def open_adapter(
    value: str | None, env: Mapping[str, str] | None = None
) -> AbstractPersistenceAdapter:
    """The adapter a ``RUECKENMASSAGE_STORE`` value names. Opens no file and no connection;
    ``env`` (default ``os.environ``) is where the DynamoDB adapter reads the AWS settings."""
    # Each store's module is imported only when it is used: a Lambda cold start with
    # DynamoDB loads no sqlite3, a web worker with SQLite no boto3.
    text = (value or "").strip()
    if not text:
        from skill.persistence.sqlite_store import SqliteAdapter

        return SqliteAdapter(default_sqlite_path())
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep:
        raise _invalid(value)
    if scheme == "sqlite":
        from skill.persistence.sqlite_store import SqliteAdapter

        return SqliteAdapter(_sqlite_path(value, rest))
    if scheme == "dynamodb":
        if not _TABLE_NAME.match(rest):
            raise _invalid(value, "a DynamoDB table name has 3-255 characters of A-Z a-z 0-9 _ . -")
        from skill.persistence.dynamodb_store import dynamodb_adapter

        return dynamodb_adapter(rest, os.environ if env is None else env)
    if scheme == "memory":
        if rest:
            raise _invalid(value, "memory:// takes nothing after it")
        from skill.persistence.memory_store import MemoryAdapter

        return MemoryAdapter()
    raise _invalid(value)


def store_from_env(env: Mapping[str, str] | None = None) -> ProgressStore:
    """The skill's ``ProgressStore`` as ``RUECKENMASSAGE_STORE`` in ``env`` names it; call it at
    start-up so a malformed value stops the skill with its one-line ``SettingsError``."""
    env = os.environ if env is None else env
    return ProgressStore(open_adapter(env.get(STORE_ENV), env))


def _sqlite_path(value: str | None, rest: str) -> Path:
    if not rest:
        raise _invalid(value, "the SQLite file path is missing")
    if "\x00" in rest:
        raise _invalid(value, "the SQLite file path contains a NUL character")
    path = Path(rest)
    if not path.is_absolute():
        raise _invalid(value, "the SQLite file path must be absolute")
    if rest.endswith("/") or path.name in ("", ".", ".."):
        raise _invalid(value, "the SQLite path must name a file, not a directory")
    return path


def _invalid(value: str | None, reason: str = "") -> SettingsError:
    # One line whatever the value holds: repr() escapes newlines and control characters.
    detail = f" ({reason})" if reason else ""
    return SettingsError(f"{STORE_ENV}={value!r} is not valid{detail}; use {ACCEPTED_FORMS}")
