"""Lambda figures against the hello-world skill on the same SDK, printed, never asserted.

    python benchmarks/bench_skill.py [--rounds 7] [--conversations 300] [--cold-runs 12]

- per request through ``lambda_handler``: a launch plus one intent, as the ASK samples write
  them (hello world: LaunchRequest, HelloWorldIntent; the skill: LaunchRequest, "ja"), both
  fed the same prepared events; rounds alternate between the two skills, and each round's
  ratio is reported, so a busy machine shows as spread rather than as a wrong ratio; the
  skill once more on a screen device (Echo Show: the same events with ``Alexa.Presentation.APL``
  supported, so each answer carries its RenderDocument directive, and "ja" is the
  preparation with its practice countdown, docs/screens.md);
- cold start: a fresh interpreter importing the Lambda entry module and answering its first
  LaunchRequest (what AWS Lambda pays), alternating the two skills, bytecode compiled first
  for both (``make bench`` runs ``compileall``).

Both are measured twice: as CPU time of the process (``time.process_time``), which other
programs on a shared machine hardly change, and as wall time, which they do (a request that
waited 10 ms for a core says nothing about the skill). The CPU figures are the ones to
compare; the wall figures show how noisy the machine was.
- memory: the resident size of a process that has answered many requests.

The skill uses ``RUECKENMASSAGE_STORE=memory://`` here, so the figures are the skill's own
work; the hello-world skill stores nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "lambda")]

COLD = """
import sys, time, json
started = time.perf_counter()
cpu_started = time.process_time()
sys.path.insert(0, {path!r})
import {module} as entry
from skill.chat import envelopes
event = envelopes.launch_request()
answer = entry.lambda_handler(event, None)
elapsed = time.perf_counter() - started
cpu = time.process_time() - cpu_started
print(json.dumps([elapsed, cpu, "outputSpeech" in answer["response"]]))
"""
MEMORY = """
import json, resource, sys
sys.path.insert(0, {path!r})
import {module} as entry
from skill.chat import envelopes
for number in range(2000):
    user = f"amzn1.ask.account.MEM{{number:05d}}"
    answer = entry.lambda_handler(envelopes.launch_request(user_id=user), None)
    entry.lambda_handler(envelopes.intent_request({intent!r}, user_id=user,
        session_attributes=answer.get("sessionAttributes")), None)
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""
SKILLS = {
    "hello": {"path": str(HERE), "module": "hello_lambda", "intent": "HelloWorldIntent"},
    "skill": {"path": str(ROOT / "lambda"), "module": "lambda_function",
              "intent": "AMAZON.YesIntent"},
}


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}x [{min(values):.2f}..{max(values):.2f}]"


def prepared_events(conversations: int) -> dict[str, list[tuple[dict, dict]]]:
    """Per skill: (launch, intent) event pairs, the intent carrying what the launch returned."""
    from skill.chat import envelopes

    handlers = _handlers()
    pairs: dict[str, list[tuple[dict, dict]]] = {}
    for name, handler in handlers.items():
        pairs[name] = []
        skill = "skill" if name == "screen" else name
        device = {"supported_interfaces": envelopes.APL_INTERFACE} if name == "screen" else {}
        for number in range(conversations):
            user = f"amzn1.ask.account.BENCH{number:05d}"
            launch = envelopes.launch_request(user_id=user, **device)
            answer = handler(json.loads(json.dumps(launch)), None)
            intent = envelopes.intent_request(
                SKILLS[skill]["intent"], user_id=user,
                session_attributes=answer.get("sessionAttributes"), **device,
            )
            pairs[name].append((launch, intent))
    return pairs


def _handlers() -> dict[str, object]:
    import hello_lambda
    import lambda_function

    # "screen": the same skill, fed events from a device with APL (its own prepared events).
    return {"hello": hello_lambda.lambda_handler, "skill": lambda_function.lambda_handler,
            "screen": lambda_function.lambda_handler}


