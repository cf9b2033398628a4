"""Figures for the skill's speed and memory, printed, not asserted (a busy machine would flake).

    .venv/bin/python benchmarks/bench_skill.py [--requests 500]

- cold start: importing ``lambda/lambda_function.py`` in a fresh interpreter (what AWS Lambda
  pays on a cold start), median of several runs;
- request latency through ``lambda_handler`` for a launch, a massage step and an FAQ answer,
  and the same step on a screen device (APL directive);
- the resident memory of a process that has built the skill and answered requests.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLD_START = (
    "import sys, time; t = time.perf_counter(); sys.path.insert(0, {lam!r}); "
    "import lambda_function; print(time.perf_counter() - t)"
)


def cold_start_seconds(runs: int) -> list[float]:
    env = dict(os.environ, RUECKENMASSAGE_STORE="memory://")
    code = COLD_START.format(lam=str(ROOT / "lambda"))
    return [
        float(
            subprocess.run(
                [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(runs)
    ]


def request_latencies(requests: int) -> dict[str, list[float]]:
    os.environ["RUECKENMASSAGE_STORE"] = "memory://"
    from skill.builder import build_skill_builder
    from skill.chat import envelopes as env
    from skill.settings import Settings
    from skill.state import SESSION_KEY, ConversationState, Pending

    handler = build_skill_builder(Settings()).lambda_handler()
    in_step = {SESSION_KEY: ConversationState().at(3).asking(Pending.CONTINUE).to_attributes()}
    cases = {
        "launch": lambda: env.launch_request(),
        "next step (30 s practice)": lambda: env.intent_request(
            "AMAZON.NextIntent", session_attributes=in_step
        ),
        "FAQ answer": lambda: env.intent_request("FaqAidsIntent", session_attributes=in_step),
        # The same step on an Echo Show: the RenderDocument directive on top (docs/screens.md).
        "next step on a screen device": lambda: env.intent_request(
            "AMAZON.NextIntent",
            session_attributes=in_step,
            supported_interfaces=env.APL_INTERFACE,
        ),
    }
    timings: dict[str, list[float]] = {}
    for name, make in cases.items():
        samples = []
        for _ in range(requests):
            envelope = make()
            started = time.perf_counter()
            handler(envelope, None)
            samples.append(time.perf_counter() - started)
        timings[name] = samples
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()

    cold = cold_start_seconds(args.cold_runs)
    print(
        f"cold start (import lambda_function): median {statistics.median(cold) * 1000:.0f} ms"
        f" over {len(cold)} runs (min {min(cold) * 1000:.0f} ms)"
    )
    for name, samples in request_latencies(args.requests).items():
        ordered = sorted(samples)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        print(
            f"{name:28s} median {statistics.median(samples) * 1000:6.2f} ms   "
            f"p95 {p95 * 1000:6.2f} ms   ({len(samples)} requests)"
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory of this process: {peak_kib / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
