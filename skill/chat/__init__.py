"""The console simulator (``rueckenmassage chat``) and the pieces it is built from.

- ``envelopes``: request envelopes shaped like the ones Alexa sends (also used by tests).
- ``resolver``: turns one typed German utterance into a launch or an intent with slots,
  using the skill's interaction model, roughly the way a device would.
- ``console``: the ``chat`` sub-command that ties both to the real skill.

Nothing is imported here, so ``import skill.chat.envelopes`` stays cheap and does not need the
optional ``text2num`` dependency that the resolver uses.
"""
