"""Reminders, as the conversation says them: the offer after a completed massage, asking for
a time, the confirmation ("jeden Tag um neunzehn Uhr"), the list, the consent and the problems.

Pure like the rest of the model: the handlers (skill/handlers/reminders.py) call the Reminders
API and pass in what came back; the answers here decide what is said and asked next.
"""

from __future__ import annotations

from dataclasses import replace

from skill.conversation.part import Part
from skill.conversation.turn import Turn
from skill.conversation.voice import number_words
from skill.habit import local_now
from skill.reminder_spec import ReminderSpec, joined_refs, rounded_time, specs_of
from skill.ssml import Speech
from skill.state import ConversationState, Pending, ReminderOffer, Said

# What the person did to get a reminder: asked for one, said yes to the offer, or changed one.
ASKED, OFFERED, CHANGED = "ask", "offer", "change"
# Problems, as ``said_ref`` for "wiederholen" (the ApiFailure values, and the consent answers),
# with what is said.
PROBLEMS = {
    "no_permission": "reminders.no_permission",
    "unavailable": "reminders.unavailable",
    "refused": "reminders.refused",
    "denied": "reminders.denied",
    "not_answered": "reminders.not_answered",
    "impossible": "reminders.impossible",
}
# How days are said: a group ("jeden Tag", "werktags") or each day ("montags").
GROUP_KEYS = {
    "daily": "schedule.daily",
    "weekdays": "schedule.weekdays",
    "weekend": "schedule.weekend",
}
DAY_KEYS = {
    "MO": "schedule.mo",
    "TU": "schedule.tu",
    "WE": "schedule.we",
    "TH": "schedule.th",
    "FR": "schedule.fr",
    "SA": "schedule.sa",
    "SU": "schedule.su",
}


