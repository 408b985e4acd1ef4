"""A few seconds of `make fuzz` (issue 15): a small seeded campaign of every kind of hostile
input, in forked workers with the same time and memory bounds, must find nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parent.parent.parent / "fuzz"


def _load(name: str, file: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, FUZZ / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return _load("fuzz_run", "run.py")


@pytest.mark.skipif(sys.platform == "win32", reason="forked workers and RLIMIT_AS")
def test_a_small_campaign_finds_nothing(fuzz: ModuleType) -> None:
    campaign = fuzz.run_campaign(fuzz.Campaign(seed=15, count=240, jobs=2, timeout=90))
    assert campaign.done == 240
    assert set(campaign.kinds) == set(fuzz.cases.KINDS)  # every kind of input ran
    assert [f.detail for f in campaign.failures] == []


def test_the_harness_reports_what_it_must(fuzz: ModuleType, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    """A planted traceback, a planted escape code and a planted lost file are failures."""
    cases = fuzz.cases

    def traceback_case(rng: object, work: Path) -> None:
        raise KeyError("planted")

    def escape_case(rng: object, work: Path) -> None:
        cases.check_output("title \x1b]0;owned\x07", "a planted print")

    monkeypatch.setitem(cases.CASES, "expr", traceback_case)
    result = fuzz.run_one(1, cases.KINDS.index("expr"))
    assert not result.ok and "KeyError: 'planted'" in result.detail
    monkeypatch.setitem(cases.CASES, "expr", escape_case)
    result = fuzz.run_one(1, cases.KINDS.index("expr"))
    assert not result.ok and "control characters" in result.detail


def test_the_harness_catches_a_hang_and_a_crash(fuzz: ModuleType,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal

    cases = fuzz.cases

    def hang(rng: object, work: Path) -> None:
        signal.pause()

    def crash(rng: object, work: Path) -> None:
        import faulthandler

        faulthandler.disable()  # pytest's dump of the planted crash is just noise
        os.kill(os.getpid(), signal.SIGSEGV)

    def hog(rng: object, work: Path) -> None:
        bytearray(600 * 1024 * 1024)

    monkeypatch.setitem(cases.CASES, "expr", hang)
    monkeypatch.setitem(cases.CASES, "story", crash)
    monkeypatch.setitem(cases.CASES, "save", hog)
    kinds = cases.KINDS
    campaign = fuzz.run_campaign(fuzz.Campaign(seed=1, count=len(kinds), jobs=1, timeout=3))
    assert campaign.done == len(kinds)
    found = {f.kind: f.detail for f in campaign.failures}
    assert set(found) == {"expr", "story", "save"}, found
    assert "hang" in found["expr"]
    assert "died" in found["story"]
    assert "memory" in found["save"]
