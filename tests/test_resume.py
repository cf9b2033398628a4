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
from skill_checks import speech_of
from talk import Talk

from skill.builder import create_handler
from skill.chat import envelopes as env
from skill.conversation.voice import ordinal_dative
from skill.persistence import ProgressStore, SqliteAdapter
from skill.settings import Settings
from skill.state import Program


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


def test_welcome_back_offers_to_resume_and_weitermachen_resumes(person, words) -> None:
    first = person()
    walk_to_step(first, 4)
    first.say("stopp", interrupting=True)  # in the middle of step 4
    second = person()
    welcome = second.say("starte rückenmassage")
    assert words.starts("launch.welcome_back", welcome)
    assert words.said("launch.ask_resume", welcome, place="Schritt vier")
    assert not words.said("launch.safety", welcome)  # heard before
    assert words.said("launch.reprompt_resume", second.reprompt, place=words.place(4)[0])
    assert words.is_step(second.say("weitermachen"), 4)


@pytest.mark.parametrize(
    ("answer", "step"),
    [("ja", 2), ("nein", None), ("von vorn", None), ("fortsetzen", 2), ("weiter", 2)],
)
def test_every_answer_to_the_resume_question_works(person, words, answer, step) -> None:
    first = person()
    walk_to_step(first, 2)
    first.say("abbrechen", interrupting=True)
    second = person()
    second.say("starte rückenmassage")
    text = second.say(answer)
    assert words.is_step(text, step) if step else words.is_preparation(text)


@pytest.mark.parametrize(
    "leave",
    [
        lambda t: t.say("stopp"),
        lambda t: t.say("abbrechen"),
        lambda t: t.say("pause") and t.hang_up(),
        lambda t: t.hang_up("EXCEEDED_MAX_REPROMPTS"),
        lambda t: t.hang_up("USER_INITIATED"),
    ],
    ids=["stop", "cancel", "pause-again", "timeout", "user-left"],
)
def test_every_way_of_leaving_in_the_middle_of_a_step_keeps_it(person, words, leave) -> None:
    first = person()
    walk_to_step(first, 2)
    first.say("weiter")
    first.say("Pause", interrupting=True)  # cut short in its practice
    leave(first)
    offer = person().say("starte rückenmassage")
    assert words.said("launch.ask_resume", offer, place="Schritt drei")


def test_practice_time_persists_and_can_be_reset(person, words, content) -> None:
    ready = content.practice.get_ready_seconds
    own = content.program(None).practice_seconds + 10
    first = person()
    first.say("starte rückenmassage")
    first.say(f"Pausen von {own} Sekunden")
    first.say("stopp")
    second = person()
    second.say("starte rückenmassage")
    second.say("ja")
    second.say("weiter")
    assert second.breaks == own + ready
    assert words.said(
        "practice.reset", second.say("Pausen wieder normal"), practice="fünfzig Sekunden"
    )
    second.say("stopp")
    third = person()
    third.say("starte rückenmassage")
    assert words.is_step(third.say("weiter"), 2)  # step 1 was heard through
    assert third.breaks == content.program(None).practice_seconds + ready


def test_the_chosen_program_is_remembered(person, words, content) -> None:
    short = content.programs[Program.SHORT]
    first = person()
    first.say("starte rückenmassage")
    assert short.name in first.say("die kurze Version bitte")
    first.say("stopp")
    second = person()
    second.say("starte rückenmassage")
    assert short.name in second.say("ja")  # the preparation names the program in use
    assert words.is_step(second.say("weiter"), 1)
    assert second.breaks == short.practice_seconds + content.practice.get_ready_seconds


def test_a_completed_massage_is_acknowledged_and_the_next_starts_fresh(person, db, words) -> None:
    for count in (1, 2):
        talk = person()
        walk_to_step(talk, 8)
        closing = speech_of(talk.last)
        # The first completed massage offers a reminder; the "nein" is remembered, so the
        # second one does not offer it again.
        assert words.said_any("reminders.offer", closing) is (count == 1)
        if count == 1:
            assert words.said("reminders.declined", talk.say("nein"))
        talk.say("nein")  # no tips
        assert talk.ended
        welcome = person().say("starte rückenmassage")
        nth = ordinal_dative(count + 1)
        assert words.said("launch.welcome_back_completed", welcome, nth=nth)
        assert not words.said("launch.safety", welcome)
        assert any(welcome.endswith(ask) for ask in words.all("launch.ask_begin"))
    assert stored_rows(db)[0]["completed"] == 2


def test_resting_after_the_last_step_counts_the_massage(person, db) -> None:
    talk = person()
    walk_to_step(talk, 7)
    talk.hang_up()  # people rest after step 7 and let the session end
    (record,) = stored_rows(db)
    assert record["completed"] == 1 and record["position"] is None


