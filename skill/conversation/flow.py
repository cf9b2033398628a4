"""The guide's flow: the welcome, each section with its timed practice, moving around in the
guide, pausing and resuming, and the question that ends every other answer."""

from __future__ import annotations

from dataclasses import replace

from skill.conversation.part import Part
from skill.conversation.turn import Turn
from skill.conversation.voice import ordinal_dative, speech_seconds
from skill.practice import breathing_cycles, step_practice
from skill.ssml import Speech
from skill.state import CLOSING, PREPARATION, STEP_COUNT, ConversationState, Pending, Said


class Flow(Part):
    # -- the question that ends an answer ------------------------------------------------------
    def answer(self, state: ConversationState, speech: Speech, said: Said, ref: str = "") -> Turn:
        """``speech``, then the natural next question; remembers what "ja" would mean."""
        state = state.saying(said, ref)
        voice = self.voice
        if state.position is None and state.resumable is not None:
            place = voice.place(state, state.resumable, short=True)
            speech.say(self.line(state, "launch.ask_resume", place=place))
            reprompt_place = voice.place(state, state.resumable)
            reprompt = Speech().say(
                self.line(state, "launch.reprompt_resume", place=reprompt_place)
            )
            return voice.reply(state.asking(Pending.RESUME_OR_RESTART), speech, reprompt)
        if state.position is None:
            speech.say(self.line(state, "launch.ask_begin"))
            reprompt = self.speech(state, "launch.reprompt_begin")
            return voice.reply(state.asking(Pending.BEGIN), speech, reprompt)
        target = state.continue_position()
        if target is None:
            speech.say(self.line(state, "guide.ask_restart"))
            reprompt = self.speech(state, "guide.reprompt_restart")
            return voice.reply(state.asking(Pending.RESTART), speech, reprompt)
        if target == state.position:
            speech.say(self.line(state, "guide.ask_resume_same", place=voice.place(state, target)))
        else:
            upcoming = voice.place(state, target, upcoming=True)
            speech.say(self.line(state, "guide.next_is", place=upcoming))
            speech.say(self.line(state, "guide.ask_continue"))
        place = voice.place(state, target)
        reprompt = Speech().say(self.line(state, "guide.reprompt_continue", place=place))
        return voice.reply(state.asking(Pending.CONTINUE), speech, reprompt)

    # -- the welcome ---------------------------------------------------------------------------
    def launch(self, state: ConversationState) -> Turn:
        """First time: welcome, a short safety note, "Möchten Sie beginnen?". Returning: one
        greeting and the offer to resume or to begin (they have heard the safety note)."""
        if state.resumable is not None:
            speech = self.speech(state, "launch.welcome_back")
        elif state.completed > 0:
            nth = ordinal_dative(state.completed + 1)
            speech = Speech().say(self.line(state, "launch.welcome_back_completed", nth=nth))
        else:
            speech = self.speech(state, "launch.welcome", "launch.safety")
        speech.extend(self.guide.habit.encouragement(state))
        return self.answer(state, speech, Said.WELCOME)

    # -- one section of the guide --------------------------------------------------------------
    def present(self, state: ConversationState, position: int, *, estimating: bool = False) -> Turn:
        """The preparation, step ``position`` or the closing, with its timed practice.

        ``estimating``: only for the duration estimate (the preparation then names no
        duration, which would need this very estimate).
        """
        state = state.at(position)
        if position == CLOSING:
            return self._closing(state)
        programs, voice, content = self.guide.programs, self.voice, self.content
        speech = Speech()
        if position == PREPARATION:
            section = content.preparation
            speech.say(self.line(state, "guide.preparation_heading"))
            if not estimating:
                speech.extend(programs.introduction(state))
            speech.say(self.line(state, "guide.barge_in"))
            speech.sentences(list(section.instructions))
            practice = breathing_cycles(programs.spec(state).breathing_cycles, content.practice)
        else:
            section = content.step(position)
            heading = self.line(
                state, "guide.step_heading", number=position, total=STEP_COUNT, name=section.spoken
            )
            speech.say(heading).sentences(list(section.instructions))
            seconds = programs.section_seconds(state, section)
            practice = step_practice(section, seconds, content.practice)
        if programs.spec(state).explain:
            speech.sentences(list(section.why))
        speech.say(self.line(state, "guide.get_ready")).pause(content.practice.get_ready_seconds)
        speech.say(voice.pick(state, "practice.start", content.practice.start))
        speech.extend(practice)
        done_after = round(speech_seconds(speech))
        speech.sound("chime").say(voice.pick(state, "practice.end", content.practice.end))
        upcoming = voice.place(state, position + 1, upcoming=True)
        speech.say(self.line(state, "guide.next_is", place=upcoming))
        speech.say(self.line(state, "guide.say_next"))
        reprompt = self.speech(state, "guide.reprompt_next")
        card = (self.card_title(position), " ".join(section.instructions + section.why))
        state = state.asking(Pending.CONTINUE)
        return voice.reply(
            state,
            speech,
            reprompt,
            card=card,
            done_after=done_after,
            practice_seconds=practice.break_seconds,
        )

    def card_title(self, position: int) -> str:
        """The guide's own title for a card ("Schritt 3 von 7: Fokus auf problematische Zonen")."""
        if position == PREPARATION:
            return self.content.preparation.title
        if position == CLOSING:
            return self.content.closing_title
        title = self.content.step(position).title
        return self.content.text("cards.step", number=position, total=STEP_COUNT, title=title)

    def _closing(self, state: ConversationState) -> Turn:
        key = "closing.all_done" if state.all_steps_done else "closing.last_step_done"
        speech = Speech().say(self.line(state, key, total=STEP_COUNT))
        speech.say(self.line(state, "closing.rest"))
        if state.all_steps_done and state.may_offer_reminder and state.clock:
            return self.guide.reminders.offer(state, speech)
        speech.say(self.line(state, "guide.ask_tips", count=len(self.content.tips)))
        reprompt = self.speech(state, "guide.reprompt_tips")
        return self.voice.reply(state.asking(Pending.TIPS), speech, reprompt)

    # -- moving around -------------------------------------------------------------------------
    def begin(self, state: ConversationState) -> Turn:
        """From the start: a new massage, whatever was guided before."""
        return self.present(state.with_changes(steps_done=0, resumable=None), PREPARATION)

    def next(self, state: ConversationState) -> Turn:
        target = state.next_position()
        return self.finished_already(state) if target is None else self.present(state, target)

    def continue_guide(self, state: ConversationState) -> Turn:
        target = state.continue_position()
        return self.finished_already(state) if target is None else self.present(state, target)

    def finished_already(self, state: ConversationState) -> Turn:
        speech = self.speech(state, "guide.already_finished")
        return self.answer(state, speech, Said.FINISHED)

    def previous(self, state: ConversationState) -> Turn:
        if state.position is None:
            return self.begin(state)
        if state.position == PREPARATION:
            return self.answer(state, self.speech(state, "guide.at_start"), Said.AT_START)
        return self.present(state, state.position - 1)

    def skip_preparation(self, state: ConversationState) -> Turn:
        if state.position in (None, PREPARATION):
            # The barge-in hint belongs to the preparation: whoever skips it hears it here.
            skip = self.speech(state, "guide.skip_ok", "guide.barge_in")
            turn = self.present(state.with_changes(steps_done=0, resumable=None), 1)
            return replace(turn, speech=skip.extend(turn.speech))
        return self.answer(state, self.speech(state, "guide.skip_done"), Said.SKIP_DONE)

    def go_to(self, state: ConversationState, number: int | None) -> Turn:
        if number is not None and 1 <= number <= STEP_COUNT:
            return self.present(state, number)
        speech = Speech()
        if number is not None:
            missing = self.line(state, "guide.step_missing", requested=number, total=STEP_COUNT)
            speech.say(missing)
        return self.ask_step(state, speech)

    def ask_step(self, state: ConversationState, speech: Speech | None = None) -> Turn:
        """ "Welchen Schritt möchten Sie?", with examples of what to say."""
        speech = (speech or Speech()).say(self.line(state, "guide.ask_step"))
        reprompt = Speech().say(self.line(state, "guide.reprompt_step_choice", total=STEP_COUNT))
        state = state.saying(Said.STEP_CHOICE, pending=Pending.STEP_CHOICE)
        return self.voice.reply(state, speech, reprompt)

    # -- pause and resume ----------------------------------------------------------------------
    def pause(self, state: ConversationState) -> Turn:
        if state.position is None:
            return self.answer(state, self.speech(state, "status.not_started"), Said.WHERE)
        state = state.with_changes(paused=True).saying(Said.PAUSE, pending=Pending.CONTINUE)
        return self.voice.reply(
            state, self.pause_speech(state), self.speech(state, "pause.reprompt")
        )

    def pause_speech(self, state: ConversationState) -> Speech:
        place = self.voice.place(state, state.position if state.position is not None else 0)
        speech = Speech().say(self.line(state, "pause.paused", place=place))
        return speech.say(self.line(state, "pause.how_to_resume"))

    def resume(self, state: ConversationState) -> Turn:
        """ "Weitermachen", "fortsetzen": the stored place after a welcome back, else whatever
        "ja" to "Möchten Sie weitermachen?" means (the same step after a pause or pain)."""
        if state.resumable is not None:
            return self.resume_stored(state)
        if state.position is None:
            return self.begin(state)
        return self.continue_guide(state)

    def resume_stored(self, state: ConversationState) -> Turn:
        """Go on where a former session left off: the steps before it were done then."""
        position = state.resumable if state.resumable is not None else PREPARATION
        earlier = (1 << max(0, position - 1)) - 1
        return self.present(state.with_changes(steps_done=earlier), position)
