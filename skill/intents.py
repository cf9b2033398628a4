"""Names of the intents and slots the skill handles: the one place code refers to them.

The interaction model (``interaction_models/*.json``) must declare exactly these intents plus
one intent per FAQ, named in the content (``skill/locale/<locale>/faq.toml``), so that a new FAQ
is a change to data alone; ``tests/test_interaction_model.py`` checks both directions.
"""

from __future__ import annotations

# Custom intents
BEGIN_MASSAGE = "BeginMassageIntent"
GO_TO_STEP = "GoToStepIntent"
WHERE_AM_I = "WhereAmIIntent"
HOW_LONG = "HowLongIntent"
SKIP_PREPARATION = "SkipPreparationIntent"
CHANGE_PRACTICE_TIME = "ChangePracticeTimeIntent"
ALL_TIPS = "AllTipsIntent"
SINGLE_TIP = "SingleTipIntent"
PAIN = "PainIntent"
BREATHING_EXERCISE = "BreathingExerciseIntent"
DELETE_DATA = "DeleteDataIntent"  # forget the stored progress, after a yes/no confirmation
THANKS = "ThanksIntent"  # "danke", "das war schön"
CHOOSE_PROGRAM = "ChooseProgramIntent"  # "die kurze Version", "ich habe nur fünf Minuten"
SET_REMINDER = "SetReminderIntent"  # "Erinnere mich täglich um 19 Uhr an die Rückenmassage"
LIST_REMINDERS = "ListRemindersIntent"  # "Welche Erinnerungen habe ich?"
CHANGE_REMINDER = "ChangeReminderIntent"  # "Ändere meine Erinnerung auf 20 Uhr"
DELETE_REMINDER = "DeleteReminderIntent"  # "Lösche meine Erinnerung"
PRACTICE_RECORD = "PracticeRecordIntent"  # "Wie oft habe ich schon massiert?"

# Built-in intents
NEXT = "AMAZON.NextIntent"
PREVIOUS = "AMAZON.PreviousIntent"
REPEAT = "AMAZON.RepeatIntent"
START_OVER = "AMAZON.StartOverIntent"
PAUSE = "AMAZON.PauseIntent"
RESUME = "AMAZON.ResumeIntent"
YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
HELP = "AMAZON.HelpIntent"
STOP = "AMAZON.StopIntent"
CANCEL = "AMAZON.CancelIntent"
FALLBACK = "AMAZON.FallbackIntent"
NAVIGATE_HOME = "AMAZON.NavigateHomeIntent"

# Slots
SLOT_STEP_NUMBER = "stepNumber"  # AMAZON.NUMBER: "Schritt vier", "Schritt 4"
SLOT_STEP_ORDINAL = "stepOrdinal"  # StepOrdinal: "zum dritten Schritt", "zum letzten Schritt"
SLOT_STEP_NAME = "stepName"  # StepName (ids of the content's steps): "zum Dehnen"
SLOT_SECONDS = "seconds"  # AMAZON.NUMBER: "Pausen von 60 Sekunden"
SLOT_DURATION = "duration"  # AMAZON.DURATION: "Pausen von einer Minute", "nur fünf Minuten"
SLOT_DIRECTION = "direction"  # PracticeDirection: longer / shorter / default
# "(setz die Zeit) zurück": a reset, in its own slot because a bare "zurück" goes back a step
SLOT_RESET_TIME = "resetTime"  # ResetTime: default
SLOT_TIP_TOPIC = "tipTopic"  # TipTopic (ids of the content's tips): "Tipp zur Wärme"
SLOT_CONDITION = "condition"  # HealthCondition (ids of an FAQ's conditions): "Bandscheibenvorfall"
SLOT_PROGRAM = "program"  # ProgramLength (short, normal, long): "die kurze Version"
SLOT_TIME = "time"  # AMAZON.TIME: "um 19 Uhr", "um acht", "abends"
# ReminderDays (daily, weekdays, weekend, mo..su): "täglich", "werktags", "montags"; up to
# three in one sentence ("montags, mittwochs und freitags").
SLOT_DAY = "day"
SLOT_SECOND_DAY = "secondDay"
SLOT_THIRD_DAY = "thirdDay"
REMINDER_DAY_SLOTS = (SLOT_DAY, SLOT_SECOND_DAY, SLOT_THIRD_DAY)
SLOT_DAY_PART = "dayPart"  # DayPart (MO, AF, EV, NI): "jeden Abend um sieben" is 19:00

# The StepOrdinal value id that means the guide's last step ("zum letzten Schritt").
LAST_STEP = "last"


# Built-in intents take no slots, so a built-in intent's phrasings that use slots (fillers such
# as "okay, weiter bitte") belong to a custom intent of their own, "<Name>PhrasesIntent".
# The skill treats it exactly as the built-in (skill/handlers/phrases.py).
BUILT_IN_PREFIX = "AMAZON."
PHRASES_SUFFIX = "PhrasesIntent"


def phrases_intent(built_in: str) -> str:
    """AMAZON.NextIntent -> NextPhrasesIntent."""
    return built_in.removeprefix(BUILT_IN_PREFIX).removesuffix("Intent") + PHRASES_SUFFIX


def built_in_of(name: str) -> str:
    """NextPhrasesIntent -> AMAZON.NextIntent; any other name as it is."""
    if not name.endswith(PHRASES_SUFFIX):
        return name
    return BUILT_IN_PREFIX + name.removesuffix(PHRASES_SUFFIX) + "Intent"