def per_request(rounds: int, conversations: int) -> None:
    handlers = _handlers()
    events = prepared_events(conversations)
    cpu: dict[str, list[float]] = {name: [] for name in handlers}
    wall: dict[str, list[float]] = {name: [] for name in handlers}
    order = list(handlers)
    for round_number in range(rounds + 1):  # round 0 warms up
        shift = round_number % len(order)  # each round starts with another one
        for name in order[shift:] + order[:shift]:
            handler = handlers[name]
            wall_started, cpu_started = time.perf_counter(), time.process_time()
            for launch, intent in events[name]:
                handler(launch, None)
                handler(intent, None)
            if round_number:
                count = 2 * len(events[name])
                cpu[name].append((time.process_time() - cpu_started) / count)
                wall[name].append((time.perf_counter() - wall_started) / count)
    print(f"lambda_handler, launch + one intent, {conversations} conversations x {rounds} rounds:")
    for name in handlers:
        print(f"  {name:6s} CPU {statistics.median(cpu[name]) * 1000:.3f} ms/request "
              f"[{min(cpu[name]) * 1000:.3f}..{max(cpu[name]) * 1000:.3f}], wall "
              f"{statistics.median(wall[name]) * 1000:.3f} ms "
              f"[{min(wall[name]) * 1000:.3f}..{max(wall[name]) * 1000:.3f}]")
    for label, values in (("CPU", cpu), ("wall", wall)):
        pairs = zip(values["skill"], values["hello"], strict=True)
        print(f"  skill / hello ({label}, per round): {spread([a / b for a, b in pairs])}"
              + ("   (target <= 1.5x)" if label == "CPU" else ""))
    for label, values in (("CPU", cpu), ("wall", wall)):
        screen = values["screen"]
        over_hello = spread([a / b for a, b in zip(screen, values["hello"], strict=True)])
        over_voice = spread([a / b for a, b in zip(screen, values["skill"], strict=True)])
        print(f"  screen / hello ({label}, per round): {over_hello}; "
              f"screen / skill without screen: {over_voice}")


def _run(code: str, skill: str) -> object:
    env = dict(os.environ, RUECKENMASSAGE_STORE="memory://")
    result = subprocess.run(
        [sys.executable, "-c", code.format(**SKILLS[skill])],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def cold_start(runs: int) -> None:
    wall: dict[str, list[float]] = {"hello": [], "skill": []}
    cpu: dict[str, list[float]] = {"hello": [], "skill": []}
    for number in range(runs):
        for name in (("hello", "skill") if number % 2 else ("skill", "hello")):
            elapsed, used, spoke = _run(COLD, name)  # type: ignore[misc]
            assert spoke
            wall[name].append(elapsed)
            cpu[name].append(used)
    print(f"cold start (fresh interpreter: import + first LaunchRequest), {runs} runs each:")
    for name in wall:
        print(f"  {name:6s} CPU median {statistics.median(cpu[name]) * 1000:.0f} ms "
              f"[{min(cpu[name]) * 1000:.0f}..{max(cpu[name]) * 1000:.0f}], wall median "
              f"{statistics.median(wall[name]) * 1000:.0f} ms "
              f"[{min(wall[name]) * 1000:.0f}..{max(wall[name]) * 1000:.0f}]")
    for label, values in (("CPU", cpu), ("wall", wall)):
        pairs = zip(values["skill"], values["hello"], strict=True)
        ratio = statistics.median(values["skill"]) / statistics.median(values["hello"])
        print(f"  skill / hello ({label}): ratio of medians {ratio:.2f}x, per pair "
              f"{spread([a / b for a, b in pairs])}"
              + ("   (target <= 1.25x)" if label == "CPU" else ""))


def memory() -> None:
    sizes = {name: _run(MEMORY, name) for name in SKILLS}
    print("resident memory after 4,000 requests: "
          + ", ".join(f"{name} {kib / 1024:.1f} MiB" for name, kib in sizes.items()))  # type: ignore[operator]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--cold-runs", type=int, default=25)
    args = parser.parse_args()
    os.environ["RUECKENMASSAGE_STORE"] = "memory://"
    per_request(args.rounds, args.conversations)
    cold_start(args.cold_runs)
    memory()


if __name__ == "__main__":
    main()
