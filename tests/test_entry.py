"""``SkillEntry``'s reader: the SDK's own deserializer, only faster on Alexa's timestamps."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.chat import envelopes as env
from skill.entry import EnvelopeReader


def test_the_sdk_private_names_the_reader_relies_on_still_exist() -> None:
    # If this fails, a new ask-sdk-core renamed them: adapt EnvelopeReader.
    assert callable(getattr(DefaultSerializer, "_DefaultSerializer__deserialize", None))
    assert callable(getattr(DefaultSerializer, "_DefaultSerializer__deserialize_datetime", None))
    assert callable(getattr(DefaultSerializer, "_DefaultSerializer__load_class_from_name", None))
    assert callable(getattr(DefaultSerializer, "_DefaultSerializer__deserialize_model", None))


@pytest.mark.parametrize(
    "stamp",
    ["2024-05-17T10:11:12Z", "2024-05-17T10:11:12.345Z", "2024-05-17T12:11:12+02:00",
     "2024-05-17T10:11:12", "17.05.2024 10:11"],
)
def test_reader_gives_what_the_sdk_gives(stamp: str) -> None:
    event = env.intent_request("GoToStepIntent", {"stepNumber": "4"})
    event["request"]["timestamp"] = stamp
    ours = EnvelopeReader().read(event)
    sdk = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
    assert ours == sdk
    assert ours.request.timestamp == sdk.request.timestamp
