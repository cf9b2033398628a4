"""All request handlers, registered in one place and in the order they are asked."""

from __future__ import annotations

from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.content import Content
from skill.handlers.consent import ConsentAnswerHandler
from skill.handlers.habit import PracticeRecordHandler
from skill.handlers.information import (
    AllTipsHandler,
    BreathingExerciseHandler,
    ChangePracticeTimeHandler,
    ChooseProgramHandler,
    FaqHandler,
    HowLongHandler,
    SingleTipHandler,
    WhereAmIHandler,
)
from skill.handlers.launch import LaunchRequestHandler
from skill.handlers.navigation import (
    BeginMassageHandler,
    GoToStepHandler,
    NextHandler,
    NoHandler,
    PauseHandler,
    PreviousHandler,
    RepeatHandler,
    ResumeHandler,
    SkipPreparationHandler,
    StartOverHandler,
    YesHandler,
)
from skill.handlers.phrases import BuiltInPhrasesInterceptor
from skill.handlers.progress import (
    ConfirmDeleteHandler,
    DeleteDataHandler,
    LoadProgressInterceptor,
    SaveProgressInterceptor,
    SkillDisabledHandler,
)
from skill.handlers.reminders import (
    ChangeReminderHandler,
    DeleteReminderHandler,
    ListRemindersHandler,
    ReminderOfferYesHandler,
    SetReminderHandler,
)
from skill.handlers.session import (
    ErrorHandler,
    FallbackHandler,
    HelpHandler,
    SessionEndedHandler,
    StopHandler,
    ThanksHandler,
    UnhandledRequestHandler,
    UnknownIntentHandler,
)
from skill.handlers.touch import TouchAsIntentInterceptor
from skill.handlers.wellbeing import PainHandler
from skill.persistence import ProgressStore

# Handlers that need the progress store; asked first (the delete confirmation must come
# before the general "ja").
STORE_HANDLERS = (ConfirmDeleteHandler, SkillDisabledHandler)

# Order matters only for the catch-alls at the end.
REQUEST_HANDLERS = (
    LaunchRequestHandler,
    DeleteDataHandler,
    PainHandler,
    BeginMassageHandler,
    NextHandler,
    PreviousHandler,
    RepeatHandler,
    StartOverHandler,
    GoToStepHandler,
    SkipPreparationHandler,
    PauseHandler,
    ResumeHandler,
    ReminderOfferYesHandler,  # before the general "ja"
    YesHandler,
    NoHandler,
    FaqHandler,
    AllTipsHandler,
    SingleTipHandler,
    WhereAmIHandler,
    HowLongHandler,
    ChangePracticeTimeHandler,
    ChooseProgramHandler,
    BreathingExerciseHandler,
    SetReminderHandler,
    ChangeReminderHandler,
    ListRemindersHandler,
    DeleteReminderHandler,
    PracticeRecordHandler,
    ConsentAnswerHandler,
    HelpHandler,
    ThanksHandler,
    StopHandler,
    FallbackHandler,
    SessionEndedHandler,
    UnknownIntentHandler,
    UnhandledRequestHandler,
)


def register_handlers(builder: CustomSkillBuilder, store: ProgressStore) -> None:
    # First: a touched button becomes its intent before anything else looks at the request.
    builder.add_global_request_interceptor(TouchAsIntentInterceptor())
    # Then: a built-in intent's phrasings intent becomes the built-in intent.
    builder.add_global_request_interceptor(BuiltInPhrasesInterceptor())
    builder.add_global_request_interceptor(LoadProgressInterceptor(store))
    builder.add_global_response_interceptor(SaveProgressInterceptor(store))
    for store_handler in STORE_HANDLERS:
        builder.add_request_handler(store_handler(store))
    for handler in REQUEST_HANDLERS:
        builder.add_request_handler(handler())
    builder.add_exception_handler(ErrorHandler())


def handled_intents(content: Content) -> set[str]:
    """Every intent name some handler claims (for the model-consistency test): the fixed ones
    and one per FAQ of ``content``."""
    names: set[str] = set(content.faq_intents)
    for handler in REQUEST_HANDLERS:
        names.update(getattr(handler, "intents", ()))
    return names
