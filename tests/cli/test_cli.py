"""The command line: check, graph, plain play in a pipe, replay."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from iss_adventure.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures"
DEMO = FIXTURES / "demo"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iss_adventure", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_check_json_on_a_sound_story(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DEMO), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["errors"] == [] and out["complete"] is True
    assert out["scenes"] == 6 and out["states_explored"] > 0
    assert {e["id"] for e in out["endings"]} == {"home", "quiet", "lost"}
    assert all(e["reachable"] and e["witness"] for e in out["endings"])


@pytest.mark.parametrize("fixture", ["faults", "lint"])
def test_check_reports_planted_faults_and_exits_1(fixture: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / fixture), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["errors"]
    for problem in out["errors"] + out["warnings"]:
        assert set(problem) == {"file", "line", "col", "message"}
        assert problem["line"] >= 1 and problem["col"] >= 1


def test_check_text_output_names_file_line_col(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / "faults")]) == 1
    out = capsys.readouterr().out
    assert "x/typo.yaml:3:1: error: unknown key 'locaton' (did you mean 'location'?)" in out
    assert "Traceback" not in out


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("check", str(tmp_path / "missing")).returncode == 2
    assert run("check", "--budget", "lots").returncode == 2
    assert run("graph", str(DEMO), "--format", "png").returncode == 2


@pytest.mark.parametrize("fmt", ["dot", "mermaid"])
def test_graph(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(DEMO), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert ("digraph" in out) if fmt == "dot" else out.startswith("flowchart LR")
    assert "Act 1: One" in out and "Home" in out


def test_plain_mode_piped_to_an_ending_writes_a_replayable_log(tmp_path: Path) -> None:
    log = tmp_path / "log.json"
    # 9 is out of range, x is not a number, 3 (radio, before reading) is locked: each asks
    # again. Then: knock; in the module read, radio, leave; then hold on.
    result = run("play", "--plain", "--story", str(DEMO), "--seed", "4", "--log", str(log),
                 stdin="9\nx\n1\n3\n1\n2\n2\n1\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Type a number from 1 to 3" in out
    assert "That choice is locked: Needs: you know the secret" in out
    assert "THE END: Home" in out and "Traceback" not in out + result.stderr
    data = json.loads(log.read_text())
    assert data["seed"] == 4 and len(data["steps"]) == 5
    replay = run("replay", str(log), "--story", str(DEMO))
    assert replay.returncode == 0
    assert "ending: home (Home) after 5 choices" in replay.stdout


def test_plain_mode_quits_cleanly_on_eof() -> None:
    result = run("play", "--plain", "--story", str(DEMO), stdin="1\n")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "You leave the station for now." in result.stdout


def test_plain_mode_shows_locked_reasons() -> None:
    # knock, read, leave (without the radio): Boris is not watching at the truss.
    truss = run("play", "--plain", "--story", str(DEMO), stdin="1\n1\n3\n2\n1\n")
    assert "  2. (locked) Let go. [Boris is not watching.]" in truss.stdout
    assert "That choice is locked: Boris is not watching." in truss.stdout
    assert "THE END: Home" in truss.stdout


def test_play_reports_a_broken_story_without_a_traceback() -> None:
    result = run("play", "--plain", "--story", str(FIXTURES / "faults"))
    assert result.returncode == 1
    assert "The story cannot be played" in result.stderr
    assert "x/typo.yaml:3:1" in result.stderr and "Traceback" not in result.stderr


def test_replay_reports_a_log_that_no_longer_fits(tmp_path: Path) -> None:
    log = tmp_path / "log.json"
    log.write_text(json.dumps({"version": 1, "seed": 0, "steps": [
        ["a/hatch", "knock"], ["a/module", "dance"]]}))
    result = run("replay", str(log), "--story", str(DEMO))
    assert result.returncode == 1
    assert "stopped at step 2: a/module has no choice 'dance'" in result.stdout


@pytest.mark.parametrize("content", ["", "{not json", '{"version": 99, "seed": 0, "steps": []}',
                                     '{"foo": 1}'])
def test_replay_refuses_bad_logs_clearly(tmp_path: Path, content: str) -> None:
    log = tmp_path / "log.json"
    log.write_text(content)
    result = run("replay", str(log), "--story", str(DEMO))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "replay:" in result.stderr
