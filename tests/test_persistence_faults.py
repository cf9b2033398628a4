"""The guard: a failing, slow or hung store, or a bad record, costs only the resume.

Also the ``RUECKENMASSAGE_STORE`` setting: each accepted form, and one-line errors otherwise.
"""

from __future__ import annotations

import datetime
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import Context, RequestEnvelope, User
from ask_sdk_model.interfaces.system import SystemState

from skill.persistence import (
    ACCEPTED_FORMS,
    RETENTION_DAYS,
    MemoryAdapter,
    Progress,
    ProgressStore,
    SqliteAdapter,
    default_sqlite_path,
    open_adapter,
    store_from_env,
)
from skill.settings import SettingsError

USER = "amzn1.ask.account.FAULT-TEST-USER"
OTHER = "amzn1.ask.account.FAULT-OTHER-USER"
TODAY = datetime.date(2024, 5, 17)


def envelope(user_id: str | None = USER) -> RequestEnvelope:
    return RequestEnvelope(context=Context(system=SystemState(user=User(user_id=user_id))))


class DownAdapter(AbstractPersistenceAdapter):
    """A store that refuses every call (e.g. connection refused); quotes the key, as a careless
    store error message might."""

    def __init__(self) -> None:
        self.calls = 0

    def _fail(self, request_envelope: RequestEnvelope) -> Any:
        self.calls += 1
        user_id = request_envelope.context.system.user.user_id
        raise PersistenceException(f"connection refused while reading key {user_id}")

    def get_attributes(self, request_envelope: RequestEnvelope) -> Any:
        return self._fail(request_envelope)

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Any) -> None:
        self._fail(request_envelope)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self._fail(request_envelope)


