"""The stored record: what goes in, and that anything doubtful coming out is refused."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest

from skill.persistence import SCHEMA_VERSION, FutureRecordError, Progress, RecordError


def valid_record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "schema": 1,
        "position": 3,
        "practice_seconds": 45,
        "completed": 2,
        "last_used": "2024-05-17",
    }
    record.update(changes)
    return record


def without(field: str) -> dict[str, Any]:
    return {k: v for k, v in valid_record().items() if k != field}


@pytest.mark.parametrize(
    "progress",
    [
        Progress(),
        Progress(position=0),
        Progress(position=7, practice_seconds=120, completed=41),
        Progress(None, practice_seconds=10, completed=1, last_used=datetime.date(2024, 2, 29)),
    ],
)
def test_round_trip_through_json(progress: Progress) -> None:
    record = json.loads(json.dumps(progress.to_record()))
    assert record["schema"] == SCHEMA_VERSION == 1
    assert Progress.from_record(record) == progress


def test_record_holds_exactly_the_four_facts_and_the_schema() -> None:
    record = Progress(3, 45, 2, datetime.date(2024, 5, 17)).to_record()
    assert record == valid_record()


def test_dynamodb_numbers_come_back_as_decimals_and_are_accepted() -> None:
    record = valid_record(schema=Decimal(1), position=Decimal(3), completed=Decimal("2"))
    record["practice_seconds"] = Decimal("45")
    assert Progress.from_record(record) == Progress(3, 45, 2, datetime.date(2024, 5, 17))


def test_missing_optional_fields_mean_their_defaults() -> None:
    assert Progress.from_record({"schema": 1, "completed": 0}) == Progress()


@pytest.mark.parametrize(
    "record",
    [
        pytest.param([], id="not-a-dict"),
        pytest.param("{}", id="a-string"),
        pytest.param(without("schema"), id="no-schema"),
        pytest.param(valid_record(schema="1"), id="schema-string"),
        pytest.param(valid_record(schema=0), id="schema-zero"),
        pytest.param(valid_record(schema=None), id="schema-null"),
        pytest.param(valid_record(position=8), id="closing-stored"),
        pytest.param(valid_record(position=-1), id="position-negative"),
        pytest.param(valid_record(position=99), id="position-99"),
        pytest.param(valid_record(position="3"), id="position-string"),
        pytest.param(valid_record(position=True), id="position-bool"),
        pytest.param(valid_record(position=2.5), id="position-float"),
        pytest.param(valid_record(position=Decimal("2.5")), id="position-fractional-decimal"),
        pytest.param(valid_record(practice_seconds=9), id="practice-too-short"),
        pytest.param(valid_record(practice_seconds=121), id="practice-too-long"),
        pytest.param(valid_record(practice_seconds="45"), id="practice-string"),
        pytest.param(valid_record(completed=-1), id="completed-negative"),
        pytest.param(valid_record(completed=None), id="completed-null"),
        pytest.param(without("completed"), id="no-completed"),
        pytest.param(valid_record(last_used="2024-13-01"), id="date-month-13"),
        pytest.param(valid_record(last_used="17.05.2024"), id="date-german-format"),
        pytest.param(valid_record(last_used="20240517"), id="date-compact"),
        pytest.param(valid_record(last_used=20240517), id="date-number"),
        pytest.param(valid_record(utterance="mein Rücken tut weh"), id="unknown-field"),
    ],
)
def test_corrupt_records_are_refused(record: object) -> None:
    with pytest.raises(RecordError) as caught:
        Progress.from_record(record)
    assert not isinstance(caught.value, FutureRecordError)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("schema", [2, 17, Decimal(2)])
def test_record_from_a_newer_release_is_a_future_record_error(schema: object) -> None:
    # A newer release may add fields and change meanings: nothing of it is trusted.
    record = valid_record(schema=schema, position=12, mood="fine")
    with pytest.raises(FutureRecordError, match="newer"):
        Progress.from_record(record)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"position": 8},
        {"position": -1},
        {"practice_seconds": 5},
        {"completed": -3},
        {"last_used": datetime.datetime(2024, 1, 1, 12, 0)},
    ],
)
def test_progress_that_could_not_be_read_back_cannot_be_built(kwargs: dict[str, Any]) -> None:
    with pytest.raises(RecordError):
        Progress(**kwargs)


@pytest.mark.parametrize("program", ["short", "normal", "long"])
def test_the_chosen_program_is_an_optional_fifth_fact(program: str) -> None:
    chosen = Progress(3, None, 2, datetime.date(2024, 5, 17), program=program)
    record = chosen.to_record()
    assert record == {**valid_record(practice_seconds=None), "program": program}
    assert Progress.from_record(record) == chosen
    assert "program" not in Progress(3).to_record()  # nothing chosen, nothing written


@pytest.mark.parametrize("bad", ["marathon", "", 2, True, ["short"]])
def test_an_unknown_program_is_refused_when_read_and_when_built(bad: object) -> None:
    with pytest.raises(RecordError, match="program"):
        Progress.from_record({**valid_record(), "program": bad})
    with pytest.raises(RecordError, match="program"):
        Progress(program=bad)  # type: ignore[arg-type]


# -- issue 12: the practice record and the answer to the reminder offer ---------------------------
def test_practice_days_and_the_offer_answer_round_trip() -> None:
    days = (datetime.date(2026, 12, 31), datetime.date(2027, 1, 1))
    progress = Progress(completed=2, practice_days=days, reminder_offer="declined")
    record = json.loads(json.dumps(progress.to_record()))
    assert record["practice_days"] == ["2026-12-31", "2027-01-01"]
    assert Progress.from_record(record) == progress
    assert "practice_days" not in Progress(completed=2).to_record()  # older records unchanged


@pytest.mark.parametrize(
    "changes",
    [
        {"practice_days": "2026-03-02"},
        {"practice_days": ["2026-03-02", 20260303]},
        {"practice_days": ["2026-3-2"]},
        {"practice_days": ["2026-02-30"]},
        {"practice_days": ["2026-03-02"] * 2},  # each day once
        {"practice_days": ["2026-03-03", "2026-03-02"]},  # ascending
        {"practice_days": [f"2026-01-{d:02d}" for d in range(1, 32)] * 4},  # over the bound
        {"reminder_offer": "maybe"},
        {"reminder_offer": True},
    ],
)
def test_a_doubtful_practice_record_or_offer_answer_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(RecordError):
        Progress.from_record(valid_record(**changes))
