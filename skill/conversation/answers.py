"""Questions and tips: the guide's FAQ, the tips (all, one by one, by topic), where am I."""

from __future__ import annotations

from dataclasses import replace

from skill.conversation.part import Part
from skill.conversation.turn import Turn
from skill.conversation.voice import number_words
from skill.ssml import Speech
from skill.state import CLOSING, PREPARATION, STEP_COUNT, ConversationState, Pending, Said


class Answers(Part):
    # -- the FAQ -------------------------------------------------------------------------------
    def faq(self, state: ConversationState, faq_id: str, condition_id: str | None = None) -> Turn:
        """An FAQ answer; for a named condition the guide does not cover ("Bandscheibenvorfall")
        the answer is followed by the advice to ask a doctor first."""
        faq = self.content.faq[faq_id]
        condition = faq.condition(condition_id)
        answer = list(faq.answer)
        if condition is not None and condition.advice is not None:
            answer.append(condition.advice)
        ref = f"{faq_id}.{condition.id}" if condition is not None else faq_id
        turn = self.guide.flow.answer(state, Speech().sentences(answer), Said.FAQ, ref)
        return replace(turn, card=(faq.question, " ".join(answer)))

    def repeat_faq(self, state: ConversationState) -> Turn:
        faq_id, _, condition_id = state.said_ref.partition(".")
        if faq_id not in self.content.faq:  # a reference from an older content version
            return self.where_am_i(state)
        return self.faq(state, faq_id, condition_id or None)

    # -- tips ----------------------------------------------------------------------------------
    @property
    def _all_heard(self) -> int:
        return (1 << len(self.content.tips)) - 1

    def all_tips(self, state: ConversationState) -> Turn:
        return self.guide.flow.answer(state, self._all_tips_speech(state), Said.ALL_TIPS)

    def _all_tips_speech(self, state: ConversationState) -> Speech:
        tips = self.content.tips
        intro = self.content.tips_intro.format(count=number_words(len(tips)))
        return Speech().say(intro).sentences([tip.text for tip in tips])

    def single_tip(self, state: ConversationState, topic: str | None = None) -> Turn:
        """One tip: the one asked for by topic, else the first one not given yet (after the
        last one, a new round from the first)."""
        tips = self.content.tips
        heard = state.tips_heard if state.tips_heard != self._all_heard else 0
        index = next((i for i, tip in enumerate(tips) if tip.id == topic), None)
        if index is None:
            index = next(i for i in range(len(tips)) if not heard >> i & 1)
        heard |= 1 << index
        return self.tip_turn(state.with_changes(tips_heard=heard).saying(Said.TIP, tips[index].id))

    def tip_turn(self, state: ConversationState) -> Turn:
        """The tip ``said_ref``, then "noch einen?" while some were not given yet."""
        tip = self.content.tip(state.said_ref) or self.content.tips[0]
        speech = Speech().say(tip.text)
        if state.tips_heard & self._all_heard != self._all_heard:
            speech.say(self.line(state, "tips.ask_another"))
            reprompt = self.speech(state, "tips.reprompt_another")
            return self.voice.reply(state.asking(Pending.NEXT_TIP), speech, reprompt)
        speech.say(self.line(state, "tips.all_given", count=len(self.content.tips)))
        return self.guide.flow.answer(state, speech, Said.TIP, tip.id)

    def closing_tips(self, state: ConversationState) -> Turn:
        """ "Ja" to the tips offered after the closing: all of them, then goodbye."""
        speech = self._all_tips_speech(state).say(self.line(state, "session.goodbye"))
        return self.voice.reply(state.saying(Said.ALL_TIPS), speech, end=True)

    # -- where am I ----------------------------------------------------------------------------
    def where_am_i(self, state: ConversationState) -> Turn:
        return self.guide.flow.answer(state, self._where_speech(state), Said.WHERE)

    def _where_speech(self, state: ConversationState) -> Speech:
        position = state.position
        if position is None:
            return self.speech(state, "status.not_started")
        if position == PREPARATION:
            speech = self.speech(state, "status.at_preparation")
        elif position == CLOSING:
            speech = Speech().say(self.line(state, "status.at_closing", total=STEP_COUNT))
        else:
            name = self.content.step(position).spoken
            speech = Speech().say(
                self.line(state, "status.at_step", number=position, total=STEP_COUNT, name=name)
            )
        if state.paused:
            speech.say(self.line(state, "status.paused"))
        return speech
