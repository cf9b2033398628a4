"""A built-in intent's own phrasings: ``NextPhrasesIntent`` is ``AMAZON.NextIntent``.

Alexa's built-in intents accept samples but no slots; the phrasings that use slots (fillers
such as "okay, weiter bitte") come in a custom intent named after the built-in
(``skill.intents.phrases_intent``). Renaming it here, before any handler looks, lets every
handler, interceptor and test speak of the built-in intent only.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest

from skill.intents import built_in_of


class BuiltInPhrasesInterceptor(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        intent = getattr(request, "intent", None) if isinstance(request, IntentRequest) else None
        name = getattr(intent, "name", None)
        if isinstance(name, str):
            intent.name = built_in_of(name)