def test_only_the_needed_facts_are_stored(person, db) -> None:
    talk = person()
    walk_to_step(talk, 2)
    talk.say("Es tut weh")
    talk.say("wie oft sollte ich mich massieren")
    talk.say("stopp")
    (record,) = stored_rows(db)
    assert set(record) == {"schema", "position", "practice_seconds", "completed", "last_used"}
    assert record["position"] == 2  # the pain report held step 2: it is offered again
    assert record["schema"] == 1


def test_nothing_is_stored_for_someone_who_only_asked_a_question(person, db) -> None:
    talk = person()
    talk.say("starte rückenmassage")
    talk.say("wie oft sollte ich mich massieren")
    talk.say("stopp")
    assert not db.exists() or stored_rows(db) == []


def test_delete_my_data_after_confirmation(person, db, words) -> None:
    talk = person()
    walk_to_step(talk, 3)
    assert words.said("data.ask_delete", talk.say("Lösche meine Daten"))
    deleted = talk.say("ja")
    assert words.said("data.deleted", deleted) and "Wasser" not in deleted
    assert talk.ended
    assert stored_rows(db) == []
    assert words.starts("launch.welcome", person().say("starte rückenmassage"))


def test_declining_the_deletion_keeps_everything(person, db, words) -> None:
    talk = person()
    walk_to_step(talk, 3)
    talk.say("Lösche meine Daten")
    assert words.said("data.kept", talk.say("nein"))
    talk.say("stopp")
    assert stored_rows(db)[0]["position"] == 4  # step 3 was heard through


def test_disabling_the_skill_deletes_the_data(person, handler, db) -> None:
    talk = person()
    walk_to_step(talk, 3)
    talk.say("stopp")
    assert stored_rows(db) != []
    response = handler(env.skill_event("AlexaSkillEvent.SkillDisabled"), None)
    assert "outputSpeech" not in response.get("response", {})
    assert stored_rows(db) == []


def test_users_are_kept_apart(handler, resolver, db, words) -> None:
    alice = Talk(handler, resolver, user_id="amzn1.ask.account.ALICE")
    walk_to_step(alice, 5)
    alice.say("stopp", interrupting=True)
    bob = Talk(handler, resolver, user_id="amzn1.ask.account.BOB")
    assert words.starts("launch.welcome", bob.say("starte rückenmassage"))
    alice_again = Talk(handler, resolver, user_id="amzn1.ask.account.ALICE")
    assert words.said(
        "launch.ask_resume", alice_again.say("starte rückenmassage"), place="Schritt fünf"
    )


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
def test_store_down_or_slow_still_answers(adapter_class, resolver, db, caplog, words) -> None:
    store = ProgressStore(adapter_class(db))
    handler = create_handler(Settings(), store)
    talk = Talk(handler, resolver)
    started = time.monotonic()
    assert words.starts("launch.welcome", talk.say("starte rückenmassage"))
    assert time.monotonic() - started < 1.5  # well under Alexa's 8 s
    assert words.is_preparation(talk.say("ja"))
    assert any("skill.persistence" in record.name for record in caplog.records)


def test_a_corrupt_record_is_never_overwritten(person, db, words) -> None:
    first = person()
    walk_to_step(first, 2)
    first.say("stopp")
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE progress SET record = '{kaputt'")
    second = person()
    assert words.starts("launch.welcome", second.say("starte rückenmassage"))
    second.say("ja")
    second.say("weiter")
    second.say("stopp")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT record FROM progress").fetchone()[0] == "{kaputt"


def test_a_record_from_a_newer_release_is_left_alone(person, db, words) -> None:
    first = person()
    walk_to_step(first, 2)
    first.say("stopp")
    future = json.dumps({"schema": 99, "position": 2, "anything": "new"})
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE progress SET record = ?", (future,))
    second = person()
    assert words.starts("launch.welcome", second.say("starte rückenmassage"))
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

    def replace_merged(self, request_envelope, merge):
        self.save_attributes(request_envelope, merge(None))


def test_after_a_failed_save_the_session_stops_writing(resolver, db, words) -> None:
    adapter = FailingSaveAdapter(db)
    handler = create_handler(Settings(), ProgressStore(adapter))
    talk = Talk(handler, resolver)
    talk.say("starte rückenmassage")
    assert words.is_preparation(talk.say("ja"))
    assert words.is_step(talk.say("weiter"), 1)
    assert words.is_step(talk.say("weiter"), 2)
    assert adapter.writes == 1


def test_help_after_welcome_back_keeps_the_resume_offer(person, words) -> None:
    first = person()
    walk_to_step(first, 3)
    first.say("stopp", interrupting=True)
    second = person()
    second.say("starte rückenmassage")
    assert words.said("launch.ask_resume", second.say("Hilfe"), place="Schritt drei")
    assert words.is_step(second.say("ja"), 3)
