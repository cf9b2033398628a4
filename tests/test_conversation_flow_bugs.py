"""Regression tests for the flow bugs of issue 9, each as a whole conversation: typed German
through the chat resolver, the real skill, and a store shared by the sessions of one person."""

from __future__ import annotations

import pytest
from skill_checks import asks_what_to_say
from talk import Talk

from skill.state import ReminderOffer


def walk_to_step(talk: Talk, step: int) -> str:
    talk.say("starte rückenmassage")
    text = talk.say("ja")
    for _ in range(step):
        text = talk.say("weiter")
    return text


@pytest.mark.parametrize("answer", ["weitermachen", "fortsetzen", "ja"])
def test_1_resume_after_an_answer_goes_on_to_the_step_it_offered(talk, words, answer) -> None:
    walk_to_step(talk, 2)
    offer = talk.say("wie oft sollte ich mich massieren")
    assert words.names(3, offer) and words.said("guide.ask_continue", offer)
    assert words.is_step(talk.say(answer), 3)


def test_2_tips_by_topic_then_one_by_one_give_each_tip_once_and_count_right(
    talk, words, content
) -> None:
    tips = content.tips
    talk.say("starte rückenmassage")
    heard = [talk.say("Tipp zur Wärme")]
    while talk.intents[-1] != "AMAZON.YesIntent" or words.said("tips.ask_another", heard[-1]):
        heard.append(talk.say("ja"))
        assert len(heard) <= len(tips)
    assert [sum(tip.text in text for text in heard) for tip in tips] == [1] * len(tips)
    assert heard[0].startswith(content.tip("warmth").text)
    assert words.said("tips.all_given", heard[-1], count=len(tips))
    assert not any(words.said("tips.all_given", t, count=len(tips)) for t in heard[:-1])


def test_3_a_jump_to_the_last_step_does_not_claim_every_step_done(talk, words, content) -> None:
    talk.say("starte rückenmassage")
    assert words.is_step(talk.say("Schritt sieben"), len(content.steps))
    closing = talk.say("weiter")
    assert not words.said("closing.all_done", closing, total=len(content.steps))
    assert words.said("closing.last_step_done", closing)


def test_3_all_steps_done_is_said_after_every_step(talk, words, content) -> None:
    closing = walk_to_step(talk, len(content.steps) + 1)
    assert words.said("closing.all_done", closing, total=len(content.steps))


def test_4_weiter_at_the_offer_of_tips_gives_the_tips(talk, words, content) -> None:
    closing = walk_to_step(talk, len(content.steps) + 1)
    assert words.said_any("reminders.offer", closing)
    offer = talk.say("weiter")  # past the offer of a reminder, unanswered
    assert talk.state.reminder_offer is ReminderOffer.NONE
    assert words.said("guide.ask_tips", offer, count=len(content.tips))
    tips = talk.say("weiter")
    assert all(tip.text in tips for tip in content.tips)
    assert not words.said("guide.ask_restart", tips) and talk.ended


def test_5_repeat_after_skip_done_says_it_again(talk, words) -> None:
    walk_to_step(talk, 1)
    skipped = talk.say("Vorbereitung überspringen")
    assert words.said("guide.skip_done", skipped)
    again = talk.say("wiederholen")
    assert again == skipped
    assert not words.said("status.at_step", again, number=1, total=7, name="Hände auflegen")


def returning(handler, resolver) -> Talk:
    return Talk(handler, resolver)


def test_6_a_step_heard_through_is_done_the_next_session_offers_the_following(
    handler, resolver, words
) -> None:
    first = returning(handler, resolver)
    walk_to_step(first, 3)
    first.say("stopp")  # after the step was spoken to its end
    welcome = returning(handler, resolver)
    offer = welcome.say("starte rückenmassage")
    assert words.said("launch.ask_resume", offer, place="Schritt vier")
    assert words.is_step(welcome.say("ja"), 4)


def test_6_a_step_heard_through_then_silence_is_done_too(handler, resolver, words) -> None:
    first = returning(handler, resolver)
    walk_to_step(first, 3)
    first.hang_up("EXCEEDED_MAX_REPROMPTS")
    offer = returning(handler, resolver).say("starte rückenmassage")
    assert words.said("launch.ask_resume", offer, place="Schritt vier")


@pytest.mark.parametrize("leave", ["Alexa, stopp", "Alexa, Pause"])
def test_6_a_step_interrupted_mid_practice_is_offered_again(
    handler, resolver, words, leave
) -> None:
    first = returning(handler, resolver)
    walk_to_step(first, 2)
    first.say("weiter")  # step 3 starts ...
    first.say(leave, interrupting=True)  # ... and is cut short in its practice
    first.hang_up("USER_INITIATED")
    welcome = returning(handler, resolver)
    assert words.said(
        "launch.ask_resume", welcome.say("starte rückenmassage"), place="Schritt drei"
    )
    assert words.is_step(welcome.say("weitermachen"), 3)


def test_7_a_missing_step_asks_which_and_nein_offers_to_go_on(talk, words) -> None:
    walk_to_step(talk, 2)
    missing = talk.say("Schritt neun")
    assert words.said("guide.step_missing", missing, requested=9, total=7)
    assert asks_what_to_say(missing) and not talk.ended
    declined = talk.say("nein")
    assert not talk.ended and asks_what_to_say(declined)
    assert words.said("guide.ask_continue", declined) and words.names(3, declined)
    assert words.is_step(talk.say("ja"), 3)


def test_7_no_to_continue_names_the_options(talk, words) -> None:
    walk_to_step(talk, 2)
    talk.say("wie oft sollte ich mich massieren")
    options = talk.say("nein")
    assert words.said("session.what_now", options) and asks_what_to_say(options)
    assert "weiter" in options and not talk.ended