class Reminders(Part):
    # -- words ---------------------------------------------------------------------------------
    def schedule(self, state: ConversationState, spec: ReminderSpec) -> str:
        """ "jeden Tag um neunzehn Uhr", "montags und donnerstags um acht Uhr dreißig"."""
        return self.line(
            state, "schedule.combined", days=self._days(state, spec), time=self._time(state, spec)
        )

    def _days(self, state: ConversationState, spec: ReminderSpec) -> str:
        group = GROUP_KEYS.get(spec.ref.split("-", 1)[1])
        if group is not None:
            return self.line(state, group)
        words = [self.line(state, DAY_KEYS[code]) for code in spec.ordered_days]
        if len(words) == 1:
            return words[0]
        return self.line(state, "schedule.and", first=", ".join(words[:-1]), last=words[-1])

    def _time(self, state: ConversationState, spec: ReminderSpec) -> str:
        hour = self.line(state, "schedule.hour_one") if spec.hour == 1 else number_words(spec.hour)
        if spec.minute == 0:
            return self.line(state, "schedule.at_hour", hour=hour)
        return self.line(state, "schedule.at_hour_minute", hour=hour, minute=spec.minute)

    def alert_text(self, state: ConversationState) -> str:
        """What the reminder itself says when it rings."""
        return self.line(state, "reminders.alert_text")

    # -- the offer after a completed massage -------------------------------------------------
    def offer_spec(self, state: ConversationState) -> ReminderSpec:
        """Every day at the time of this request, on the nearest half hour."""
        return ReminderSpec(*rounded_time(local_now(state.clock)))

    def offer(self, state: ConversationState, speech: Speech) -> Turn:
        """``speech``, then "Soll ich Sie ab morgen jeden Tag um neunzehn Uhr erinnern?" """
        spec = self.offer_spec(state)
        state = state.with_changes(reminder=spec.ref).asking(Pending.REMINDER_OFFER)
        speech.say(self.line(state, "reminders.offer", time=self._time(state, spec)))
        reprompt = Speech().say(
            self.line(state, "reminders.reprompt_offer", time=self._time(state, spec))
        )
        return self.voice.reply(state, speech, reprompt)

    def decline(self, state: ConversationState) -> Turn:
        """ "Nein" to the offer: remembered for good, then the tips after the closing."""
        state = state.with_changes(reminder_offer=ReminderOffer.DECLINED, reminder="")
        return self._then_tips(
            state.saying(Said.REMINDER_DECLINED), self.speech(state, "reminders.declined")
        )

    def skip_offer(self, state: ConversationState) -> Turn:
        """ "Weiter" at the offer: on to the tips, the offer unanswered."""
        return self._then_tips(state.with_changes(reminder=""), Speech())

    def _then_tips(self, state: ConversationState, speech: Speech) -> Turn:
        speech.say(self.line(state, "guide.ask_tips", count=len(self.content.tips)))
        reprompt = self.speech(state, "guide.reprompt_tips")
        return self.voice.reply(state.asking(Pending.TIPS), speech, reprompt)

    def _next(
        self, state: ConversationState, speech: Speech, said: Said, ref: str, origin: str
    ) -> Turn:
        """After an answer about reminders: the tips after an offer, else the natural question."""
        if origin == OFFERED:
            return self._then_tips(state.saying(said, ref), speech)
        return self.guide.flow.answer(state, speech, said, ref)

    # -- setting one up ------------------------------------------------------------------------
    def ask_time(self, state: ConversationState, spec_days: str, origin: str = ASKED) -> Turn:
        """ "Um wie viel Uhr soll ich Sie erinnern?"; ``spec_days`` (a ref: its days count)
        waits in the state, and what it was for (``origin``) in ``said_ref``."""
        state = state.with_changes(reminder=spec_days).saying(
            Said.REMINDER_ASK_TIME, origin, pending=Pending.REMINDER_TIME
        )
        return self.voice.reply(
            state,
            self.speech(state, "reminders.ask_time"),
            self.speech(state, "reminders.reprompt_time"),
        )

    def pending_days(self, state: ConversationState) -> frozenset[str] | None:
        """The days named before "Um wie viel Uhr?" was asked, while that question is open."""
        if state.pending is not Pending.REMINDER_TIME:
            return None
        specs = specs_of(state.reminder)
        return specs[0].days if specs else None

    def ask_consent(self, state: ConversationState, token: str) -> Turn:
        """The lead-in to Alexa's own question for the permission (the session hands over)."""
        state = state.saying(Said.REMINDER_PROBLEM, "no_permission")
        turn = self.voice.reply(state, self.speech(state, "reminders.consent_lead"), end=True)
        return replace(turn, consent_token=token)

    def confirmed(
        self,
        state: ConversationState,
        specs: tuple[ReminderSpec, ...],
        origin: str,
        *,
        already: bool = False,
    ) -> Turn:
        key = (
            "reminders.already_set"
            if already
            else "reminders.changed"
            if origin == CHANGED
            else "reminders.set"
        )
        said = Said.REMINDER_CHANGED if origin == CHANGED else Said.REMINDER_SET
        schedules = self._schedules(state, specs)
        state = state.with_changes(
            reminder=joined_refs(specs), reminder_offer=ReminderOffer.ACCEPTED
        )
        speech = Speech().say(self.line(state, key, schedule=schedules))
        return self._next(state, speech, said, "", origin)

    def _schedules(self, state: ConversationState, specs: tuple[ReminderSpec, ...]) -> str:
        words = [self.schedule(state, spec) for spec in specs]
        if len(words) == 1:
            return words[0]
        return self.line(state, "schedule.and", first=", ".join(words[:-1]), last=words[-1])

    def problem(self, state: ConversationState, kind: str, origin: str = ASKED) -> Turn:
        """One calm sentence; the session goes on. ``no_permission`` also sends the card."""
        speech = self.speech(state, PROBLEMS[kind])
        if kind == "denied" and origin == OFFERED:
            state = state.with_changes(reminder_offer=ReminderOffer.DECLINED)
        turn = self._next(state, speech, Said.REMINDER_PROBLEM, kind, origin)
        return replace(turn, permission_card=kind == "no_permission")

    # -- listing, changing, deleting -----------------------------------------------------------
    def listed(self, state: ConversationState, specs: tuple[ReminderSpec, ...], count: int) -> Turn:
        """The skill's reminders ("Ich erinnere Sie jeden Tag um neunzehn Uhr.")."""
        state = state.with_changes(reminder=joined_refs(specs))
        if count == 0:
            speech = self.speech(state, "reminders.none")
        elif count == 1 and specs:
            speech = Speech().say(
                self.line(state, "reminders.one", schedule=self.schedule(state, specs[0]))
            )
        else:
            speech = Speech().say(self.line(state, "reminders.count", count=count))
            if specs:
                speech.say(
                    self.line(state, "reminders.one", schedule=self._schedules(state, specs))
                )
        return self.guide.flow.answer(state, speech, Said.REMINDER_LIST)

    def repeat_list(self, state: ConversationState) -> Turn:
        specs = specs_of(state.reminder)
        return self.listed(state, specs, len(specs))

    def deleted(self, state: ConversationState, count: int) -> Turn:
        key = "reminders.deleted" if count else "reminders.nothing_to_delete"
        ref = "some" if count else "none"
        return self.guide.flow.answer(state, self.speech(state, key), Said.REMINDER_DELETED, ref)

    def repeat_deleted(self, state: ConversationState) -> Turn:
        return self.deleted(state, 0 if state.said_ref == "none" else 1)

    def nothing_to_change(self, state: ConversationState) -> Turn:
        return self.guide.flow.answer(
            state, self.speech(state, "reminders.nothing_to_change"), Said.REMINDER_LIST
        )

    # -- "wiederholen" -------------------------------------------------------------------------
    def repeat_confirmation(self, state: ConversationState) -> Turn:
        specs = specs_of(state.reminder)
        origin = CHANGED if state.said is Said.REMINDER_CHANGED else ASKED
        return self.confirmed(state, specs, origin) if specs else self.repeat_list(state)

    def repeat_problem(self, state: ConversationState) -> Turn:
        kind = state.said_ref if state.said_ref in PROBLEMS else "unavailable"
        return self.problem(state, kind)

    def repeat_ask_time(self, state: ConversationState) -> Turn:
        origin = CHANGED if state.said_ref == CHANGED else ASKED
        return self.ask_time(state, state.reminder, origin)

    def time_asked_for(self, state: ConversationState) -> str | None:
        """While "Um wie viel Uhr?" is open: what the time is for (``ASKED`` or ``CHANGED``)."""
        if state.pending is not Pending.REMINDER_TIME:
            return None
        return CHANGED if state.said_ref == CHANGED else ASKED
