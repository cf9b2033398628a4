"""Whole German conversations, typed as a person would speak them.

Every line goes through the chat simulator's resolver (the interaction model), becomes an
Alexa request, and is answered by the real skill through ``lambda_handler``. Every response is
checked against Alexa's limits, and every open one ends asking what can be said. Expected
wording and counts come from the content (``words``), never from this file.
"""

from __future__ import annotations

import pytest
from skill_checks import asks_what_to_say
from talk import Talk


def test_launch_to_closing_with_every_navigation_command(talk: Talk, words, content) -> None:
    steps = len(content.steps)
    normal = content.program(None)
    assert words.starts("launch.welcome", talk.say("Alexa, starte Rückenmassage"))
    assert words.is_preparation(talk.say("Ja"))
    assert words.is_step(talk.say("weiter"), 1)
    assert talk.breaks == normal.practice_seconds + content.practice.get_ready_seconds
    assert words.is_step(talk.say("nächster Schritt"), 2)
    assert words.is_step(talk.say("zurück"), 1)
    assert words.is_step(talk.say("nochmal"), 1)
    assert words.is_step(talk.say("Schritt vier"), 4)
    assert words.is_step(talk.say("zum dritten Schritt"), 3)
    where = talk.say("Bei welchem Schritt bin ich?")
    assert words.said("status.at_step", where, number=3, total=steps, name=content.step(3).spoken)
    assert "Minuten" in talk.say("Wie lange dauert das?")
    longer = talk.say("längere Pausen")
    assert words.said("practice.changed", longer, practice="eine Minute und fünf Sekunden")
    assert words.is_step(talk.say("ja"), 4)
    assert talk.breaks == normal.practice_seconds + 15 + content.practice.get_ready_seconds
    talk.say("Pausen von 60 Sekunden")
    assert words.is_step(talk.say("weiter"), 5)
    assert words.said("guide.step_missing", talk.say("Schritt acht"), requested=8, total=steps)
    assert words.said("pause.paused", talk.say("Pause"), place=words.place(5)[0])
    assert words.is_step(talk.say("fortsetzen"), 5)
    assert words.is_step(talk.say("weiter"), 6)
    assert words.is_step(talk.say("weiter"), 7)
    closing = talk.say("weiter")
    assert words.said("closing.all_done", closing, total=steps)
    assert words.said_any("reminders.offer", closing)  # once, after a completed massage
    declined = talk.say("nein")
    assert words.said("reminders.declined", declined)
    assert words.said("guide.ask_tips", declined, count=len(content.tips))
    tips = talk.say("ja")
    assert all(tip.text in tips for tip in content.tips) and talk.ended


def test_start_over_and_skip_preparation(talk: Talk, words) -> None:
    talk.say("starte rückenmassage")
    skipped = talk.say("Vorbereitung überspringen")
    assert words.starts("guide.skip_ok", skipped)
    assert words.said("guide.barge_in", skipped)  # said in the preparation it skips
    talk.say("weiter")
    assert words.is_preparation(talk.say("von vorne anfangen"))
    assert not words.said("guide.skip_done", talk.say("vorbereitung überspringen"))


@pytest.mark.parametrize(
    ("question", "faq_id"),
    [
        ("Wie oft sollte ich mich massieren?", "frequency"),
        ("Kann ich eine Faszienrolle benutzen?", "aids"),
        ("Hilft das bei chronischen Rückenschmerzen?", "chronic_pain"),
        ("Wann sollte ich auf die Selbstmassage verzichten?", "when_not"),
    ],
)
def test_each_faq_mid_session_then_continue_where_the_person_was(
    talk: Talk, words, content, question: str, faq_id: str
) -> None:
    talk.say("starte rückenmassage")
    talk.say("ja")
    talk.say("weiter")
    answer = talk.say(question)
    assert content.faq[faq_id].answer[0] in answer
    assert words.names(2, answer)
    assert content.faq[faq_id].answer[0] in talk.say("wiederholen")
    assert words.is_step(talk.say("ja"), 2)


def test_tips_all_at_once_and_one_by_one(talk: Talk, words, content) -> None:
    tips = content.tips
    talk.say("starte rückenmassage")
    all_tips = talk.say("Gib mir alle Tipps")
    assert all(tip.text in all_tips for tip in tips)
    heard = [talk.say("einen Tipp bitte")]
    heard += [talk.say("ja") for _ in tips[1:]]
    assert [sum(tip.text in text for text in heard) for tip in tips] == [1] * len(tips)
    assert words.said("tips.all_given", heard[-1], count=len(tips))
    assert content.tip("warmth").text in talk.say("Tipp zur Wärme")


def test_pain_path(talk: Talk, words) -> None:
    talk.say("starte rückenmassage")
    talk.say("ja")
    talk.say("weiter")
    talk.say("weiter")
    warning = talk.say("Es tut weh")
    assert words.said("pain.stop", warning) and words.said("pain.doctor", warning)
    assert not talk.ended and not words.said("guide.next_is", warning, place=words.place(3)[0])
    for phrase in ("Ich habe starke Schmerzen", "Das ist unangenehm"):
        assert words.said("pain.stop", talk.say(phrase))
    assert words.starts("pain.take_care", talk.say("nein"))
    assert talk.ended


def test_pain_then_continue_gently(talk: Talk, words) -> None:
    talk.say("starte rückenmassage")
    talk.say("ja")
    talk.say("weiter")
    talk.say("das tut weh")
    assert words.is_step(talk.say("ja"), 1)


def test_breathing_exercise_from_launch(talk: Talk, words, content) -> None:
    practice = content.practice
    talk.say("starte rückenmassage")
    text = talk.say("Ich möchte eine Atemübung machen")
    assert text.count(practice.breathe_in) == practice.breathing_exercise_cycles
    assert talk.breaks == practice.breathing_exercise_cycles * practice.breath_cycle_seconds
    assert words.is_preparation(talk.say("ja"))


def test_no_at_launch_then_an_faq_then_goodbye(talk: Talk, words, content) -> None:
    talk.say("starte rückenmassage")
    assert words.said("launch.alternatives", talk.say("nein"))
    assert content.faq["aids"].answer[0] in talk.say("welche hilfsmittel kann ich benutzen")
    goodbye = talk.say("stopp")
    assert words.said("session.goodbye", goodbye) and talk.ended
    assert "Wasser" not in goodbye


def test_help_fallback_and_cancel(talk: Talk, words) -> None:
    talk.say("starte rückenmassage")
    assert asks_what_to_say(talk.say("Hilfe"))
    talk.say("ja")
    help_text = talk.say("was kann ich sagen")
    assert words.names(0, help_text) and words.said("guide.barge_in", help_text)
    assert words.said("fallback.not_understood", talk.say("Wie wird das Wetter morgen in Hamburg?"))
    assert not talk.ended
    assert words.is_step(talk.say("weiter"), 1)
    assert words.said("session.goodbye", talk.say("abbrechen"))
    assert talk.ended


def test_one_shot_question_without_launch(talk: Talk, content) -> None:
    answer = talk.say("frage Rückenmassage wie oft sollte ich mich massieren")
    assert content.faq["frequency"].answer[0] in answer
