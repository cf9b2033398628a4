"""The small enums of the conversation's state: what "ja" answers (``Pending``), what was said
last (``Said``), the program, and the answer to the offer of a reminder."""

from __future__ import annotations

from enum import Enum


class Program(str, Enum):
    """How long the massage takes; the content says what each one means (practice.toml)."""

    SHORT = "short"
    NORMAL = "normal"
    LONG = "long"


class Pending(str, Enum):
    """What a following "ja" or "nein" answers."""

    NONE = "none"
    BEGIN = "begin"  # launch: "Möchten Sie beginnen?"
    ALTERNATIVES = "alternatives"  # after "nein" at launch: FAQ, tips or breathing?
    CONTINUE = "continue"  # after a step, an answer, a pause or pain: go on with the guide?
    TIPS = "tips"  # after the closing: "Möchten Sie die Tipps hören?"
    NEXT_TIP = "next_tip"  # after one tip: "Noch ein Tipp?"
    RESTART = "restart"  # after the closing: "Noch einmal von vorn?"
    RESUME_OR_RESTART = "resume_or_restart"  # welcome back: "dort weitermachen?"
    DELETE_DATA = "delete_data"  # "Sollen Ihre Daten gelöscht werden?"
    STEP_CHOICE = "step_choice"  # "Welchen Schritt möchten Sie?"
    PROGRAM_CHOICE = "program_choice"  # "Welche Massage möchten Sie?"
    WHAT_NOW = "what_now"  # "Was möchten Sie tun?" with the options
    REMINDER_OFFER = "reminder_offer"  # after a completed massage: "Soll ich Sie erinnern?"
    REMINDER_TIME = "reminder_time"  # "Um wie viel Uhr soll ich Sie erinnern?"


class Said(str, Enum):
    """What was said last, so "wiederholen" can say it again (one member per kind of answer)."""

    NOTHING = "nothing"
    WELCOME = "welcome"
    STEP = "step"  # the guide at ``position``
    FAQ = "faq"  # ``said_ref``: the FAQ id, or "faq_id.condition_id"
    TIP = "tip"  # ``said_ref``: the tip id
    ALL_TIPS = "all_tips"
    BREATHING = "breathing"
    HELP = "help"
    PAIN = "pain"
    WHERE = "where"
    DURATION = "duration"
    PRACTICE = "practice"
    PRACTICE_CHOICE = "practice_choice"
    PROGRAM = "program"
    PROGRAM_CHOICE = "program_choice"
    PAUSE = "pause"
    FINISHED = "finished"  # "Sie haben die Massage schon abgeschlossen."
    AT_START = "at_start"
    SKIP_DONE = "skip_done"
    STEP_CHOICE = "step_choice"
    THANKS = "thanks"
    NOT_UNDERSTOOD = "not_understood"
    ALTERNATIVES = "alternatives"
    WHAT_NOW = "what_now"
    OKAY = "okay"
    DELETE_ASKED = "delete_asked"
    DELETE_KEPT = "delete_kept"
    DELETE_FAILED = "delete_failed"
    # Reminders and the practice record: ``reminder`` in the state holds what was set or
    # listed; ``said_ref`` the kind of problem (see skill/conversation/reminders.py).
    REMINDER_SET = "reminder_set"
    REMINDER_CHANGED = "reminder_changed"
    REMINDER_LIST = "reminder_list"
    REMINDER_DELETED = "reminder_deleted"
    REMINDER_DECLINED = "reminder_declined"
    REMINDER_ASK_TIME = "reminder_ask_time"
    REMINDER_PROBLEM = "reminder_problem"
    PRACTICE_RECORD = "practice_record"


class ReminderOffer(str, Enum):
    """The person's answer to "Soll ich Sie erinnern?" after a completed massage (stored)."""

    NONE = "none"  # not answered yet: the offer may come after a completed massage
    DECLINED = "declined"  # "nein": never offered again
    ACCEPTED = "accepted"  # a reminder was set up: no need to offer one


__all__ = ["Pending", "Program", "ReminderOffer", "Said"]