class SlowWriteAdapter(MemoryAdapter):
    """A store whose writes take ``delay`` seconds and then land (a slow disk or network)."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Any) -> None:
        time.sleep(self.delay)
        super().save_attributes(request_envelope, attributes)


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="skill.persistence")
    return caplog


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "skill.persistence"]


# -- store down ----------------------------------------------------------------------------------
def test_store_down_costs_only_the_resume(log: pytest.LogCaptureFixture) -> None:
    adapter = DownAdapter()
    store = ProgressStore(adapter)

    loaded = store.load(envelope())
    assert (loaded.progress, loaded.readable) == (None, False)
    assert len(lines(log)) == 1
    assert lines(log)[0].startswith("store load failed for user ")
    assert "PersistenceException: connection refused" in lines(log)[0]

    assert store.save(envelope(), Progress(position=2)) is False
    assert store.delete(envelope()) is False
    assert len(lines(log)) == 3
    assert [line.split()[1] for line in lines(log)] == ["load", "save", "delete"]
    assert adapter.calls == 3


def test_log_lines_never_carry_the_user_id(log: pytest.LogCaptureFixture) -> None:
    store = ProgressStore(DownAdapter())
    store.load(envelope())
    (line,) = lines(log)
    assert USER not in line
    assert "FAULT-TEST" not in line
    assert "<user id>" in line  # the adapter's message quoted it; it was replaced


def test_a_request_without_user_id_is_a_logged_failure(log: pytest.LogCaptureFixture) -> None:
    store = ProgressStore(MemoryAdapter())
    assert store.load(envelope(None)).readable is False
    assert store.load(RequestEnvelope()).readable is False
    assert store.save(envelope(None), Progress()) is False
    assert len(lines(log)) == 3
    assert all("<no user id>" in line for line in lines(log))


# -- slow stores: the report is the truth ---------------------------------------------------------
def test_a_slow_write_is_reported_as_what_happened(log: pytest.LogCaptureFixture) -> None:
    """Issue 10, finding 8: the guard used to stop waiting after 2 s and report the save as
    failed while its thread went on and wrote it. Now nothing is left behind: the call ends
    when the store ends, so a save reported failed is never written later, and a save that
    was written is reported as written."""
    adapter = SlowWriteAdapter(delay=2.2)
    store = ProgressStore(adapter, today=lambda: TODAY)
    threads_before = threading.active_count()
    reported = store.save(envelope(), Progress(position=3))
    time.sleep(0.1)
    stored = adapter.get_attributes(envelope())
    assert reported is True
    assert stored["position"] == 3
    assert threading.active_count() == threads_before


def test_no_thread_is_started_per_store_call(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []
    original = threading.Thread.start

    def counting_start(thread: threading.Thread) -> None:
        started.append(thread.name)
        original(thread)

    monkeypatch.setattr(threading.Thread, "start", counting_start)
    store = ProgressStore(MemoryAdapter())
    for position in range(5):
        assert store.save(envelope(), Progress(position=position))
        assert store.load(envelope()).readable
    assert store.delete(envelope())
    assert started == []


def test_a_record_unused_past_the_retention_time_is_deleted_on_load(
    log: pytest.LogCaptureFixture,
) -> None:
    adapter = MemoryAdapter()
    old = TODAY - datetime.timedelta(days=RETENTION_DAYS + 1)
    recent = TODAY - datetime.timedelta(days=RETENTION_DAYS - 1)
    store = ProgressStore(adapter, today=lambda: TODAY)
    adapter.save_attributes(envelope(), Progress(position=4, last_used=old).to_record())
    adapter.save_attributes(envelope(OTHER), Progress(position=2, last_used=recent).to_record())
    loaded = store.load(envelope())
    assert (loaded.progress, loaded.readable) == (None, True)
    assert adapter.get_attributes(envelope()) == {}
    assert store.load(envelope(OTHER)).progress == Progress(position=2, last_used=recent)
    assert lines(log) == []


# -- corrupt and future records --------------------------------------------------------------------
BAD_RECORDS = [
    pytest.param({"schema": 1, "position": "drei", "completed": 0}, "unreadable", id="corrupt"),
    pytest.param({"schema": 1, "position": 8, "completed": 0}, "unreadable", id="closing-stored"),
    pytest.param({"position": 3, "completed": 0}, "unreadable", id="no-schema"),
    pytest.param(
        {"schema": 2, "position": 3, "completed": 1, "streak": 4}, "newer release", id="future"
    ),
]


@pytest.mark.parametrize(("record", "reason"), BAD_RECORDS)
def test_bad_record_is_not_resumed_and_not_overwritten(
    log: pytest.LogCaptureFixture, record: dict[str, Any], reason: str
) -> None:
    adapter = MemoryAdapter()
    adapter.save_attributes(envelope(), record)
    store = ProgressStore(adapter)

    loaded = store.load(envelope())
    assert (loaded.progress, loaded.readable) == (None, False)
    (line,) = lines(log)
    assert line.startswith("store load failed for user ")
    assert reason in line

    log.clear()
    assert store.save(envelope(), Progress(position=1)) is False
    (line,) = lines(log)
    assert "not overwriting it" in line
    assert reason in line
    assert adapter.get_attributes(envelope()) == record

    assert store.delete(envelope()) is True  # the person's own request removes it all the same
    assert adapter.get_attributes(envelope()) == {}


def test_no_record_is_readable_and_empty(log: pytest.LogCaptureFixture) -> None:
    loaded = ProgressStore(MemoryAdapter()).load(envelope())
    assert (loaded.progress, loaded.readable, loaded.found) == (None, True, False)
    assert lines(log) == []


def test_save_stamps_last_used_and_stores_only_the_record() -> None:
    adapter = MemoryAdapter()
    store = ProgressStore(adapter, today=lambda: TODAY)
    stale = Progress(2, practice_seconds=90, completed=3, last_used=datetime.date(2020, 1, 1))
    assert store.save(envelope(), stale)
    assert adapter.get_attributes(envelope()) == {
        "schema": 1,
        "position": 2,
        "practice_seconds": 90,
        "completed": 3,
        "last_used": "2024-05-17",
    }
    loaded = store.load(envelope())
    assert loaded.found and loaded.readable
    assert loaded.progress == Progress(2, 90, 3, TODAY)


def test_memory_adapter_hands_out_copies() -> None:
    adapter = MemoryAdapter()
    record = Progress(position=1).to_record()
    adapter.save_attributes(envelope(), record)
    record["position"] = 7
    adapter.get_attributes(envelope())["position"] = 5
    assert adapter.get_attributes(envelope())["position"] == 1


# -- RUECKENMASSAGE_STORE ------------------------------------------------------------------------
@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "AWS_REGION": "eu-central-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_EC2_METADATA_DISABLED": "true",  # never probe the metadata service
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return env


@pytest.mark.parametrize("value", [None, "", "   "])
def test_unset_store_means_sqlite_in_the_user_data_directory(
    value: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    adapter = open_adapter(value)
    assert isinstance(adapter, SqliteAdapter)
    assert adapter.path == default_sqlite_path() == tmp_path / "data/rueckenmassage/progress.db"
    assert not (tmp_path / "data").exists()  # created on first use, not at start-up


@pytest.mark.parametrize(
    "value", ["sqlite:///{tmp}/progress.db", "SQLite:///{tmp}/a/b.db", "  sqlite:///{tmp}/x  "]
)
def test_sqlite_form_takes_an_absolute_path(value: str, tmp_path: Path) -> None:
    text = value.format(tmp=tmp_path)
    adapter = open_adapter(text)
    assert isinstance(adapter, SqliteAdapter)
    assert adapter.path == Path(text.strip().split("://", 1)[1])
    assert adapter.path.is_absolute()


def test_memory_form() -> None:
    assert isinstance(open_adapter("memory://"), MemoryAdapter)
    assert open_adapter("memory://") is not open_adapter("memory://")


@pytest.mark.parametrize("table", ["abc", "rueckenmassage-progress", "A.b_C-9", "t" * 255])
def test_dynamodb_form_builds_the_sdk_adapter_without_network(
    aws_env: dict[str, str], table: str
) -> None:
    # AWS_REGION alone (botocore itself reads only AWS_DEFAULT_REGION) is enough.
    assert "AWS_DEFAULT_REGION" not in os.environ
    adapter = open_adapter(f"dynamodb://{table}")
    # Imported only now: importing it first would raise NoRegionError (see dynamodb_store).
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter

    assert isinstance(adapter, DynamoDbAdapter)
    assert adapter.table_name == table
    assert adapter.partition_key_name == "id"
    assert adapter.create_table is False
    assert adapter.dynamodb.meta.client.meta.region_name == "eu-central-1"
    assert adapter.dynamodb.meta.client.meta.endpoint_url == "http://127.0.0.1:1"


def test_dynamodb_without_region_is_a_one_line_settings_error(
    aws_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    with pytest.raises(SettingsError) as caught:
        open_adapter("dynamodb://progress")
    message = str(caught.value)
    assert "\n" not in message
    assert "AWS_REGION" in message


def test_store_from_env_reads_the_setting() -> None:
    store = store_from_env({"RUECKENMASSAGE_STORE": "memory://"})
    assert isinstance(store, ProgressStore)
    assert isinstance(store.adapter, MemoryAdapter)
    with pytest.raises(SettingsError):
        store_from_env({"RUECKENMASSAGE_STORE": "nonsense"})


@pytest.mark.parametrize(
    "value",
    [
        "x",
        "progress.db",
        "/var/lib/progress.db",
        "sqlite://relative.db",
        "sqlite://",
        "sqlite:///",
        "sqlite:///var/lib/",
        "sqlite:///var/lib/..",
        "sqlite:///tmp/a\x00b.db",
        "sqlite:/tmp/x.db",
        "dynamodb://",
        "dynamodb://ab",
        "dynamodb://bad name",
        "dynamodb://table/extra",
        "dynamodb://" + "t" * 256,
        "dynamodb:table",
        "memory",
        "memory://somewhere",
        "mysql://host/db",
        "redis://localhost:6379",
        "sqlite:///tmp/x.db\nmemory://",
    ],
)
def test_malformed_store_is_a_one_line_error_with_the_accepted_forms(value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        open_adapter(value)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"RUECKENMASSAGE_STORE={value!r} is not valid")
    assert message.endswith(f"use {ACCEPTED_FORMS}")
    assert ACCEPTED_FORMS == "sqlite:///path/to/file.db, dynamodb://table-name or memory://"
