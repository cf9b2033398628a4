"""Lambda figures against the hello-world skill on the same SDK, printed, never asserted.

    python benchmarks/bench_skill.py [--rounds 7] [--conversations 300] [--cold-runs 12]

- per request through ``lambda_handler``: a launch plus one intent, as the ASK samples write
  them (hello world: LaunchRequest, HelloWorldIntent; the skill: LaunchRequest, "ja"), both
  fed the same prepared events; rounds alternate between the two skills, and each round's
  ratio is reported, so a busy machine shows as spread rather than as a wrong ratio;
- cold start: a fresh interpreter importing the Lambda entry module and answering its first
  LaunchRequest (what AWS Lambda pays), alternating the two skills, bytecode compiled first
  for both (``make bench`` runs ``compileall``);
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
sys.path.insert(0, {path!r})
import {module} as entry
from skill.chat import envelopes
event = envelopes.launch_request()
answer = entry.lambda_handler(event, None)
elapsed = time.perf_counter() - started
import resource
print(json.dumps([elapsed, "outputSpeech" in answer["response"]]))
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
        for number in range(conversations):
            user = f"amzn1.ask.account.BENCH{number:05d}"
            launch = envelopes.launch_request(user_id=user)
            answer = handler(json.loads(json.dumps(launch)), None)
            intent = envelopes.intent_request(
                SKILLS[name]["intent"], user_id=user,
                session_attributes=answer.get("sessionAttributes"),
            )
            pairs[name].append((launch, intent))
    return pairs


def _handlers() -> dict[str, object]:
    import hello_lambda
    import lambda_function

    return {"hello": hello_lambda.lambda_handler, "skill": lambda_function.lambda_handler}


def per_request(rounds: int, conversations: int) -> None:
    handlers = _handlers()
    events = prepared_events(conversations)
    medians: dict[str, list[float]] = {name: [] for name in handlers}
    samples: dict[str, list[float]] = {name: [] for name in handlers}
    for round_number in range(rounds + 1):  # round 0 warms up
        for name in (("hello", "skill") if round_number % 2 else ("skill", "hello")):
            handler = handlers[name]
            these = []
            for launch, intent in events[name]:
                first = time.perf_counter()
                handler(launch, None)
                second = time.perf_counter()
                handler(intent, None)
                these += [second - first, time.perf_counter() - second]
            if round_number:
                samples[name] += these
                medians[name].append(statistics.median(these))
    # Medians, not means: on a shared machine a request that was descheduled for 10 ms says
    # nothing about the skill, and means follow such outliers.
    pairs = zip(medians["skill"], medians["hello"], strict=True)
    ratios = [skill / hello for skill, hello in pairs]
    print(f"lambda_handler, launch + one intent, {conversations} conversations x {rounds} rounds:")
    for name in handlers:
        ordered = sorted(samples[name])
        p99 = ordered[int(len(ordered) * 0.99)]
        print(f"  {name:6s} median {statistics.median(ordered) * 1000:.3f} ms/request "
              f"(rounds {min(medians[name]) * 1000:.3f}..{max(medians[name]) * 1000:.3f}), "
              f"mean {statistics.fmean(ordered) * 1000:.3f} ms, p99 {p99 * 1000:.3f} ms")
    print(f"  skill / hello (per-round medians): {spread(ratios)}   (target <= 1.5x)")


def _run(code: str, skill: str) -> object:
    env = dict(os.environ, RUECKENMASSAGE_STORE="memory://")
    result = subprocess.run(
        [sys.executable, "-c", code.format(**SKILLS[skill])],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def cold_start(runs: int) -> None:
    times: dict[str, list[float]] = {"hello": [], "skill": []}
    for number in range(runs):
        for name in (("hello", "skill") if number % 2 else ("skill", "hello")):
            elapsed, spoke = _run(COLD, name)  # type: ignore[misc]
            assert spoke
            times[name].append(elapsed)
    ratios = [skill / hello for skill, hello in zip(times["skill"], times["hello"], strict=True)]
    print(f"cold start (fresh interpreter: import + first LaunchRequest), {runs} runs each:")
    for name, values in times.items():
        print(f"  {name:6s} median {statistics.median(values) * 1000:.0f} ms "
              f"[{min(values) * 1000:.0f}..{max(values) * 1000:.0f}]")
    print(f"  skill / hello: {spread(ratios)}   (target <= 1.25x; ratio of medians "
          f"{statistics.median(times['skill']) / statistics.median(times['hello']):.2f}x)")


def memory() -> None:
    sizes = {name: _run(MEMORY, name) for name in SKILLS}
    print("resident memory after 4,000 requests: "
          + ", ".join(f"{name} {kib / 1024:.1f} MiB" for name, kib in sizes.items()))  # type: ignore[operator]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--cold-runs", type=int, default=12)
    args = parser.parse_args()
    os.environ["RUECKENMASSAGE_STORE"] = "memory://"
    per_request(args.rounds, args.conversations)
    cold_start(args.cold_runs)
    memory()


if __name__ == "__main__":
    main()
