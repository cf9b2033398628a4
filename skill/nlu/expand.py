"""Expand templates into sample utterances, keeping slot references as ``{slot}``.

Alexa wants every phrasing spelled out; hassil's sampler does the spelling out. Lists stay
references (``{stepNumber}``), since they are slots in the interaction model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hassil import Intents
from hassil.sample import sample_expression

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, order=True)
class Sample:
    text: str  # lowercase, single spaces, slots as {name}

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(_SLOT.findall(self.text))


def tidy(text: str) -> str:
    """Lowercase with single spaces, as samples are written; slot names keep their case."""
    parts = _SLOT.split(text)  # text, slot name, text, ...
    lowered = "".join(
        part.lower() if index % 2 == 0 else "{" + part + "}" for index, part in enumerate(parts)
    )
    return " ".join(lowered.split())


def expand_intent(intents: Intents, intent_name: str) -> list[Sample]:
    """Every sample of one intent, deduplicated and sorted."""
    texts: set[str] = set()
    for data in intents.intents[intent_name].data:
        rules = {**intents.expansion_rules, **data.expansion_rules}
        lists = {**intents.slot_lists, **data.slot_lists}
        for sentence in data.sentences:
            for text in sample_expression(sentence.expression, lists, rules, expand_lists=False):
                tidied = tidy(text)
                if tidied:
                    texts.add(tidied)
    return [Sample(text) for text in sorted(texts)]


def expand_list_values(intents: Intents, list_name: str) -> dict[str, list[str]]:
    """A text list's spoken forms per value id (``out``), in the order written."""
    values: dict[str, list[str]] = {}
    for value in intents.slot_lists[list_name].values:  # type: ignore[attr-defined]
        spoken = [tidy(text) for text in sample_expression(value.text_in, expand_lists=False)]
        value_id = str(value.value_out if value.value_out is not None else spoken[0])
        forms = values.setdefault(value_id, [])
        forms.extend(form for form in spoken if form and form not in forms)
    return values
