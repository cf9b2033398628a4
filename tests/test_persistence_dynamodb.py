"""The DynamoDB store against a real DynamoDB-API server on localhost (moto in server mode,
started here as a subprocess): real HTTP, real boto3, the ASK SDK's own adapter."""

from __future__ import annotations

import datetime
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from ask_sdk_model import Context, RequestEnvelope, User
from ask_sdk_model.interfaces.system import SystemState
from botocore.config import Config

from skill.habit import MAX_PRACTICE_DAYS
from skill.persistence import Progress, ProgressStore, dynamodb_store, open_adapter
from skill.persistence.dynamodb_store import create_table, dynamodb_adapter, dynamodb_resource

USER = "amzn1.ask.account.DYNAMO-TEST-USER"
OTHER = "amzn1.ask.account.DYNAMO-OTHER-USER"
REGION = "eu-central-1"
TODAY = datetime.date(2024, 5, 17)
STARTUP_SECONDS = 30


def envelope(user_id: str) -> RequestEnvelope:
    return RequestEnvelope(context=Context(system=SystemState(user=User(user_id=user_id))))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("moto") / "server.log"
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    with open(log_path, "wb") as server_log:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=server_log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"moto server did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def set_aws_env(monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # never probe the metadata service


# moto is a Python program and answers its first calls in up to seconds where DynamoDB takes
# milliseconds: these correctness tests give it time. The production bounds (CLIENT_CONFIG)
# are tested against a socket that never answers, below.
MOTO_CLIENT_CONFIG = Config(connect_timeout=5, read_timeout=10, retries={"total_max_attempts": 2})


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, moto_endpoint: str) -> str:
    set_aws_env(monkeypatch, moto_endpoint)
    monkeypatch.setattr(dynamodb_store, "CLIENT_CONFIG", MOTO_CLIENT_CONFIG)
    return moto_endpoint


@pytest.fixture
def table(aws: str) -> str:
    name = f"rueckenmassage-{uuid.uuid4().hex[:8]}"
    create_table(dynamodb_resource(), name)
    return name


