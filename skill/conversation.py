"""What the skill answers to each thing a person can say, as pure functions of the state.

``Guide`` knows the content and the state model but nothing of the ASK SDK: every method takes
a ``ConversationState`` and returns a ``Turn`` (the new state, what to say, the reprompt, and
whether the session ends). The SDK handlers in ``skill/handlers`` only translate requests to
these calls, so the whole conversation can be tested without request envelopes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from skill.content import Content
from skill.practice import breathing_cycles, step_practice
from skill.ssml import Speech
from skill.state import (
    CLOSING,
    DEFAULT_PRACTICE_SECONDS,
    MAX_PRACTICE_SECONDS,
    MIN_PRACTICE_SECONDS,
    PRACTICE_STEP_SECONDS,
    PREPARATION,
    STEP_COUNT,
    ConversationState,
    Pending,
    Said,
    clamp_practice_seconds,
)

# Speaking rate of Alexa's German voices, for the duration estimate only.
SPOKEN_CHARS_PER_SECOND = 14


@dataclass(frozen=True)
class Turn:
    state: ConversationState
    speech: Speech
    reprompt: Speech | None = None
    end_session: bool = False
    # A card for the Alexa app: (title, text), plain text from the content.
    card: tuple[str, str] | None = None
    # Seconds of timed practice (breaks) in ``speech``: what a screen counts down.
    practice_seconds: int = 0

    def __post_init__(self) -> None:
        # Alexa's rule: a response that keeps the microphone open must ask and have a reprompt.
        if not self.end_session and self.reprompt is None:
            raise ValueError("an open session needs a reprompt")


class Guide:
    def __init__(self, content: Content) -> None:
        self.content = content

    # -- small helpers -----------------------------------------------------------------------
    def _t(self, key: str, **values: object) -> str:
        return self.content.text(key, **values)

    def _speech(self, *keys: str) -> Speech:
        return Speech().sentences([self._t(key) for key in keys])

    def place(self, position: int, *, upcoming: bool = False) -> str:
        """A position as words: "Schritt 4, Längere Streichbewegungen", "der Vorbereitung"."""
        if position == PREPARATION:
            return self._t("places.next_preparation" if upcoming else "places.preparation")
        if position == CLOSING:
            return self._t("places.next_closing" if upcoming else "places.closing")
        return self._t("places.step", number=position, title=self.content.step(position).title)

    def _offer_continue(
        self, state: ConversationState, speech: Speech
    ) -> tuple[ConversationState, Speech, Speech]:
        """End an answer with the natural next question, and remember what "ja" means."""
        target = state.continue_position()
        if state.position is None and state.resumable is not None:
            # Welcome back, then a question: the offer to resume still stands.
            place = self.place(state.resumable)
            speech.say(self._t("launch.welcome_back_resume", place=place))
            reprompt = self._speech("launch.reprompt_resume")
            return state.asking(Pending.RESUME_OR_RESTART), speech, reprompt
        if state.position is None:
            speech.say(self._t("launch.ask_begin"))
            return state.asking(Pending.BEGIN), speech, self._speech("launch.reprompt_begin")
        if target is None:
            speech.say(self._t("guide.ask_restart"))
            return state.asking(Pending.RESTART), speech, self._speech("guide.reprompt_restart")
        if target == state.position:
            speech.say(self._t("guide.ask_resume_same", place=self.place(target)))
        else:
            speech.say(self._t("guide.next_is", place=self.place(target, upcoming=True)))
            speech.say(self._t("guide.ask_continue"))
        reprompt = Speech().say(self._t("guide.reprompt_continue", place=self.place(target)))
        return state.asking(Pending.CONTINUE), speech, reprompt

    def _answer(self, state: ConversationState, speech: Speech) -> Turn:
        new_state, speech, reprompt = self._offer_continue(state, speech)
        return Turn(new_state, speech, reprompt)

    # -- launch --------------------------------------------------------------------------------
    def launch(self, state: ConversationState) -> Turn:
        """The welcome; with stored progress, the offer to resume (see skill/persistence)."""
        completed = state.completed
        if state.resumable is not None:
            speech = self._speech("launch.welcome_back")  # the resume offer follows
        elif completed == 1:
            speech = self._speech("launch.welcome_back", "launch.welcome_back_completed_one")
        elif completed > 1:
            speech = self._speech("launch.welcome_back")
            speech.say(self._t("launch.welcome_back_completed_many", count=completed))
        else:
            speech = self._speech("launch.welcome")
        if state.resumable is None:
            speech.say(self._t("launch.safety"))
        return self._answer(state.saying(Said.WELCOME), speech)

    # -- the guide -----------------------------------------------------------------------------
    def present(self, state: ConversationState, position: int) -> Turn:
        """Say the preparation, step ``position`` or the closing, with its timed practice."""
        state = state.at(position)
        content = self.content
        speech = Speech()
        if position == CLOSING:
            speech.sentences(list(content.closing))
            speech.say(self._t("guide.ask_tips", count=len(content.tips)))
            return Turn(state.asking(Pending.TIPS), speech, self._speech("guide.reprompt_tips"))
        if position == PREPARATION:
            section = content.preparation
            speech.say(self._t("guide.preparation_heading"))
            speech.sentences(list(section.instructions))
            practice = breathing_cycles(content.preparation_cycles, content.practice)
        else:
            section = content.step(position)
            speech.say(
                self._t(
                    "guide.step_heading", number=position, total=STEP_COUNT, title=section.title
                )
            )
            speech.sentences(list(section.instructions))
            practice = step_practice(section, state.practice_seconds, content.practice)
        speech.short_pause()
        speech.say(content.practice.start)
        speech.extend(practice)
        speech.sound("chime")
        speech.say(content.practice.end)
        upcoming = self.place(position + 1, upcoming=True)
        speech.say(self._t("guide.next_is", place=upcoming))
        speech.say(self._t("guide.say_next"))
        reprompt = self._speech("guide.reprompt_next")
        card = (self._heading(position), " ".join(section.instructions))
        state = state.asking(Pending.CONTINUE)
        return Turn(state, speech, reprompt, card=card, practice_seconds=practice.break_seconds)

    def _heading(self, position: int) -> str:
        if position == PREPARATION:
            return self.content.preparation.title
        title = self.content.step(position).title
        return self._t("guide.step_heading", number=position, total=STEP_COUNT, title=title)

    def begin(self, state: ConversationState) -> Turn:
        return self.present(state, PREPARATION)

    def next(self, state: ConversationState) -> Turn:
        if state.position is None and state.resumable is not None:
            return self.present(state, state.resumable)  # "weiter" right after a welcome back
        target = state.next_position()
        if target is None:
            return self._finished_already(state)
        return self.present(state, target)

    def continue_guide(self, state: ConversationState) -> Turn:
        target = state.continue_position()
        if target is None:
            return self._finished_already(state)
        return self.present(state, target)

    def _finished_already(self, state: ConversationState) -> Turn:
        speech = self._speech("guide.already_finished", "guide.ask_restart")
        state = state.saying(Said.INFO, "finished", Pending.RESTART)
        return Turn(state, speech, self._speech("guide.reprompt_restart"))

    def previous(self, state: ConversationState) -> Turn:
        if state.position is None:
            return self.begin(state)
        if state.position == PREPARATION:
            speech = self._speech("guide.at_start")
            return self._answer(state.saying(Said.INFO, "at_start"), speech)
        return self.present(state, state.position - 1)

    def start_over(self, state: ConversationState) -> Turn:
        return self.present(state, PREPARATION)

    def skip_preparation(self, state: ConversationState) -> Turn:
        if state.position in (None, PREPARATION):
            turn = self.present(state, 1)
            skip = self._speech("guide.skip_ok")
            return replace(turn, speech=skip.extend(turn.speech))
        speech = self._speech("guide.skip_done")
        return self._answer(state.saying(Said.INFO, "skip_done"), speech)

    def go_to(self, state: ConversationState, number: int | None) -> Turn:
        if number is not None and 1 <= number <= STEP_COUNT:
            return self.present(state, number)
        if number is None:
            speech = Speech().say(self._t("guide.step_unclear", total=STEP_COUNT))
        else:
            speech = Speech().say(self._t("guide.step_missing", requested=number, total=STEP_COUNT))
        reprompt = Speech().say(self._t("guide.reprompt_step_choice", total=STEP_COUNT))
        return Turn(state.asking(Pending.NONE), speech, reprompt)

    # -- information ---------------------------------------------------------------------------
    def where_am_i(self, state: ConversationState) -> Turn:
        return self._answer(state.saying(Said.INFO, "where"), self._where_speech(state))

    def _where_speech(self, state: ConversationState) -> Speech:
        position = state.position
        if position is None:
            return self._speech("status.not_started")
        if position == PREPARATION:
            speech = self._speech("status.at_preparation")
        elif position == CLOSING:
            speech = Speech().say(self._t("status.at_closing", total=STEP_COUNT))
        else:
            title = self.content.step(position).title
            speech = Speech().say(
                self._t("status.at_step", number=position, total=STEP_COUNT, title=title)
            )
        if state.paused:
            speech.say(self._t("status.paused"))
        return speech

    def estimated_seconds(self, practice_seconds: int, from_position: int = PREPARATION) -> int:
        """How long the guide takes from ``from_position`` on: speaking time plus practice."""
        state = ConversationState().with_practice(practice_seconds)
        total = 0.0
        for position in range(from_position, CLOSING + 1):
            speech = self.present(state, position).speech
            total += speech.spoken_chars / SPOKEN_CHARS_PER_SECOND + speech.break_seconds
        return round(total)

    def how_long(self, state: ConversationState) -> Turn:
        return self._answer(state.saying(Said.INFO, "duration"), self._duration_speech(state))

    def _duration_speech(self, state: ConversationState) -> Speech:
        seconds = state.practice_seconds
        minutes = max(1, round(self.estimated_seconds(seconds) / 60))
        speech = Speech().say(
            self._t("status.duration", total=STEP_COUNT, seconds=seconds, minutes=minutes)
        )
        if state.position is not None and state.position < CLOSING:
            start = state.continue_position()
            left = self.estimated_seconds(seconds, start) / 60 if start is not None else 0
            if left >= 1.5:
                speech.say(self._t("status.remaining", minutes=round(left)))
            else:
                speech.say(self._t("status.remaining_short"))
        return speech

    # -- practice time -------------------------------------------------------------------------
    def change_practice(
        self, state: ConversationState, *, direction: str | None = None, seconds: int | None = None
    ) -> Turn:
        """Set the practice time: "längere/kürzere Pausen", "Pausen von 60 Sekunden", "normal"."""
        current = state.practice_seconds
        speech = Speech()
        if seconds is not None:
            wanted = seconds
            new = clamp_practice_seconds(wanted)
            if new != wanted:
                speech.say(
                    self._t("practice.clamped", min=MIN_PRACTICE_SECONDS, max=MAX_PRACTICE_SECONDS)
                )
            speech.say(self._t("practice.changed", seconds=new))
        elif direction == "default":
            new = DEFAULT_PRACTICE_SECONDS
            speech.say(self._t("practice.reset", seconds=new))
        elif direction in ("longer", "shorter"):
            delta = PRACTICE_STEP_SECONDS if direction == "longer" else -PRACTICE_STEP_SECONDS
            new = clamp_practice_seconds(current + delta)
            if new == current:
                key = "practice.at_max" if direction == "longer" else "practice.at_min"
                speech.say(self._t(key, seconds=new))
            else:
                speech.say(self._t("practice.changed", seconds=new))
        else:
            reprompt = self._speech("practice.unclear")
            return Turn(state.asking(Pending.NONE), self._speech("practice.unclear"), reprompt)
        state = state.with_practice(new).saying(Said.INFO, "practice")
        return self._answer(state, speech)

    def _practice_speech(self, state: ConversationState) -> Speech:
        return Speech().say(self._t("practice.changed", seconds=state.practice_seconds))

    # -- pause and resume ----------------------------------------------------------------------
    def pause(self, state: ConversationState) -> Turn:
        if state.position is None:
            return self._answer(
                state.saying(Said.INFO, "where"), self._speech("status.not_started")
            )
        state = state.with_changes(paused=True).saying(Said.INFO, "pause", Pending.CONTINUE)
        return Turn(state, self._pause_speech(state), self._speech("pause.reprompt"))

    def _pause_speech(self, state: ConversationState) -> Speech:
        position = state.position if state.position is not None else PREPARATION
        speech = Speech().say(self._t("pause.paused", place=self.place(position)))
        return speech.say(self._t("pause.how_to_resume"))

    def resume(self, state: ConversationState) -> Turn:
        """AMAZON.ResumeIntent: the stored position, else the same step again."""
        if state.resumable is not None:
            return self.present(state, state.resumable)
        if state.position is None:
            return self.begin(state)
        if state.position == CLOSING:
            return self._finished_already(state)
        return self.present(state, state.position)

    # -- questions and tips --------------------------------------------------------------------
    def faq(self, state: ConversationState, faq_id: str, condition_id: str | None = None) -> Turn:
        """An FAQ answer; for a named condition the guide does not cover ("Bandscheibenvorfall")
        the answer is followed by the advice to ask a doctor first."""
        faq = self.content.faq[faq_id]
        condition = faq.condition(condition_id)
        answer = list(faq.answer)
        if condition is not None and condition.advice is not None:
            answer.append(condition.advice)
        ref = f"{faq_id}.{condition.id}" if condition is not None else faq_id
        turn = self._answer(state.saying(Said.FAQ, ref), Speech().sentences(answer))
        return replace(turn, card=(faq.question, " ".join(answer)))

    def all_tips(self, state: ConversationState) -> Turn:
        speech = self._all_tips_speech()
        return self._answer(state.saying(Said.ALL_TIPS), speech)

    def _all_tips_speech(self) -> Speech:
        speech = Speech().say(self.content.tips_intro.format(count=len(self.content.tips)))
        for tip in self.content.tips:
            speech.say(tip.text)
        return speech

    def single_tip(self, state: ConversationState, topic: str | None = None) -> Turn:
        """One tip: the one asked for by topic, else the next in turn."""
        tips = self.content.tips
        tip = self.content.tip(topic) if topic else None
        if tip is None:
            if state.tip_index >= len(tips):
                speech = Speech().say(self._t("tips.all_given", count=len(tips)))
                return self._answer(state.with_changes(tip_index=0).saying(Said.INFO), speech)
            tip = tips[state.tip_index]
            state = state.with_changes(tip_index=state.tip_index + 1)
        return self._tip_turn(state.saying(Said.TIP, tip.id))

    def _tip_turn(self, state: ConversationState) -> Turn:
        tip = self.content.tip(state.said_ref) or self.content.tips[0]
        speech = Speech().say(tip.text)
        if state.tip_index < len(self.content.tips):
            speech.say(self._t("tips.ask_another"))
            reprompt = self._speech("tips.reprompt_another")
            return Turn(state.asking(Pending.NEXT_TIP), speech, reprompt)
        speech.say(self._t("tips.all_given", count=len(self.content.tips)))
        return self._answer(state.with_changes(tip_index=0), speech)

    def closing_tips(self, state: ConversationState) -> Turn:
        """ "Ja" to the tips offered after the closing: all four, then goodbye."""
        speech = self._all_tips_speech().say(self._t("session.goodbye"))
        return Turn(state.saying(Said.ALL_TIPS), speech, end_session=True)

    # -- wellbeing -----------------------------------------------------------------------------
    def pain(self, state: ConversationState) -> Turn:
        """Stop at once; the guide waits until the person asks to go on."""
        if state.position is None:
            speech = self._speech("pain.before_start")
            return self._answer(state.saying(Said.PAIN), speech)
        speech = self._speech("pain.stop", "pain.doctor")
        if state.position == CLOSING:
            speech.say(self._t("pain.take_care"))
            return Turn(state.saying(Said.PAIN), speech, end_session=True)
        state = state.with_changes(pain_hold=True).saying(Said.PAIN, pending=Pending.CONTINUE)
        speech.say(self._t("pain.held", place=self.place(state.position or PREPARATION)))
        speech.say(self._t("pain.ask_gentler"))
        return Turn(state, speech, self._speech("pain.reprompt"))

    def breathing_exercise(self, state: ConversationState) -> Turn:
        practice = self.content.practice
        speech = self._speech("breathing.intro")
        speech.short_pause()
        cycles = breathing_cycles(practice.breathing_exercise_cycles, practice)
        speech.extend(cycles)
        speech.sound("chime")
        speech.say(self._t("breathing.outro"))
        turn = self._answer(state.saying(Said.BREATHING), speech)
        return replace(turn, practice_seconds=cycles.break_seconds)

    # -- stored data ---------------------------------------------------------------------------
    def ask_delete(self, state: ConversationState) -> Turn:
        """ "Lösche meine Daten": confirm first; the deletion itself is the handler's."""
        speech = self._speech("data.ask_delete")
        return Turn(state.asking(Pending.DELETE_DATA), speech, self._speech("data.reprompt_delete"))

    def deleted(self, state: ConversationState) -> Turn:
        """Everything is gone; the session ends so nothing is written again right away."""
        fresh = ConversationState()  # store_ok False: this response writes nothing back
        return Turn(fresh, self._speech("data.deleted", "session.goodbye"), end_session=True)

    def delete_failed(self, state: ConversationState) -> Turn:
        return self._answer(state.asking(Pending.NONE), self._speech("data.failed"))

    def keep_data(self, state: ConversationState) -> Turn:
        return self._answer(state.asking(Pending.NONE), self._speech("data.kept"))

    # -- yes and no ----------------------------------------------------------------------------
    def yes(self, state: ConversationState) -> Turn:
        pending = state.pending
        if pending is Pending.BEGIN or pending is Pending.RESTART:
            return self.begin(state)
        if pending is Pending.CONTINUE:
            return self.continue_guide(state)
        if pending is Pending.TIPS:
            return self.closing_tips(state)
        if pending is Pending.NEXT_TIP:
            return self.single_tip(state)
        if pending is Pending.RESUME_OR_RESTART:
            return self.resume(state)
        return self.what_now(state)

    def no(self, state: ConversationState) -> Turn:
        pending = state.pending
        if pending is Pending.BEGIN:
            speech = self._speech("launch.alternatives")
            reprompt = self._speech("launch.reprompt_alternatives")
            return Turn(state.asking(Pending.ALTERNATIVES), speech, reprompt)
        if pending is Pending.RESUME_OR_RESTART:
            return self.start_over(state.with_changes(resumable=None))
        if pending is Pending.NEXT_TIP:
            return self._answer(state.asking(Pending.NONE), self._speech("session.okay"))
        if pending is Pending.DELETE_DATA:
            return self.keep_data(state)
        if pending is Pending.CONTINUE and not state.pain_hold:
            return self.what_now(state)
        if pending is Pending.CONTINUE:
            return self.goodbye(state, "pain.take_care")
        return self.goodbye(state)

    def what_now(self, state: ConversationState) -> Turn:
        speech = self._speech("session.what_now")
        return Turn(state.asking(Pending.NONE), speech, self._speech("help.reprompt"))

    # -- help, fallback, goodbye ---------------------------------------------------------------
    def help(self, state: ConversationState) -> Turn:
        state = state.saying(Said.HELP)
        if state.position is None:  # then the offer to begin (or to resume, if stored)
            return self._answer(state, self._speech("help.at_launch"))
        if state.position == CLOSING:
            speech = self._speech("help.finished", "help.ask")
        else:
            speech = Speech().say(self._t("help.in_guide", place=self.place(state.position)))
            speech.say(self._t("help.ask"))
        return Turn(state.asking(Pending.NONE), speech, self._speech("help.reprompt"))

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
        return Turn(state, self._speech("fallback.not_understood", hint), self._speech(hint))

    def thanks(self, state: ConversationState) -> Turn:
        """ "Danke", "das war schön": a warm reply, then the natural next question."""
        return self._answer(state.saying(Said.INFO, "thanks"), self._speech("thanks.reply"))

    def goodbye(self, state: ConversationState, *before: str) -> Turn:
        speech = self._speech(*before, "session.goodbye")
        return Turn(state.asking(Pending.NONE), speech, end_session=True)

    def error(self, state: ConversationState) -> Turn:
        return Turn(state, self._speech("session.error"), self._speech("session.reprompt_error"))

    # -- repeat --------------------------------------------------------------------------------
    def repeat(self, state: ConversationState) -> Turn:
        """Say the last thing again, rebuilt from the state (nothing of SSML is stored)."""
        said, ref = state.said, state.said_ref
        if said is Said.STEP and state.position is not None:
            # Keep the pause/pain marks: repeating is not going on.
            turn = self.present(state, state.position)
            kept = turn.state.with_changes(paused=state.paused, pain_hold=state.pain_hold)
            return replace(turn, state=kept)
        faq_id, _, condition_id = ref.partition(".")
        if said is Said.FAQ and faq_id in self.content.faq:
            return self.faq(state, faq_id, condition_id or None)
        if said is Said.TIP and self.content.tip(ref) is not None:
            return self._tip_turn(state)
        if said is Said.ALL_TIPS:
            return self.all_tips(state)
        if said is Said.BREATHING:
            return self.breathing_exercise(state)
        if said is Said.PAIN:
            return self.pain(state)
        if said is Said.HELP:
            return self.help(state)
        if said is Said.INFO:
            return self._repeat_info(state)
        if said is Said.WELCOME or state.position is None:
            return self.launch(state)
        return self.present(state, state.position)

    def _repeat_info(self, state: ConversationState) -> Turn:
        ref = state.said_ref
        if ref == "duration":
            return self.how_long(state)
        if ref == "practice":
            return self._answer(state, self._practice_speech(state))
        if ref == "pause" and state.paused:
            return Turn(state, self._pause_speech(state), self._speech("pause.reprompt"))
        if ref == "finished":
            return self._finished_already(state)
        return self.where_am_i(state)
