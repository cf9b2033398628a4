"""Web figures: throughput, latency and CPU per request over loopback keep-alive connections.

    python benchmarks/web_bench.py [--seconds 8] [--rounds 3] [--connections 8]

Each round starts every server (``serve.py``) in turn on 127.0.0.1 and drives it with
``--connections`` keep-alive connections for ``--seconds`` (after a 2 s warm-up), each
replaying conversations launch -> "ja" -> "weiter" as prepared request bytes: the session
attributes are the ones the skill really returns, and for ``skill-verified`` every body is
signed like Alexa signs it (the tests' CA, ``tests/alexa_pki.py``) before the run, so the
client spends no CPU on JSON or RSA while measuring. Bounded: every run stops after its
time, and the client sends at most 200,000 requests.

Printed per server: requests per second, p50/p99 latency, server CPU per request (all its
processes), how the CPU split over the two workers, and the client's own CPU share (it runs
on the same cores). Ratios are against ``hello-gthread`` of the same round.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SKILL_ID = "amzn1.ask.skill.12345678-1234-1234-1234-123456789abc"
CONVERSATIONS = 150  # distinct users, replayed in a cycle
MAX_REQUESTS = 200_000
WARMUP_SECONDS = 2.0
SERVERS = ("hello-gthread", "hello-evented", "skill-dev", "skill-verified")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    server: str
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    server_cpu: float = 0.0
    worker_cpu: list[float] = field(default_factory=list)
    client_cpu: float = 0.0
    errors: int = 0
    reconnects: int = 0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


# -- requests --------------------------------------------------------------------------------
def conversations(pki: object = None) -> list[list[bytes]]:
    """HTTP requests (bytes), three per conversation, with the attributes the skill returns;
    signed with ``pki``'s leaf key when given. Built right before each run: Alexa's
    timestamps must be within 150 s of the server's clock."""
    os.environ["RUECKENMASSAGE_STORE"] = "memory://"
    from skill.builder import create_handler
    from skill.chat import envelopes as env
    from skill.settings import Settings

    handler = create_handler(Settings(skill_id=SKILL_ID))
    prepared = []
    for number in range(CONVERSATIONS):
        user = f"amzn1.ask.account.BENCH{number:05d}"
        events = [env.launch_request(user_id=user, application_id=SKILL_ID)]
        answer = handler(json.loads(json.dumps(events[0])), None)
        for intent in ("AMAZON.YesIntent", "AMAZON.NextIntent"):
            event = env.intent_request(intent, user_id=user, application_id=SKILL_ID,
                                       session_id=events[0]["session"]["sessionId"],
                                       session_attributes=answer.get("sessionAttributes"))
            events.append(event)
            answer = handler(json.loads(json.dumps(event)), None)
        requests = []
        for event in events:
            body = json.dumps(event, ensure_ascii=False).encode("utf-8")
            headers = {"Host": "127.0.0.1", "Content-Type": "application/json; charset=utf-8",
                       "Content-Length": str(len(body))}
            if pki is not None:
                headers.update(pki.headers(body))  # type: ignore[attr-defined]
            head = "POST / HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            requests.append(head.encode("latin-1") + b"\r\n" + body)
        prepared.append(requests)
    return prepared


# -- the client ------------------------------------------------------------------------------
async def _open(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return reader, writer


async def _connection(port: int, plan: list[list[bytes]], offset: int, stop_at: float,
                      measure_from: float, run: Run, budget: list[int]) -> None:
    """One keep-alive client; like any HTTP client it reconnects after ``Connection: close``
    (the time that takes counts towards the latency of the next request)."""
    reader, writer = await _open(port)
    index = offset
    try:
        while time.monotonic() < stop_at and budget[0] > 0:
            for request in plan[index % len(plan)]:
                budget[0] -= 1
                started = time.monotonic()
                if writer is None:
                    reader, writer = await _open(port)
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = head[9:12]
                length = 0
                close = False
                for line in head.split(b"\r\n"):
                    lowered = line.lower()
                    if lowered.startswith(b"content-length:"):
                        length = int(line[15:])
                    elif lowered.startswith(b"connection:") and b"close" in lowered:
                        close = True
                await reader.readexactly(length)
                done = time.monotonic()
                if started >= measure_from and done <= stop_at:
                    run.requests += 1
                    run.latencies.append(done - started)
                    if status != b"200":
                        run.errors += 1
                if close:
                    writer.close()
                    writer = None
                    run.reconnects += 1
            index += 1
    finally:
        if writer is not None:
            writer.close()


async def _drive(port: int, plan: list[list[bytes]], connections: int, seconds: float,
                 run: Run, on_measure_start: callable, on_measure_end: callable) -> None:
    begin = time.monotonic()
    measure_from = begin + WARMUP_SECONDS
    stop_at = measure_from + seconds
    budget = [MAX_REQUESTS]
    loop = asyncio.get_running_loop()
    loop.call_at(loop.time() + WARMUP_SECONDS, on_measure_start)
    tasks = [
        asyncio.create_task(_connection(port, plan, n * len(plan) // connections, stop_at,
                                        measure_from, run, budget))
        for n in range(connections)
    ]
    await asyncio.sleep(WARMUP_SECONDS + seconds)
    on_measure_end()
    await asyncio.gather(*tasks, return_exceptions=True)
    run.seconds = seconds


# -- processes -------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tree(pid: int) -> list[int]:
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry))
    return children


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                probe.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if probe.recv(64):
                    time.sleep(0.5)  # every worker forked and listening
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server did not come up:\n{log.read_text()[-3000:]}")


