"""The modder's command line: new story|mod, schema, --mod everywhere, usage mistakes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from iss_adventure.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "fixtures" / "demo"
EXAMPLE = ROOT / "mods" / "ham-radio"


def run(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iss_adventure", *args], input=stdin,
                          capture_output=True, text=True, timeout=90, cwd=cwd)


def test_new_story_checks_clean_and_plays_to_an_ending(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "night-shift"
    assert main(["new", "story", str(folder)]) == 0
    assert "iss-adventure check" in capsys.readouterr().out
    assert main(["check", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["errors"] == [] and report["warnings"] == []
    assert report["scenes"] == 5 and {e["id"] for e in report["endings"]} == {"together",
                                                                           "alone"}
    assert all(e["reachable"] for e in report["endings"])
    played = run("play", "--plain", "--story", str(folder), stdin="1\n1\n")
    assert played.returncode == 0, played.stderr
    assert "Patched Together" in played.stdout
    assert "id: night-shift" in (folder / "story.yaml").read_text()


def test_new_mod_is_a_mod_of_the_shipped_story_that_checks_clean(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "my-mod"
    assert main(["new", "mod", str(folder)]) == 0
    capsys.readouterr()
    assert main(["check", "--mod", str(folder), "--json", "--budget", "50000"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == []
    assert [w for w in report["warnings"] if "budget" not in w["message"]] == []
    played = run("play", "--plain", "--mod", str(folder), stdin="4\n1\n")
    assert played.returncode == 0, played.stderr
    assert "Hum the song" in played.stdout and "The Launch Song" in played.stdout


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = run("new", "mod", str(tmp_path / "taken"))
    assert result.returncode == 2 and "not an empty folder" in result.stderr
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("kind", ["story", "mod"])
def test_every_modeline_points_at_a_schema_that_exists(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / kind
    assert main(["new", kind, str(folder)]) == 0
    files = sorted(folder.rglob("*.yaml"))
    assert files
    for file in files:
        first = file.read_text().splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, file
        schema = (file.parent / match.group(1)).resolve()
        assert schema.is_file(), (file, schema)
        want = {"story.yaml": "story", "mod.yaml": "mod"}.get(file.name, "scene")
        if file.parent.name == "patches":
            want = "patch"
        assert schema.name == f"{want}.schema.json"


def test_the_example_mods_modelines_point_at_the_docs_schemas() -> None:
    for file in EXAMPLE.rglob("*.yaml"):
        match = re.match(r"# yaml-language-server: \$schema=(\S+)", file.read_text())
        assert match and (file.parent / match.group(1)).resolve().is_file(), file


def test_schema_writes_the_four_schemas(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", str(tmp_path / "s")]) == 0
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert names == ["mod.schema.json", "patch.schema.json", "scene.schema.json",
                     "story.schema.json"]
    mod = json.loads((tmp_path / "s" / "mod.schema.json").read_text())
    assert {"id", "title", "version", "story"} <= set(mod["$defs"]["ModSpec"]["required"])
    patch = json.loads((tmp_path / "s" / "patch.schema.json").read_text())
    assert "add_choices" in patch["$defs"]["PatchSpec"]["properties"]
    for name in names:
        assert (ROOT / "docs" / name).read_text() == (tmp_path / "s" / name).read_text(), \
            f"docs/{name} is stale: run `make schema`"


@pytest.mark.parametrize("args", [["--budget", "-5"], ["--budget", "0"], ["--coverage", "-1"]])
def test_negative_or_zero_limits_are_usage_errors(args: list[str]) -> None:
    result = run("check", str(DEMO), *args)
    assert result.returncode == 2
    assert "must be" in result.stderr and "Traceback" not in result.stderr


def test_check_graph_and_play_from_inside_the_story_folder() -> None:
    checked = run("check", ".", cwd=DEMO)
    assert checked.returncode == 0 and ": error:" not in checked.stdout
    assert "ending home:" in checked.stdout
    graph = run("graph", ".", cwd=DEMO)
    assert '"a/hatch"' in graph.stdout or "a/hatch" in graph.stdout
    assert "hatch\"" not in graph.stdout.replace('"a/hatch"', "")
    played = run("play", "--plain", "--story", ".", stdin="q\n", cwd=DEMO)
    assert played.returncode == 0 and "The Hatch" in played.stdout


def test_check_json_into_a_closed_pipe_ends_quietly() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "iss_adventure", "check", str(DEMO),
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head` that has read enough
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert proc.returncode == 141


def test_mod_on_check_graph_and_replay(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--mod", str(EXAMPLE), "--format", "mermaid"]) == 0
    assert '["NA1SS"]' in capsys.readouterr().out
    from iss_adventure.engine.choicelog import log_of, write_log
    from iss_adventure.engine.loader import load_story
    from iss_adventure.engine.machine import Machine

    story = load_story(ROOT / "scenes", [EXAMPLE])
    machine = Machine(story)
    state = machine.new_game(0)
    for choice in ["report", "report", "seats", "mice", "watch", "alexey", "gordon", "toast",
                   "take", "zvezda", "go", "log", "loops", "ham", "cq", "truth", "stay"]:
        state = machine.choose(state, choice)
    log = tmp_path / "run.json"
    write_log(log, log_of(state, story.fingerprint, story.mods))
    code = main(["replay", str(log), "--mod", str(EXAMPLE)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "ending: relay" in out
    assert main(["replay", str(log)]) == 1  # without the mod the log stops fitting
    out = capsys.readouterr().out
    assert "stopped at" in out
    assert "note: This log was made with ham-radio@1.0; the game now runs with no mods." in out


def test_a_broken_mod_points_into_its_own_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "oops"
    assert main(["new", "mod", str(folder)]) == 0
    patch = folder / "patches" / "docking.yaml"
    patch.write_text(patch.read_text().replace("goto: oops/hum", "goto: oops/hmm"))
    capsys.readouterr()
    assert main(["check", "--mod", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder}/patches/docking.yaml:8:11: error: goto 'oops/hmm': no such scene " \
        "(did you mean 'oops/hum'?)" in out


def test_play_uses_the_mods_enabled_in_settings_and_falls_back_when_they_break(
        tmp_path: Path) -> None:
    import os
    import shutil

    from iss_adventure.engine.installed import load_with_enabled_mods
    from iss_adventure.engine.profile import Settings, save_settings

    home = tmp_path / "home"
    shutil.copytree(EXAMPLE, home / "mods" / "radio")
    save_settings(home, Settings(mods=["radio"]))
    story, notice = load_with_enabled_mods(ROOT / "scenes", home=home)
    assert story.mods == ("ham-radio@1.0",) and notice is None
    assert load_with_enabled_mods(ROOT / "scenes", no_mods=True, home=home)[0].mods == ()
    assert load_with_enabled_mods(DEMO, home=home)[0].mods == ()  # a mod of another story

    (home / "mods" / "radio" / "ham" / "voice.yaml").write_text("title: [broken\n")
    env = {**os.environ, "ISS_ADVENTURE_HOME": str(home)}
    broken = subprocess.run([sys.executable, "-m", "iss_adventure", "play", "--plain"],
                            input="q\n", capture_output=True, text=True, timeout=90, env=env)
    assert broken.returncode == 0
    assert "do not load with this story, so it runs without them" in broken.stderr
    assert "radio/ham/voice.yaml:2:" in broken.stderr and "opened at line 1" in broken.stderr
    assert "Docking" in broken.stdout
    quiet = subprocess.run([sys.executable, "-m", "iss_adventure", "play", "--plain",
                            "--no-mods"], input="q\n", capture_output=True, text=True,
                           timeout=90, env=env)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_play_with_mod_hands_the_mods_to_the_game(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`play --mod DIR` gives the full-screen game the folders, so that reloading from the
    Mods screen keeps them on."""
    import iss_adventure.tui.app as tui_app

    given: dict[str, object] = {}

    def fake_run_tui(story: object, **kwargs: object) -> int:
        given.update(kwargs, story=story)
        return 0

    monkeypatch.setattr(tui_app, "run_tui", fake_run_tui)
    monkeypatch.setenv("TEXTUAL_DRIVER", "headless")  # as if in a terminal
    assert main(["play", "--mod", str(EXAMPLE)]) == 0
    assert given["mods"] == [EXAMPLE]
    assert given["story"].mods == ("ham-radio@1.0",)  # type: ignore[attr-defined]


def test_enabled_mods_load_before_the_command_lines(tmp_path: Path) -> None:
    import shutil

    from iss_adventure.engine.installed import load_with_enabled_mods
    from iss_adventure.engine.profile import Settings, save_settings

    home = tmp_path / "home"
    shutil.copytree(EXAMPLE, home / "mods" / "radio")
    save_settings(home, Settings(mods=["radio"]))
    # the same folder installed and given: loaded once
    story, notice = load_with_enabled_mods(ROOT / "scenes", home=home,
                                           extra=[home / "mods" / "radio"])
    assert story.mods == ("ham-radio@1.0",) and notice is None
    story, notice = load_with_enabled_mods(ROOT / "scenes", home=home, enabled=[],
                                           extra=[EXAMPLE])
    assert story.mods == ("ham-radio@1.0",) and notice is None
