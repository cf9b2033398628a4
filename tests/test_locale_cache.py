"""Locales are normalised to the supported set before anything is cached (issue 10, finding 7).

Before, ``functools.cache`` on ``guide_for(locale)`` kept one guide per distinct locale string
a request carried: 1,000 made-up locales added 57 MB.
"""

from __future__ import annotations

import gc
import tracemalloc

from skill.chat import envelopes as env
from skill.content import LOCALES
from skill.handlers import base


def test_unique_locales_do_not_grow_memory(handler) -> None:
    for locale in LOCALES:  # warm every supported locale first
        handler(env.launch_request(locale=locale), None)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for number in range(200):
            # Alexa never sends such a locale; a forged request can (up to the body limit).
            handler(env.launch_request(locale=f"xx-{number:04d}" + "x" * 10_000), None)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # Each locale string used to stay in the cache as a key: about 2 MB here.
    assert grown < 500_000, f"{grown} bytes kept after 200 unknown locales"


def test_every_locale_string_maps_to_a_supported_guide() -> None:
    guides = {id(base.guide_for(locale)) for locale in [*LOCALES, "xx-0001", "", None, "de"]}
    assert len(guides) <= len(set(LOCALES.values()))
