"""Whole German conversations, typed as a person would speak them.

Every line goes through the chat simulator's resolver (the interaction model), becomes an
Alexa request, and is answered by the real skill through ``lambda_handler``. Every response is
checked against Alexa's limits.
"""

from __future__ import annotations

import pytest
from talk import Talk

from skill.chat.resolver import Resolver
from skill.content import load_content


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()


@pytest.fixture
def talk(handler, resolver) -> Talk:
    return Talk(handler, resolver)


def test_launch_to_closing_with_every_navigation_command(talk: Talk) -> None:
    assert talk.say("Alexa, starte Rückenmassage").startswith("Willkommen")
    assert talk.say("Ja").startswith("Zuerst die Vorbereitung.")
    assert talk.say("weiter").startswith("Schritt 1 von 7: Leichten Druck aufbauen.")
    assert talk.breaks == 30
    assert talk.say("nächster Schritt").startswith("Schritt 2 von 7")
    assert talk.say("zurück").startswith("Schritt 1 von 7")
    assert talk.say("nochmal").startswith("Schritt 1 von 7")
    assert talk.say("Schritt vier").startswith("Schritt 4 von 7")
    assert talk.say("zum dritten Schritt").startswith("Schritt 3 von 7")
    assert "Sie sind bei Schritt 3 von 7" in talk.say("Bei welchem Schritt bin ich?")
    assert "Minuten" in talk.say("Wie lange dauert das?")
    assert "jetzt 45 Sekunden" in talk.say("längere Pausen")
    assert talk.say("ja").startswith("Schritt 4 von 7")
    assert talk.breaks == 45
    assert "jetzt 30 Sekunden" in talk.say("kürzere Pausen")
    assert "jetzt 60 Sekunden" in talk.say("Pausen von 60 Sekunden")
    assert talk.say("weiter").startswith("Schritt 5 von 7: Gleichmäßige Atmung beibehalten.")
    assert talk.breaks == 60
    assert "Schritt 8 gibt es nicht" in talk.say("Schritt acht")
    assert "ich halte hier an" in talk.say("Pause")
    assert talk.say("fortsetzen").startswith("Schritt 5 von 7")
    assert talk.say("weiter").startswith("Schritt 6 von 7")
    assert talk.say("weiter").startswith("Schritt 7 von 7: Regeneration unterstützen.")
    closing = talk.say("weiter")
    assert "alle sieben Schritte" in closing and "Tipps" in closing
    tips = talk.say("ja")
    assert "ergonomische" in tips and talk.ended
    assert "AMAZON.StartOverIntent" not in talk.intents  # covered below


def test_start_over_and_skip_preparation(talk: Talk) -> None:
    talk.say("starte rückenmassage")
    assert talk.say("Vorbereitung überspringen").startswith("Gut, wir lassen die Vorbereitung aus.")
    talk.say("weiter")
    assert talk.say("von vorne anfangen").startswith("Zuerst die Vorbereitung.")
    assert "liegt schon hinter Ihnen" not in talk.say("vorbereitung überspringen")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wie oft sollte ich mich massieren?", "mehrmals pro Woche"),
        ("Kann ich eine Faszienrolle benutzen?", "Faszienrollen"),
        ("Hilft das bei chronischen Rückenschmerzen?", "Facharzt"),
        ("Wann sollte ich auf die Selbstmassage verzichten?", "akuten Verletzungen"),
    ],
)
def test_each_faq_mid_session_then_continue_where_the_person_was(
    talk: Talk, question: str, expected: str
) -> None:
    talk.say("starte rückenmassage")
    talk.say("ja")
    talk.say("weiter")
    answer = talk.say(question)
    assert expected in answer
    assert "Schritt 2, Kreisende Bewegungen ausführen" in answer
    assert expected in talk.say("wiederholen")
    assert talk.say("ja").startswith("Schritt 2 von 7")


def test_tips_all_at_once_and_one_by_one(talk: Talk) -> None:
    talk.say("starte rückenmassage")
    all_tips = talk.say("Gib mir alle Tipps")
    assert all(word in all_tips for word in ("ergonomische", "Bewegungspausen", "Wärme"))
    first = talk.say("einen Tipp bitte")
    second = talk.say("ja")
    third = talk.say("ja")
    fourth = talk.say("ja")
    assert len({first, second, third, fourth}) == 4
    assert f"alle {len(load_content().tips)} Tipps" in fourth
    assert "Wärmekissen" in talk.say("Tipp zur Wärme")


def test_pain_path(talk: Talk) -> None:
    talk.say("starte rückenmassage")
    talk.say("ja")
    talk.say("weiter")
    talk.say("weiter")
    warning = talk.say("Es tut weh")
    assert "sofort auf" in warning and "ärztlichen Rat" in warning
    assert not talk.ended
    assert "Als Nächstes" not in warning
    for phrase in ("Ich habe starke Schmerzen", "Das ist unangenehm"):
        assert "sofort auf" in talk.say(phrase)
    assert talk.say("nein").startswith("In Ordnung. Passen Sie gut auf sich auf.")
    assert talk.ended


def test_pain_then_continue_gently(talk: Talk) -> None:
    talk.say("starte rückenmassage")
    talk.say("ja")
    talk.say("weiter")
    talk.say("das tut weh")
    assert talk.say("ja").startswith("Schritt 1 von 7")


def test_breathing_exercise_from_launch(talk: Talk) -> None:
    talk.say("starte rückenmassage")
    text = talk.say("Ich möchte eine Atemübung machen")
    assert text.count("Einatmen") == 5
    assert talk.breaks == 50
    assert talk.say("ja").startswith("Zuerst die Vorbereitung.")


def test_no_at_launch_then_an_faq_then_goodbye(talk: Talk) -> None:
    talk.say("starte rückenmassage")
    assert "Atemübung" in talk.say("nein")
    assert "Massagebälle" in talk.say("welche hilfsmittel kann ich benutzen")
    goodbye = talk.say("stopp")
    assert "Glas Wasser" in goodbye and talk.ended


def test_help_fallback_and_cancel(talk: Talk) -> None:
    talk.say("starte rückenmassage")
    assert "Möchten Sie" in talk.say("Hilfe")
    talk.say("ja")
    assert "Vorbereitung" in talk.say("was kann ich sagen")
    assert "nicht verstanden" in talk.say("Wie wird das Wetter morgen in Hamburg?")
    assert not talk.ended
    assert talk.say("weiter").startswith("Schritt 1 von 7")
    assert "Glas Wasser" in talk.say("abbrechen")
    assert talk.ended


def test_one_shot_question_without_launch(talk: Talk) -> None:
    answer = talk.say("frage Rückenmassage wie oft sollte ich mich massieren")
    assert "mehrmals pro Woche" in answer