def measure(server: str, pki: object, pem_files: list[str],
            connections: int, seconds: float, work: Path) -> Run:
    port = _free_port()
    log = work / f"{server}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, str(HERE / "serve.py"), server, str(port), *pem_files],
            stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "RUECKENMASSAGE_STORE": "memory://"},
        )
    run = Run(server)
    try:
        _wait_until_up(port, process, log)
        workers = _tree(process.pid)
        marks: dict[str, object] = {}

        def start() -> None:
            marks["server"] = {pid: _cpu_seconds(pid) for pid in [process.pid, *workers]}
            marks["client"] = resource.getrusage(resource.RUSAGE_SELF)
            marks["at"] = time.monotonic()

        def end() -> None:
            after = {pid: _cpu_seconds(pid) for pid in [process.pid, *workers]}
            before = marks["server"]
            run.server_cpu = sum(after[p] - before[p] for p in after)  # type: ignore[index]
            run.worker_cpu = [after[p] - before[p] for p in workers]  # type: ignore[index]
            usage = resource.getrusage(resource.RUSAGE_SELF)
            used = (usage.ru_utime - marks["client"].ru_utime  # type: ignore[union-attr]
                    + usage.ru_stime - marks["client"].ru_stime)  # type: ignore[union-attr]
            run.client_cpu = used / (time.monotonic() - marks["at"])  # type: ignore[operator]

        plan = conversations(pki if server == "skill-verified" else None)
        asyncio.run(_drive(port, plan, connections, seconds, run, start, end))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    return run


def describe(run: Run, base: Run | None) -> str:
    per_request = run.server_cpu / run.requests * 1000 if run.requests else 0.0
    split = "/".join(f"{cpu / max(sum(run.worker_cpu), 1e-9) * 100:.0f}" for cpu in run.worker_cpu)
    text = (f"{run.server:15s} {run.rate:6.0f} req/s  p50 {run.percentile(0.5) * 1000:5.1f} ms"
            f"  p99 {run.percentile(0.99) * 1000:5.1f} ms  server CPU {per_request:4.2f} ms/req"
            f"  workers {split}%  client CPU {run.client_cpu * 100:3.0f}% of a core")
    if run.errors:
        text += f"  ERRORS {run.errors}"
    if base is not None and base is not run and base.rate:
        text += (f"  | {run.rate / base.rate:.2f}x throughput,"
                 f" p99 {run.percentile(0.99) / base.percentile(0.99):.2f}x,"
                 f" CPU/req {cpu_per_request(run) / cpu_per_request(base):.2f}x")
    return text


def cpu_per_request(run: Run) -> float:
    return run.server_cpu / run.requests if run.requests else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--servers", default=",".join(SERVERS))
    args = parser.parse_args()
    servers = args.servers.split(",")

    from alexa_pki import chain_pem, standard_pki

    pki = standard_pki()
    with tempfile.TemporaryDirectory(prefix="rueckenmassage-bench-") as tmp:
        work = Path(tmp)
        (work / "root.pem").write_bytes(pki.root.pem)
        (work / "chain.pem").write_bytes(chain_pem(pki.leaf, pki.intermediate))
        pem_files = [str(work / "root.pem"), str(work / "chain.pem")]
        results: dict[str, list[Run]] = {name: [] for name in servers}
        ratios: dict[str, list[tuple[float, float, float]]] = {name: [] for name in servers}
        print(f"web: {args.connections} keep-alive connections, {args.seconds:.0f} s per run "
              f"after {WARMUP_SECONDS:.0f} s warm-up, launch -> ja -> weiter, 2 workers each")
        for round_number in range(1, args.rounds + 1):
            load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
            print(f"round {round_number} (load average before: {load}):")
            base = Run("hello-gthread")
            # Every other round in reverse order: the machine's load drifts within a round.
            order = servers if round_number % 2 else list(reversed(servers))
            runs = {name: measure(name, pki, pem_files, args.connections, args.seconds, work)
                    for name in order}
            base = runs.get("hello-gthread", base)
            for name in servers:
                run = runs[name]
                results[name].append(run)
                if base.rate and run is not base:
                    ratios[name].append((run.rate / base.rate,
                                         run.percentile(0.99) / base.percentile(0.99),
                                         cpu_per_request(run) / cpu_per_request(base)))
                print("  " + describe(run, base), flush=True)
        print("summary: median over rounds, [min..max] of the per-round ratios to "
              "hello-gthread (targets: throughput >= 0.8x, p99 <= 1.5x):")
        for name in servers:
            runs_of = results[name]
            rate = statistics.median(run.rate for run in runs_of)
            p99 = statistics.median(run.percentile(0.99) for run in runs_of) * 1000
            cpu = statistics.median(cpu_per_request(run) for run in runs_of) * 1000
            line = f"  {name:15s} {rate:6.0f} req/s, p99 {p99:5.1f} ms, CPU {cpu:.2f} ms/req"
            if ratios[name]:
                parts = []
                for label, index in (("throughput", 0), ("p99", 1), ("CPU/req", 2)):
                    values = [entry[index] for entry in ratios[name]]
                    parts.append(f"{label} {statistics.median(values):.2f}x "
                                 f"[{min(values):.2f}..{max(values):.2f}]")
                line += "; " + ", ".join(parts)
            print(line)


if __name__ == "__main__":
    main()
