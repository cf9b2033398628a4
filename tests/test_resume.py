"""Remembering where the person left off, end to end, with a real SQLite file.

Each test talks to the skill in several sessions, as a person coming back days later would;
the store is a real SQLite database file in ``tmp_path``.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from talk import Talk

from skill.builder import create_handler
from skill.chat import envelopes as env
from skill.chat.resolver import Resolver
from skill.persistence import ProgressStore, SqliteAdapter
from skill.settings import Settings


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "progress.db"


@pytest.fixture
def handler(db: Path):
    store = ProgressStore(SqliteAdapter(db))
    return create_handler(Settings(), store)


@pytest.fixture
def person(handler, resolver):
    """A fresh conversation of the same person (same user id) each time it is called."""
    return lambda: Talk(handler, resolver)


def stored_rows(db: Path) -> list[dict]:
    with sqlite3.connect(db) as connection:
        return [json.loads(row[0]) for row in connection.execute("SELECT record FROM progress")]


def walk_to_step(talk: Talk, step: int) -> None:
    talk.say("starte rückenmassage")
    talk.say("ja")
    for _ in range(step):
        talk.say("weiter")


def test_welcome_back_offers_to_resume_and_weitermachen_resumes(person, db) -> None:
    first = person()
    walk_to_step(first, 4)
    assert first.say("stopp")
    second = person()
    welcome = second.say("starte rückenmassage")
    assert welcome.startswith("Willkommen zurück")
    assert "Sie waren bei Schritt 4, Längere Streichbewegungen einbauen." in welcome
    assert "weitermachen oder von vorn beginnen" in welcome
    assert second.say("weitermachen").startswith("Schritt 4 von 7")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("ja", "Schritt 2 von 7"),
        ("nein", "Zuerst die Vorbereitung."),
        ("von vorn", "Zuerst die Vorbereitung."),
        ("fortsetzen", "Schritt 2 von 7"),
        ("weiter", "Schritt 2 von 7"),
    ],
)
def test_every_answer_to_the_resume_question_works(person, answer, expected) -> None:
    first = person()
    walk_to_step(first, 2)
    first.say("abbrechen")
    second = person()
    second.say("starte rückenmassage")
    assert second.say(answer).startswith(expected)


@pytest.mark.parametrize(
    "leave",
    [
        lambda t: t.say("stopp"),
        lambda t: t.say("abbrechen"),
        lambda t: t.say("pause") and t.hang_up(),
        lambda t: t.hang_up("EXCEEDED_MAX_REPROMPTS"),
        lambda t: t.hang_up("USER_INITIATED"),
    ],
    ids=["stop", "cancel", "pause", "timeout", "user-left"],
)
def test_every_way_of_leaving_keeps_the_position(person, leave) -> None:
    first = person()
    walk_to_step(first, 3)
    leave(first)
    assert "Schritt 3, Fokus auf problematische Zonen" in person().say("starte rückenmassage")


def test_practice_time_persists_and_can_be_reset(person) -> None:
    first = person()
    first.say("starte rückenmassage")
    assert "jetzt 60 Sekunden" in first.say("Pausen von 60 Sekunden")
    first.say("stopp")
    second = person()
    second.say("starte rückenmassage")
    second.say("ja")
    second.say("weiter")
    assert second.breaks == 60
    assert "wieder 30 Sekunden" in second.say("Pausen wieder normal")
    second.say("stopp")
    third = person()
    third.say("starte rückenmassage")
    assert third.say("weiter").startswith("Schritt 1 von 7")
    assert third.breaks == 30


def test_a_completed_massage_is_acknowledged_and_the_next_starts_fresh(person, db) -> None:
    for count in (1, 2):
        talk = person()
        walk_to_step(talk, 8)
        talk.say("nein")
        assert talk.ended
        welcome = person().say("starte rückenmassage")
        assert "Willkommen zurück" in welcome
        assert "Sie waren bei" not in welcome
        expected = "schon eine Massage" if count == 1 else "schon 2 Massagen"
        assert expected in welcome
        assert welcome.endswith("Möchten Sie beginnen?")
    assert stored_rows(db)[0]["completed"] == 2


def test_only_the_needed_facts_are_stored(person, db) -> None:
    talk = person()
    walk_to_step(talk, 2)
    talk.say("Es tut weh")
    talk.say("wie oft sollte ich mich massieren")
    talk.say("stopp")
    (record,) = stored_rows(db)
    assert set(record) == {"schema", "position", "practice_seconds", "completed", "last_used"}
    assert record["position"] == 2
    assert record["schema"] == 1


def test_nothing_is_stored_for_someone_who_only_asked_a_question(person, db) -> None:
    talk = person()
    talk.say("starte rückenmassage")
    talk.say("wie oft sollte ich mich massieren")
    talk.say("stopp")
    assert not db.exists() or stored_rows(db) == []


def test_delete_my_data_after_confirmation(person, db) -> None:
    talk = person()
    walk_to_step(talk, 3)
    assert "löschen" in talk.say("Lösche meine Daten")
    assert "gelöscht" in talk.say("ja")
    assert talk.ended
    assert stored_rows(db) == []
    assert person().say("starte rückenmassage").startswith("Willkommen bei Rückenmassage.")


def test_declining_the_deletion_keeps_everything(person, db) -> None:
    talk = person()
    walk_to_step(talk, 3)
    talk.say("Lösche meine Daten")
    assert "lösche nichts" in talk.say("nein")
    talk.say("stopp")
    assert stored_rows(db)[0]["position"] == 3


def test_disabling_the_skill_deletes_the_data(person, handler, db) -> None:
    talk = person()
    walk_to_step(talk, 3)
    talk.say("stopp")
    assert stored_rows(db) != []
    response = handler(env.skill_event("AlexaSkillEvent.SkillDisabled"), None)
    assert "outputSpeech" not in response.get("response", {})
    assert stored_rows(db) == []


def test_users_are_kept_apart(handler, resolver, db) -> None:
    alice = Talk(handler, resolver, user_id="amzn1.ask.account.ALICE")
    walk_to_step(alice, 5)
    alice.say("stopp")
    bob = Talk(handler, resolver, user_id="amzn1.ask.account.BOB")
    assert bob.say("starte rückenmassage").startswith("Willkommen bei Rückenmassage.")
    alice_again = Talk(handler, resolver, user_id="amzn1.ask.account.ALICE")
    assert "Schritt 5" in alice_again.say("starte rückenmassage")


# -- faults: the skill answers normally, only resuming is lost --------------------------------


class BrokenAdapter(SqliteAdapter):
    def get_attributes(self, request_envelope):
        raise ConnectionError("store down")

    def save_attributes(self, request_envelope, attributes):
        raise ConnectionError("store down")


class LockedAdapter(SqliteAdapter):
    """A real SQLite store that another process keeps locked against readers too."""

    def get_attributes(self, request_envelope):
        holder = sqlite3.connect(self.path, isolation_level=None)
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        try:
            return super().get_attributes(request_envelope)
        finally:
            holder.execute("ROLLBACK")
            holder.close()


@pytest.mark.parametrize("adapter_class", [BrokenAdapter, LockedAdapter])
def test_store_down_or_slow_still_answers(adapter_class, resolver, db, caplog) -> None:
    store = ProgressStore(adapter_class(db))
    handler = create_handler(Settings(), store)
    talk = Talk(handler, resolver)
    started = time.monotonic()
    assert talk.say("starte rückenmassage").startswith("Willkommen bei Rückenmassage.")
    assert time.monotonic() - started < 1.5  # well under Alexa's 8 s
    assert talk.say("ja").startswith("Zuerst die Vorbereitung.")
    assert any("skill.persistence" in record.name for record in caplog.records)


def test_a_corrupt_record_is_never_overwritten(person, db) -> None:
    first = person()
    walk_to_step(first, 2)
    first.say("stopp")
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE progress SET record = '{kaputt'")
    second = person()
    assert second.say("starte rückenmassage").startswith("Willkommen bei Rückenmassage.")
    second.say("ja")
    second.say("weiter")
    second.say("stopp")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT record FROM progress").fetchone()[0] == "{kaputt"


def test_a_record_from_a_newer_release_is_left_alone(person, db) -> None:
    first = person()
    walk_to_step(first, 2)
    first.say("stopp")
    future = json.dumps({"schema": 99, "position": 2, "anything": "new"})
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE progress SET record = ?", (future,))
    second = person()
    assert second.say("starte rückenmassage").startswith("Willkommen bei Rückenmassage.")
    second.say("ja")
    second.say("stopp")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT record FROM progress").fetchone()[0] == future


class FailingSaveAdapter(SqliteAdapter):
    """Reads work, every write fails: the store went down in the middle of a session."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.writes = 0

    def save_attributes(self, request_envelope, attributes):
        self.writes += 1
        raise ConnectionError("store went down")

    def replace_checked(self, request_envelope, attributes, check):
        self.save_attributes(request_envelope, attributes)


def test_after_a_failed_save_the_session_stops_writing(resolver, db) -> None:
    adapter = FailingSaveAdapter(db)
    handler = create_handler(Settings(), ProgressStore(adapter))
    talk = Talk(handler, resolver)
    talk.say("starte rückenmassage")
    assert talk.say("ja").startswith("Zuerst die Vorbereitung.")
    assert talk.say("weiter").startswith("Schritt 1 von 7")
    assert talk.say("weiter").startswith("Schritt 2 von 7")
    assert adapter.writes == 1


def test_help_after_welcome_back_keeps_the_resume_offer(person) -> None:
    first = person()
    walk_to_step(first, 3)
    first.say("stopp")
    second = person()
    second.say("starte rückenmassage")
    assert "Sie waren bei Schritt 3" in second.say("Hilfe")
    assert second.say("ja").startswith("Schritt 3 von 7")
