"""Dialog acts whose meaning depends on what was asked or said: "ja", "nein", "weiter" at a
question, "wiederholen", help, not understood, goodbye.

Each is a table: what was asked (``Pending``) or what was said (``Said``) -> the answer. Every
member of both enums has an entry (tests/test_conversation_tables.py), so a new question or a
new kind of answer cannot be forgotten here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from skill.conversation.part import Part
from skill.conversation.turn import Turn
from skill.ssml import Speech
from skill.state import CLOSING, ConversationState, Pending, Said

if TYPE_CHECKING:
    from skill.conversation import Guide

Act = Callable[[ConversationState], Turn]


class DialogActs(Part):
    def __init__(self, guide: Guide) -> None:
        super().__init__(guide)
        flow, answers, programs = guide.flow, guide.answers, guide.programs
        wellbeing, data = guide.wellbeing, guide.data
        reminders, habit = guide.reminders, guide.habit
        # "Ja" to ...
        self.on_yes: dict[Pending, Act] = {
            Pending.BEGIN: flow.begin,
            Pending.RESTART: flow.begin,
            Pending.CONTINUE: flow.continue_guide,
            Pending.TIPS: answers.closing_tips,
            Pending.NEXT_TIP: answers.single_tip,
            Pending.RESUME_OR_RESTART: flow.resume,
            # Confirmed deletions never get here: the handler with the store takes that "ja"
            # (skill/handlers/progress.py); should one arrive, ask again.
            Pending.DELETE_DATA: data.ask_delete,
            Pending.STEP_CHOICE: flow.ask_step,
            Pending.PROGRAM_CHOICE: lambda state: programs.choose(state, None),
            Pending.WHAT_NOW: self.what_now,
            Pending.ALTERNATIVES: self.alternatives,
            Pending.NONE: self.what_now,
            # A "ja" to the offer is the reminder handler's (it calls the API); should one
            # arrive here, offer again. "Ja" to "Um wie viel Uhr?" asks for the time again.
            Pending.REMINDER_OFFER: lambda s: reminders.offer(s, Speech()),
            Pending.REMINDER_TIME: reminders.repeat_ask_time,
        }
        # "Nein" to ...
        self.on_no: dict[Pending, Act] = {
            Pending.BEGIN: self.alternatives,
            Pending.RESTART: self.goodbye,
            Pending.CONTINUE: self._no_to_continue,
            Pending.TIPS: self.goodbye,
            Pending.NEXT_TIP: self.okay,
            Pending.RESUME_OR_RESTART: lambda s: flow.begin(s.with_changes(resumable=None)),
            Pending.DELETE_DATA: data.keep_data,
            Pending.STEP_CHOICE: self.okay,
            Pending.PROGRAM_CHOICE: self.okay,
            Pending.WHAT_NOW: self.goodbye,
            Pending.ALTERNATIVES: self.goodbye,
            Pending.NONE: self.goodbye,
            Pending.REMINDER_OFFER: reminders.decline,
            Pending.REMINDER_TIME: self.okay,
        }
        # "Weiter" while a question is open: what it means there (else: the next section).
        self.on_next: dict[Pending, Act] = {
            Pending.TIPS: answers.closing_tips,
            Pending.NEXT_TIP: answers.single_tip,
            Pending.RESUME_OR_RESTART: flow.resume,
            # Past the reminder offer without an answer (it may come again another time).
            Pending.REMINDER_OFFER: reminders.skip_offer,
        }
        # "Wiederholen" after ... (rendered with the words of that answer).
        self.on_repeat: dict[Said, Act] = {
            Said.NOTHING: self._repeat_nothing,
            Said.WELCOME: flow.launch,
            Said.STEP: self._repeat_step,
            Said.FAQ: answers.repeat_faq,
            Said.TIP: answers.tip_turn,
            Said.ALL_TIPS: answers.all_tips,
            Said.BREATHING: wellbeing.breathing_exercise,
            Said.HELP: self.help,
            Said.PAIN: wellbeing.pain,
            Said.WHERE: answers.where_am_i,
            Said.DURATION: programs.how_long,
            Said.PRACTICE: lambda s: flow.answer(s, programs.practice_speech(s), Said.PRACTICE),
            Said.PRACTICE_CHOICE: lambda s: programs.change_practice(s),
            Said.PROGRAM: lambda s: programs.choose(s, s.program or self.content.default_program),
            Said.PROGRAM_CHOICE: lambda s: programs.choose(s, None),
            Said.PAUSE: self._repeat_pause,
            Said.FINISHED: flow.finished_already,
            Said.AT_START: flow.previous,
            Said.SKIP_DONE: flow.skip_preparation,
            Said.STEP_CHOICE: flow.ask_step,
            Said.THANKS: wellbeing.thanks,
            Said.NOT_UNDERSTOOD: self.fallback,
            Said.ALTERNATIVES: self.alternatives,
            Said.WHAT_NOW: self.what_now,
            Said.OKAY: self.okay,
            Said.DELETE_ASKED: data.ask_delete,
            Said.DELETE_KEPT: data.keep_data,
            Said.DELETE_FAILED: data.delete_failed,
            Said.REMINDER_SET: reminders.repeat_confirmation,
            Said.REMINDER_CHANGED: reminders.repeat_confirmation,
            Said.REMINDER_LIST: reminders.repeat_list,
            Said.REMINDER_DELETED: reminders.repeat_deleted,
            Said.REMINDER_DECLINED: reminders.decline,
            Said.REMINDER_ASK_TIME: reminders.repeat_ask_time,
            Said.REMINDER_PROBLEM: reminders.repeat_problem,
            Said.PRACTICE_RECORD: habit.record,
        }

    # -- the tables ----------------------------------------------------------------------------
    def yes(self, state: ConversationState) -> Turn:
        return self.on_yes[state.pending](state)

    def no(self, state: ConversationState) -> Turn:
        return self.on_no[state.pending](state)

    def next(self, state: ConversationState) -> Turn:
        """ "Weiter": the answer to an open question that it means yes to, else the next
        section (after a welcome back: the stored place)."""
        act = self.on_next.get(state.pending)
        if act is not None:
            return act(state)
        if state.position is None and state.resumable is not None:
            return self.guide.flow.resume_stored(state)
        return self.guide.flow.next(state)

    def repeat(self, state: ConversationState) -> Turn:
        """Say the last answer again, in the same words: rebuilt from the state with the
        previous answer's number (nothing of SSML is stored)."""
        previous = state.with_changes(turn=max(0, state.turn - 1))
        return self.on_repeat[state.said](previous)

    def _repeat_step(self, state: ConversationState) -> Turn:
        if state.position is None:
            return self._repeat_nothing(state)
        # Keep the pause/pain marks: repeating is not going on.
        turn = self.guide.flow.present(state, state.position)
        kept = turn.state.with_changes(paused=state.paused, pain_hold=state.pain_hold)
        return replace(turn, state=kept)  # the same words, card, practice and countdown

    def _repeat_pause(self, state: ConversationState) -> Turn:
        if not state.paused:
            return self.guide.answers.where_am_i(state)
        flow = self.guide.flow
        return self.voice.reply(
            state, flow.pause_speech(state), self.speech(state, "pause.reprompt")
        )

    def _repeat_nothing(self, state: ConversationState) -> Turn:
        if state.position is None:
            return self.guide.flow.launch(state)
        return self.guide.flow.present(state, state.position)

    # -- short answers -------------------------------------------------------------------------
    def _no_to_continue(self, state: ConversationState) -> Turn:
        if state.pain_hold:
            return self.goodbye(state, "pain.take_care")
        return self.what_now(state)

    def okay(self, state: ConversationState) -> Turn:
        """ "In Ordnung." and the natural next question."""
        return self.guide.flow.answer(state, self.speech(state, "session.okay"), Said.OKAY)

    def alternatives(self, state: ConversationState) -> Turn:
        state = state.saying(Said.ALTERNATIVES, pending=Pending.ALTERNATIVES)
        speech = self.speech(state, "launch.alternatives")
        return self.voice.reply(state, speech, self.speech(state, "launch.reprompt_alternatives"))

    def what_now(self, state: ConversationState) -> Turn:
        state = state.saying(Said.WHAT_NOW, pending=Pending.WHAT_NOW)
        speech = self.speech(state, "session.what_now")
        return self.voice.reply(state, speech, self.speech(state, "session.reprompt_what_now"))

    def help(self, state: ConversationState) -> Turn:
        """Help for where the person is, then the natural next question (session stays open)."""
        if state.position is None:
            speech = self.speech(state, "help.at_launch")
        elif state.position == CLOSING:
            speech = self.speech(state, "help.finished")
        else:
            place = self.voice.place(state, state.position)
            speech = self.voice.speech(state).say(self.line(state, "help.in_guide", place=place))
            speech.say(self.line(state, "guide.barge_in"))
        return self.guide.flow.answer(state, speech, Said.HELP)

    def fallback(self, state: ConversationState) -> Turn:
        """Not understood: a hint with examples; position and what "wiederholen" says stay.

        Only the launch hint asks for a "ja", so only there the pending question stays: in the
        guide a "ja" after "nicht verstanden" must not move on (the misheard words may have been
        a pain report). During the guide the hint says how to report pain; during a pain hold it
        never suggests going on.
        """
        if state.position is None:
            hint = "fallback.hint_launch"
        else:
            state = state.asking(Pending.NONE)
            if state.pain_hold:
                hint = "fallback.hint_pain"
            elif state.position == CLOSING:
                hint = "fallback.hint_finished"
            else:
                hint = "fallback.hint_guide"
        state = state.with_changes(said=Said.NOT_UNDERSTOOD, said_ref="")
        speech = self.speech(state, "fallback.not_understood", hint)
        return self.voice.reply(state, speech, self.speech(state, hint))

    def goodbye(self, state: ConversationState, *before: str) -> Turn:
        speech = self.speech(state, *before, "session.goodbye")
        return self.voice.reply(state.asking(Pending.NONE), speech, end=True)

    def error(self, state: ConversationState) -> Turn:
        speech = self.speech(state, "session.error")
        return self.voice.reply(state, speech, self.speech(state, "session.reprompt_error"))
