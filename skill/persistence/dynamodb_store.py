"""DynamoDB through the ASK SDK's own adapter (``ask-sdk-dynamodb-persistence-adapter``).

Items look like ``{"id": <Alexa user id>, "attributes": <Progress.to_record()>}``: partition
key ``id`` (string), the same layout the SDK uses by default, so a table made for another ASK
skill setup works unchanged.

Settings come from the standard AWS environment:
- region: ``AWS_REGION`` or ``AWS_DEFAULT_REGION`` (else the profile's region). Read here
  because botocore 1.44 itself reads only AWS_DEFAULT_REGION, while AWS_REGION is the name
  most tools and Lambda use;
- endpoint: ``AWS_ENDPOINT_URL_DYNAMODB`` or ``AWS_ENDPOINT_URL`` for a local
  DynamoDB-compatible server. boto3 >= 1.28 reads these itself (checked); they are passed
  explicitly so that an ``env`` mapping other than ``os.environ`` works too;
- credentials: the usual boto3 chain.

A local server still needs a region and (dummy) credentials, for request signing. Creating
the table there::

    AWS_REGION=eu-central-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x \\
    AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000 python -c "from skill.persistence \\
    import dynamodb_store as d; d.create_table(d.dynamodb_resource(), 'rueckenmassage')"
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

from skill.persistence.keys import user_key
from skill.settings import SettingsError

if TYPE_CHECKING:
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter

PARTITION_KEY = "id"
ATTRIBUTE_NAME = "attributes"

# Every call is bounded by these alone (the guard runs it in the caller's thread and never
# abandons it): at most 2 attempts of at most 0.5 s to connect and 0.7 s per read, so about
# 2.5 s when the endpoint hangs (Alexa waits about 8 s). DynamoDB answers in milliseconds.
# A write reported failed after a read timeout may have been applied by DynamoDB before the
# client gave up (the answer was lost, not the write); nothing is sent after the report.
CLIENT_CONFIG = Config(
    connect_timeout=0.5,
    read_timeout=0.7,
    retries={"total_max_attempts": 2, "mode": "standard"},
)
# The key /healthz reads: a cheap GetItem that needs only the skill's own permissions.
HEALTH_KEY = "rueckenmassage-health-check"

_import_lock = threading.Lock()


def dynamodb_resource(env: Mapping[str, str] = os.environ) -> Any:
    """A boto3 DynamoDB resource with short timeouts, configured from ``env``.

    Raises ``SettingsError`` (one line) when no region is configured anywhere.
    """
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None
    session = boto3.session.Session(region_name=region)
    if not session.region_name:
        raise SettingsError(
            "RUECKENMASSAGE_STORE=dynamodb://... needs an AWS region: "
            "set AWS_REGION (or AWS_DEFAULT_REGION)"
        )
    endpoint = None
    if env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").lower() != "true":
        endpoint = env.get("AWS_ENDPOINT_URL_DYNAMODB") or env.get("AWS_ENDPOINT_URL") or None
    return session.resource("dynamodb", endpoint_url=endpoint, config=CLIENT_CONFIG)


def dynamodb_adapter(table_name: str, env: Mapping[str, str] = os.environ) -> DynamoDbAdapter:
    """The SDK's ``DynamoDbAdapter`` on our own resource. Makes no network call; the table must
    exist (``create_table`` below, or infrastructure code): the skill never creates tables."""
    adapter_class = _adapter_class()
    return adapter_class(
        table_name=table_name,
        partition_key_name=PARTITION_KEY,
        attribute_name=ATTRIBUTE_NAME,
        create_table=False,
        # Same as the SDK's user_id_partition_keygen, but refuses a missing/empty user id.
        partition_keygen=user_key,
        dynamodb_resource=dynamodb_resource(env),
    )


def create_table(resource: Any, table_name: str) -> Any:
    """Create the progress table (on-demand billing, ``id`` string hash key) and wait until it
    is active; an existing table is returned as is. For tests and local setups."""
    client = resource.meta.client
    with contextlib.suppress(client.exceptions.ResourceInUseException):  # already there
        resource.create_table(
            TableName=table_name,
            KeySchema=[{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": PARTITION_KEY, "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    client.get_waiter("table_exists").wait(
        TableName=table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
    )
    return resource.Table(table_name)


@functools.cache
def _adapter_class() -> type[DynamoDbAdapter]:
    """The SDK's ``DynamoDbAdapter`` with housekeeping added, imported lazily and safely.

    ``ask_sdk_dynamodb.adapter`` (1.19.0, checked) evaluates ``boto3.resource("dynamodb")`` as a
    default argument when it is imported. Through boto3's default session this raises
    ``NoRegionError`` where no region is configured, and otherwise resolves credentials (which
    may probe the EC2 metadata service). We always pass our own resource, so for the import
    alone boto3's default session is swapped for a throwaway one with a fixed region and fake
    credentials, then restored. The lock keeps two threads from interleaving the swap.
    """
    with _import_lock:
        saved = boto3.DEFAULT_SESSION
        boto3.DEFAULT_SESSION = boto3.session.Session(
            region_name="us-east-1",
            aws_access_key_id="unused-import-time-default",
            aws_secret_access_key="unused-import-time-default",
        )
        try:
            from ask_sdk_dynamodb.adapter import DynamoDbAdapter
        finally:
            boto3.DEFAULT_SESSION = saved

    class ProgressTableAdapter(DynamoDbAdapter):  # type: ignore[misc]
        """The SDK's adapter, plus what ``ProgressStore`` uses for housekeeping."""

        def purge_unused(self, older_than: datetime.timedelta) -> int:
            """Delete items whose ``last_used`` is older than ``older_than`` (a full scan:
            for ``rueckenmassage purge``, not for the request path)."""
            from boto3.dynamodb.conditions import Attr

            today = datetime.datetime.now(datetime.timezone.utc).date()
            cutoff = (today - older_than).isoformat()
            table = self.dynamodb.Table(self.table_name)
            scan: dict[str, Any] = {
                "FilterExpression": Attr(f"{ATTRIBUTE_NAME}.last_used").lt(cutoff),
                "ProjectionExpression": "#k",
                "ExpressionAttributeNames": {"#k": PARTITION_KEY},
            }
            removed = 0
            with table.batch_writer() as batch:
                while True:
                    page = table.scan(**scan)
                    for item in page.get("Items", []):
                        batch.delete_item(Key={PARTITION_KEY: item[PARTITION_KEY]})
                        removed += 1
                    if "LastEvaluatedKey" not in page:
                        return removed
                    scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]

        def check_health(self) -> None:
            self.dynamodb.Table(self.table_name).get_item(Key={PARTITION_KEY: HEALTH_KEY})

    return ProgressTableAdapter
