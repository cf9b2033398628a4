"""``rueckenmassage chat``: talk to the real skill in the terminal, without an Echo.

Each typed line is recognised with the sentence templates (``resolver``), wrapped in a request
envelope like Alexa's (``envelopes``) and handed to the same entry point AWS Lambda calls
(``build_skill_builder().lambda_handler()``). The session attributes of each response go back
into the next request, as on a device.

Piped input works too and gives a readable transcript::

    printf 'starte rückenmassage\\nja\\nweiter\\n' | rueckenmassage chat
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from skill.chat import envelopes
from skill.chat.clock import ListeningClock
from skill.chat.resolver import ModelError, Resolution, Resolver
from skill.cli import CommandError
from skill.settings import Settings, SettingsError
from skill.ssml import to_display_text

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

PROMPT = "Sie: "
SESSION_ENDED = "[Sitzung beendet]"
# What an Echo says when the skill fails or answers with something invalid.
DEVICE_ERROR = "Beim Antworten des angeforderten Skills ist ein Problem aufgetreten."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--locale", default=envelopes.DEFAULT_LOCALE, help="request locale (default: de-DE)"
    )
    parser.add_argument(
        "--user-id",
        default=envelopes.DEFAULT_USER_ID,
        help="Alexa user id to send (stored progress is kept per user)",
    )
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="show resolved intents on stderr"
    )


def run(args: argparse.Namespace) -> int:
    application_id = skill_application_id()
    try:
        resolver = Resolver(args.locale, skill_id=application_id)
    except ModelError as error:
        raise CommandError(str(error)) from error
    console = Console(
        resolver,
        load_handler(),
        user_id=args.user_id,
        locale=args.locale,
        application_id=application_id,
        verbose=args.verbose,
    )
    console.run(sys.stdin, interactive=sys.stdin.isatty())
    return 0


def skill_application_id() -> str:
    """The skill id the skill will insist on (ALEXA_SKILL_ID), else the fake default.

    With ALEXA_SKILL_ID set the skill refuses requests for any other skill, so the console
    must send that id.
    """
    try:
        skill_id = Settings.from_env().skill_id
    except SettingsError as error:
        raise CommandError(str(error)) from error
    return skill_id or envelopes.DEFAULT_APPLICATION_ID


def load_handler() -> Handler:
    """The skill's Lambda entry point; imported here so a broken skill is a one-line error."""
    try:
        from skill.builder import build_skill_builder

        return build_skill_builder().lambda_handler()
    except Exception as error:  # any import or configuration failure of the skill
        raise CommandError(f"the skill cannot be built: {type(error).__name__}: {error}") from error


class Console:
    """The conversation loop, separate from stdin/stdout so tests can drive it."""

    def __init__(
        self,
        resolver: Resolver,
        handler: Handler,
        *,
        user_id: str = envelopes.DEFAULT_USER_ID,
        locale: str = envelopes.DEFAULT_LOCALE,
        application_id: str = envelopes.DEFAULT_APPLICATION_ID,
        verbose: bool = False,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        self.resolver = resolver
        self.session = envelopes.Session(
            handler, user_id=user_id, locale=locale, application_id=application_id
        )
        self.clock = ListeningClock()
        self.verbose = verbose
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr

    def run(self, lines: TextIO | Iterable[str], *, interactive: bool = False) -> None:
        """Handle every line until EOF, then let an open session time out."""
        for line in self._read(lines, interactive):
            self.say(line)
        if self.session.is_open:
            # The user stopped talking: Alexa reprompts, then gives up.
            # About 8 s of listening, the reprompt, and 8 s more.
            self._send(self.session.end("EXCEEDED_MAX_REPROMPTS", now=self.clock.wait(20)))
            self._print(SESSION_ENDED)

    def _read(self, lines: TextIO | Iterable[str], interactive: bool) -> Iterable[str]:
        if interactive:  # a prompt only where someone types
            while True:
                try:
                    yield input(PROMPT)
                except EOFError:
                    self._print("")
                    return
        for line in lines:
            line = line.rstrip("\r\n")
            if line.strip():
                self._print(f"{PROMPT}{line}")  # echo piped input, so the transcript reads well
            yield line

    def say(self, line: str) -> None:
        """One utterance: resolve it, send it, print Alexa's answer."""
        if not line.strip():
            return
        resolution = self.resolver.resolve(line, in_session=self.session.is_open)
        self._log(resolution)
        response = self._send(self._envelope(resolution))
        if response is None:
            self._print(f"Alexa: {DEVICE_ERROR}")
            self.session.close()
            self._print(SESSION_ENDED)
            return
        self.clock.answered(response)
        self._print_response(response)
        if not self.session.is_open:
            self._print(SESSION_ENDED)

    def _envelope(self, resolution: Resolution) -> dict[str, Any]:
        now = self.clock.next_request()
        if resolution.kind == "launch":
            return self.session.launch(now=now)
        assert resolution.intent is not None
        # Without an open session any utterance is a one-shot in a new session.
        return self.session.intent(
            resolution.intent, resolution.slots, new_session=resolution.new_session, now=now
        )

    def _send(self, envelope: dict[str, Any]) -> dict[str, Any] | None:
        """Send through the session; None when the skill raised (reported on stderr)."""
        try:
            return self.session.send(envelope)
        except Exception as error:  # the skill failed: a device says so and ends the session
            print(f"[Fehler im Skill: {type(error).__name__}: {error}]", file=self.err)
            return None

    def _print_response(self, response: dict[str, Any]) -> None:
        body = response.get("response") or {}
        speech = _display(body.get("outputSpeech"))
        if speech:
            self._print(f"Alexa: {speech}")
        if self.verbose:
            reprompt = _display((body.get("reprompt") or {}).get("outputSpeech"))
            if reprompt:
                print(f"  [Reprompt: {reprompt}]", file=self.err)

    def _log(self, resolution: Resolution) -> None:
        if not self.verbose:
            return
        if resolution.kind == "launch":
            print("  [LaunchRequest]", file=self.err)
            return
        filled = {
            name: slot.get("value") for name, slot in resolution.slots.items() if "value" in slot
        }
        new = " (neue Sitzung)" if resolution.new_session or not self.session.is_open else ""
        sample = f" <- {resolution.sample!r}" if resolution.sample else ""
        print(f"  [{resolution.intent} {filled}{new}{sample}]", file=self.err)

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def _display(output_speech: dict[str, Any] | None) -> str:
    """Readable text of an outputSpeech object (SSML or plain text)."""
    if not output_speech:
        return ""
    if output_speech.get("type") == "PlainText":
        return " ".join(str(output_speech.get("text", "")).split())
    ssml = output_speech.get("ssml")
    if not ssml:
        return ""
    try:
        return to_display_text(ssml)
    except ET.ParseError:  # Alexa would reject it; show it raw so the fault is visible
        return f"[ungültiges SSML] {ssml}"
