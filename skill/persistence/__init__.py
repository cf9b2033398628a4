"""Remembering where a person left off, per Alexa user id.

Stored per user (``Progress``): position (None, or 0..7: the closing is never stored, a
finished massage stores None), practice seconds (None = default), completed count, last-use
date, and a schema version. Never anything the person said, nor anything about their health.

The store is chosen by ``RUECKENMASSAGE_STORE`` (see ``config``): ``sqlite:///abs/path.db``,
``dynamodb://table-name``, ``memory://``; unset means a SQLite file in the user's data
directory. A malformed value raises ``skill.settings.SettingsError`` (one line).

How the skill uses it (``ProgressStore`` never raises; each store bounds its own time)::

    store = store_from_env()                 # at start-up: SettingsError stops a bad config

    # at launch (e.g. a request interceptor on LaunchRequest):
    loaded = store.load(request_envelope)    # -> LoadResult(progress, readable)
    if loaded.progress and loaded.progress.position is not None:
        ...                                  # offer to resume at loaded.progress.position
    # Keep loaded.readable in the session attributes: when it is False (store down, slow,
    # corrupt or newer record) do not save in this session: resuming is simply lost.

    # when the position, practice time or completed count changes (e.g. a response
    # interceptor), and only if the session's load was readable:
    store.save(request_envelope, Progress(position=3, practice_seconds=45, completed=2))
    # last_used is stamped by save (today, UTC); save also refuses on its own to overwrite
    # a stored record it cannot read. A finished massage: Progress(position=None, ...,
    # completed=previous + 1).

    # "lösche meine Daten" / the SkillDisabled event:
    store.delete(request_envelope)           # removes the record, readable or not

    # housekeeping (``rueckenmassage purge``; SQLite also sweeps once a day on a write):
    store.purge_unused()                     # records unused for RETENTION_DAYS go

Each call that fails logs exactly one line on logger ``skill.persistence`` (with a short hash
of the user id, never the id) and returns ``LoadResult(None, readable=False)`` / ``False``.
"""

from skill.persistence.config import (
    ACCEPTED_FORMS,
    STORE_ENV,
    default_sqlite_path,
    open_adapter,
    store_from_env,
)
from skill.persistence.guard import LoadResult, ProgressStore
from skill.persistence.record import (
    RETENTION,
    RETENTION_DAYS,
    SCHEMA_VERSION,
    FutureRecordError,
    Progress,
    RecordError,
)

# The store classes load on first use (PEP 562): importing this package must not import
# sqlite3 or boto3 for a process that uses neither (a Lambda cold start).
_LAZY = {
    "MemoryAdapter": "skill.persistence.memory_store",
    "SqliteAdapter": "skill.persistence.sqlite_store",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "ACCEPTED_FORMS",
    "RETENTION",
    "RETENTION_DAYS",
    "SCHEMA_VERSION",
    "STORE_ENV",
    "FutureRecordError",
    "LoadResult",
    "MemoryAdapter",
    "Progress",
    "ProgressStore",
    "RecordError",
    "SqliteAdapter",
    "default_sqlite_path",
    "open_adapter",
    "store_from_env",
]