@pytest.fixture
def client(aws: str) -> Any:
    """A separate plain boto3 client, to look at what the skill's adapter really stored."""
    return boto3.client(
        "dynamodb",
        endpoint_url=aws,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_table_has_the_user_id_partition_key(table: str, client: Any) -> None:
    described = client.describe_table(TableName=table)["Table"]
    assert described["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert described["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "S"}]
    assert described["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert described["TableStatus"] == "ACTIVE"
    # Creating it again (a second setup run) is harmless.
    assert create_table(dynamodb_resource(), table).name == table


def test_write_read_delete_through_the_sdk_adapter(table: str, client: Any) -> None:
    store = ProgressStore(open_adapter(f"dynamodb://{table}"), today=lambda: TODAY)
    assert store.load(envelope(USER)).progress is None
    assert store.load(envelope(USER)).readable

    assert store.save(envelope(USER), Progress(position=3, practice_seconds=45, completed=2))
    assert store.save(envelope(OTHER), Progress(position=0))
    # Numbers come back from DynamoDB as Decimal; the record still reads as it was written.
    assert store.load(envelope(USER)).progress == Progress(3, 45, 2, TODAY)

    item = client.get_item(TableName=table, Key={"id": {"S": USER}})["Item"]
    assert item["id"] == {"S": USER}  # partition key is the request's Alexa user id
    assert set(item) == {"id", "attributes"}
    attributes = item["attributes"]["M"]
    assert attributes["position"] == {"N": "3"}
    assert attributes["schema"] == {"N": "1"}
    assert attributes["last_used"] == {"S": "2024-05-17"}
    assert set(attributes) == {"schema", "position", "practice_seconds", "completed", "last_used"}

    assert store.save(envelope(USER), Progress(position=None, completed=3))
    assert store.load(envelope(USER)).progress == Progress(completed=3, last_used=TODAY)

    assert store.delete(envelope(USER))
    assert "Item" not in client.get_item(TableName=table, Key={"id": {"S": USER}})
    assert store.load(envelope(USER)).progress is None
    assert store.load(envelope(OTHER)).progress == Progress(position=0, last_used=TODAY)
    ids = {i["id"]["S"] for i in client.scan(TableName=table)["Items"]}
    assert ids == {OTHER}


@pytest.mark.parametrize(
    ("attributes", "reason"),
    [
        pytest.param({"schema": {"N": "1"}, "position": {"S": "drei"}}, "unreadable", id="corrupt"),
        pytest.param({"schema": {"S": "eins"}}, "unreadable", id="schema-string"),
        pytest.param(
            {"schema": {"N": "2"}, "position": {"N": "3"}, "completed": {"N": "0"}},
            "newer release",
            id="future",
        ),
    ],
)
def test_bad_item_is_not_resumed_and_not_overwritten(
    table: str,
    client: Any,
    caplog: pytest.LogCaptureFixture,
    attributes: dict[str, object],
    reason: str,
) -> None:
    item = {"id": {"S": USER}, "attributes": {"M": attributes}}
    client.put_item(TableName=table, Item=item)
    store = ProgressStore(dynamodb_adapter(table))
    caplog.set_level(logging.WARNING, logger="skill.persistence")

    loaded = store.load(envelope(USER))
    assert (loaded.progress, loaded.readable) == (None, False)
    assert store.save(envelope(USER), Progress(position=1)) is False
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert all(reason in message for message in messages)
    assert client.get_item(TableName=table, Key={"id": {"S": USER}})["Item"] == item


def test_missing_table_is_a_logged_failure(aws: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="skill.persistence")
    store = ProgressStore(dynamodb_adapter("no-such-table"))
    assert store.load(envelope(USER)).readable is False
    assert store.save(envelope(USER), Progress()) is False
    assert len(caplog.records) == 2
    assert "ResourceNotFoundException" in caplog.records[0].getMessage()


# -- store down / hung -----------------------------------------------------------------------------
def test_store_down_answers_fast(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    set_aws_env(monkeypatch, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    caplog.set_level(logging.WARNING, logger="skill.persistence")
    store = ProgressStore(open_adapter("dynamodb://rueckenmassage"))
    started = time.monotonic()
    loaded = store.load(envelope(USER))
    assert time.monotonic() - started < 3.0
    assert (loaded.progress, loaded.readable) == (None, False)
    assert store.save(envelope(USER), Progress()) is False
    assert time.monotonic() - started < 6.0
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert "Could not connect to the endpoint URL" in lines[0]


def test_hung_store_answers_within_botocores_bound_and_leaves_nothing_running(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A socket that accepts connections (through the kernel's backlog) but never answers.
    # Two attempts of 0.7 s each; the call ends when boto3 gives up, in the caller's thread,
    # so there is no thread left that could still send anything after the report.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        set_aws_env(monkeypatch, f"http://127.0.0.1:{silent.getsockname()[1]}")
        caplog.set_level(logging.WARNING, logger="skill.persistence")
        store = ProgressStore(open_adapter("dynamodb://rueckenmassage"))
        threads = threading.active_count()
        started = time.monotonic()
        loaded = store.load(envelope(USER))
        saved = store.save(envelope(USER), Progress(position=2))
        elapsed = time.monotonic() - started
        assert threading.active_count() == threads
    assert loaded.readable is False
    assert saved is False
    assert 2 * 1.4 <= elapsed < 2 * 3.0, elapsed
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert all("Read timeout" in line for line in lines), lines


def test_purge_removes_items_unused_past_the_retention_time(table: str, client: Any) -> None:
    store = ProgressStore(open_adapter(f"dynamodb://{table}"))  # used today
    assert store.save(envelope(USER), Progress(position=1))
    old = {"schema": {"N": "1"}, "position": {"N": "2"}, "practice_seconds": {"NULL": True},
           "completed": {"N": "0"}, "last_used": {"S": "2019-01-01"}}
    for number in range(3):
        client.put_item(TableName=table,
                        Item={"id": {"S": f"{OTHER}-{number}"}, "attributes": {"M": old}})
    assert store.purge_unused() == 3
    ids = {i["id"]["S"] for i in client.scan(TableName=table)["Items"]}
    assert ids == {USER}


def test_health_reports_a_reachable_table_and_a_missing_one(table: str) -> None:
    assert ProgressStore(open_adapter(f"dynamodb://{table}")).health() == "ok"
    assert "ResourceNotFoundException" in ProgressStore(dynamodb_adapter("no-such")).health()


def test_the_practice_record_is_kept_bounded_and_deleted(table: str, client: Any) -> None:
    """Issue 12: the dates of completed massages, merged into the stored item on each save
    (the session never overwrites them), at most MAX_PRACTICE_DAYS, gone with the item."""
    store = ProgressStore(open_adapter(f"dynamodb://{table}"), today=lambda: TODAY)
    first = datetime.date(2024, 1, 1)
    for offset in range(MAX_PRACTICE_DAYS + 2):
        day = first + datetime.timedelta(days=offset)
        assert store.save(envelope(USER), Progress(completed=offset + 1), practised_on=day)
    assert store.save(envelope(USER), Progress(position=2, completed=MAX_PRACTICE_DAYS + 2,
                                               reminder_offer="declined"))  # fmt: skip
    progress = store.load(envelope(USER)).progress
    assert progress is not None and len(progress.practice_days) == MAX_PRACTICE_DAYS
    assert progress.practice_days[0] == first + datetime.timedelta(days=2)
    assert progress.reminder_offer == "declined"
    item = client.get_item(TableName=table, Key={"id": {"S": USER}})["Item"]
    stored_days = item["attributes"]["M"]["practice_days"]["L"]
    newest = first + datetime.timedelta(days=MAX_PRACTICE_DAYS + 1)
    assert stored_days[-1] == {"S": newest.isoformat()}
    assert store.delete(envelope(USER))
    assert "Item" not in client.get_item(TableName=table, Key={"id": {"S": USER}})
