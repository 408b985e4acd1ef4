"""`make fuzz`: a seeded, bounded campaign of hostile inputs against the game (issue 15).

    python fuzz/run.py [--count 100000] [--seed 1] [--jobs 2] [--timeout 30] [--memory 500]
    python fuzz/run.py --seed 1 --only 4711        # rerun one input, in this process

Inputs run in forked worker processes, each under an address-space limit (`--memory` MB,
RLIMIT_AS) and watched by the parent: an input that takes longer than `--timeout` seconds is a
hang (the worker is killed and replaced), a worker that dies (a segfault, the memory limit) is a
crash, a MemoryError is memory past the bound, and `cases.run_case` raises Failure for a
traceback, a control character on any output or a file the game could not read that was then
replaced. Each failure is written to `--out` (default .fuzz-failures/) with its seed, index and
traceback, and the exit status is 1 when there was any.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cases  # noqa: E402  (beside this file)


@dataclass
class Result:
    index: int
    kind: str
    ok: bool
    detail: str = ""


@dataclass
class Campaign:
    seed: int
    count: int
    start: int = 0
    jobs: int = 2
    timeout: float = 30.0
    memory_mb: int = 500
    out: Path | None = None  # each failure is written here as soon as it is found
    failures: list[Result] = field(default_factory=list)
    done: int = 0
    seconds: float = 0.0
    kinds: Counter[str] = field(default_factory=Counter)


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_one(seed: int, index: int) -> Result:
    """Run one input here; never raises."""
    kind = cases.kind_of(index)
    work = Path(tempfile.mkdtemp(prefix="iss-fuzz-"))
    try:
        cases.run_case(seed, index, work)
    except cases.Failure as err:
        return Result(index, kind, False, f"Failure: {err}\n{traceback.format_exc()}")
    except MemoryError:
        return Result(index, kind, False, "memory past the bound (MemoryError)")
    except RecursionError:
        return Result(index, kind, False, f"RecursionError\n{traceback.format_exc(limit=8)}")
    except BaseException:  # any exception is what we are looking for
        return Result(index, kind, False, traceback.format_exc())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Result(index, kind, True)


def _worker(conn: Connection, seed: int, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_mb)
    os.fsync = lambda fd: None  # durability is not under test here; it would halve the rate
    sys.setrecursionlimit(1000)
    while True:
        index = conn.recv()
        if index is None:
            return
        result = run_one(seed, index)
        conn.send((result.index, result.kind, result.ok, result.detail))


class _Slot:
    """One worker process and the input it is running."""

    def __init__(self, ctx: Any, campaign: Campaign) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, campaign.seed,
                                                         campaign.memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.since = 0.0

    def give(self, index: int) -> None:
        self.index, self.since = index, time.monotonic()
        self.conn.send(index)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def run_campaign(campaign: Campaign, progress: bool = False) -> Campaign:
    """Run inputs start..start+count in `jobs` workers; fills in failures and counts."""
    cases.warm_up()  # imported and loaded once, before the workers fork
    ctx = multiprocessing.get_context("fork")
    pending = iter(range(campaign.start, campaign.start + campaign.count))
    slots = [_Slot(ctx, campaign) for _ in range(max(1, campaign.jobs))]
    began = time.monotonic()
    last_report = began
    busy: dict[Connection, _Slot] = {}

    def feed(slot: _Slot) -> None:
        index = next(pending, None)
        if index is not None:
            slot.give(index)
            busy[slot.conn] = slot

    for slot in slots:
        feed(slot)
    try:
        while busy:
            ready = wait(list(busy), timeout=1.0)
            now = time.monotonic()
            for conn in ready:
                slot = busy.pop(conn)  # type: ignore[call-overload]
                try:
                    index, kind, ok, detail = slot.conn.recv()
                except (EOFError, OSError):  # the worker died on this input
                    assert slot.index is not None
                    slot.process.join(5)
                    code = slot.process.exitcode
                    _record(campaign, Result(slot.index, cases.kind_of(slot.index), False,
                                             f"the worker died (exit status {code}): a crash, "
                                             "or memory past the bound"))
                    slots[slots.index(slot)] = slot = _replace(ctx, campaign, slot)
                else:
                    _record(campaign, Result(index, kind, ok, detail))
                feed(slot)
            for conn, slot in list(busy.items()):
                if now - slot.since > campaign.timeout:
                    busy.pop(conn)
                    assert slot.index is not None
                    _record(campaign, Result(slot.index, cases.kind_of(slot.index), False,
                                             f"a hang: still running after {campaign.timeout} s"))
                    slots[slots.index(slot)] = fresh = _replace(ctx, campaign, slot)
                    feed(fresh)
            if progress and now - last_report > 10:
                last_report = now
                rate = campaign.done / (now - began)
                print(f"  {campaign.done:,} inputs, {rate:,.0f}/s, "
                      f"{len(campaign.failures)} failures", flush=True)
    finally:
        for slot in slots:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
            slot.process.join(2)
            slot.stop()
    campaign.seconds = time.monotonic() - began
    return campaign


def _replace(ctx: Any, campaign: Campaign, slot: _Slot) -> _Slot:
    slot.stop()
    return _Slot(ctx, campaign)


def _record(campaign: Campaign, result: Result) -> None:
    campaign.done += 1
    campaign.kinds[result.kind] += 1
    if not result.ok:
        campaign.failures.append(result)
        if campaign.out is not None:
            campaign.out.mkdir(parents=True, exist_ok=True)
            (campaign.out / f"{campaign.seed}-{result.index}-{result.kind}.txt").write_text(
                f"seed {campaign.seed} input {result.index} ({result.kind})\n"
                f"rerun: python fuzz/run.py --seed {campaign.seed} --only {result.index}\n\n"
                f"{result.detail}\n")


def _signature(detail: str) -> str:
    """Failures grouped by their last traceback line and where it was raised."""
    lines = [line for line in detail.strip().splitlines() if line.strip()]
    where = [line.strip() for line in lines if line.strip().startswith("File ")]
    last = re.sub(r"\d+", "N", lines[-1] if lines else detail)[:120]
    return f"{last} @ {where[-1] if where else '?'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first input index")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds an input may take")
    parser.add_argument("--memory", type=int, default=500, help="MB a worker may map")
    parser.add_argument("--out", type=Path, default=Path(".fuzz-failures"))
    parser.add_argument("--only", type=int, default=None, help="run one input, in process")
    args = parser.parse_args(argv)
    if args.only is not None:
        result = run_one(args.seed, args.only)
        print(f"input {args.only} ({result.kind}): {'ok' if result.ok else 'FAILED'}")
        print(result.detail)
        return 0 if result.ok else 1
    print(f"fuzzing {args.count:,} inputs (seed {args.seed}, from {args.start}), {args.jobs} "
          f"workers, {args.timeout:g} s and {args.memory} MB each", flush=True)
    campaign = run_campaign(Campaign(args.seed, args.count, args.start, args.jobs,
                                     args.timeout, args.memory, args.out), progress=True)
    rate = campaign.done / max(campaign.seconds, 1e-9)
    print(f"{campaign.done:,} inputs in {campaign.seconds:,.0f} s ({rate:,.0f} inputs/s): "
          + ", ".join(f"{kind} {n:,}" for kind, n in sorted(campaign.kinds.items())))
    if not campaign.failures:
        print("no failures")
        return 0
    groups: dict[str, list[Result]] = {}
    for failure in campaign.failures:
        groups.setdefault(_signature(failure.detail), []).append(failure)
    print(f"{len(campaign.failures)} failures, {len(groups)} distinct (details in {args.out}):")
    for signature, found in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(found):5} x {signature}  (e.g. --only {found[0].index})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
