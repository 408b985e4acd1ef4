"""`check --coverage`: seeded random playthroughs counted per ending."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iss_adventure.cli import main
from iss_adventure.engine.coverage import run_coverage
from iss_adventure.engine.machine import Machine

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo"


def test_coverage_counts_every_run_and_is_deterministic(demo: Machine) -> None:
    first = run_coverage(demo.story, 200)
    assert sum(e.count for e in first.endings) + first.stuck == 200
    assert first.stuck == 0
    assert {e.id for e in first.endings if e.count} == {"home", "quiet", "lost"}
    assert first.as_json() == run_coverage(demo.story, 200).as_json()
    home = next(e for e in first.endings if e.id == "home")
    assert home.summary()["trust.anna"]["min"] >= 2  # the truss needs Anna's trust 2


def test_coverage_reports_choices_never_taken(demo: Machine) -> None:
    few = run_coverage(demo.story, 1)
    assert few.never_taken  # one playthrough cannot take everything
    assert "a/hatch#knock" not in run_coverage(demo.story, 300).never_taken


def test_check_coverage_json_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DEMO), "--coverage", "50", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["coverage"]["runs"] == 50
    assert sum(e["count"] for e in out["coverage"]["endings"]) == 50
    assert main(["check", str(DEMO), "--coverage", "50"]) == 0
    table = capsys.readouterr().out
    assert "Coverage: 50 seeded random playthroughs" in table and "choices never taken" in table
