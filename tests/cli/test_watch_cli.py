"""`check --watch` prints the new and fixed problems per save; `play --watch` refuses plain
mode. The saves are played by a scripted watcher: each batch it yields is one save."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import pytest

from iss_adventure import cli_watch
from iss_adventure.cli import main
from iss_adventure.cli_watch import check_watch, wait_until_it_loads
from iss_adventure.engine.problems import Problem
from iss_adventure.engine.watch import StoryWatch

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"


def test_check_watch_prints_new_and_fixed_problems_per_save(tmp_path: Path) -> None:
    draft = Path(shutil.copytree(DEMO, tmp_path / "draft"))
    truss = draft / "a" / "truss.yaml"
    good = truss.read_text()

    def saves(paths: Sequence[Path], stop: threading.Event) -> Iterator[set[Path]]:
        assert paths == [draft]
        truss.write_text("title: [unclosed\n")
        yield {truss}
        truss.write_text(good)
        yield {truss}
        yield {truss}  # saved again, unchanged

    out: list[str] = []
    status = check_watch(draft, [], 10_000, out.append, saves,
                         now=lambda: datetime(2031, 5, 4, 9, 30, 5))
    text = "\n".join(out)
    assert status == 0
    assert out[0].startswith("ok: 0 errors")
    first, second, third = text.split("[09:30:05] truss.yaml saved")[1:]
    assert "  new:   a/truss.yaml:2:1: error: YAML syntax" in first
    assert "FAILED: 1 errors" in first and "does not load" in first
    assert "  fixed: a/truss.yaml:2:1: error: YAML syntax" in second
    assert "ok: 0 errors" in second and "3 of 3 endings reachable" in second
    assert "no change in the problems" in third


def test_a_story_that_stops_loading_keeps_its_findings_unknown_not_fixed(
        tmp_path: Path) -> None:
    """A never-shown variant (a checker finding) is not "fixed" by a save that breaks the
    file: the story cannot be checked then; once it loads, it is compared again."""
    draft = Path(shutil.copytree(DEMO, tmp_path / "draft"))
    truss = draft / "a" / "truss.yaml"
    good = truss.read_text()
    line = "\ntext: The Earth turns below.\n"
    assert line in good
    odd = good.replace(line, line + "variants:\n  - if: trust.anna > 3\n    text: Never.\n", 1)
    truss.write_text(odd)

    def saves(paths: Sequence[Path], stop: threading.Event) -> Iterator[set[Path]]:
        truss.write_text("title: [unclosed\n")
        yield {truss}
        truss.write_text(odd)
        yield {truss}
        truss.write_text(good)
        yield {truss}

    out: list[str] = []
    check_watch(draft, [], 10_000, out.append, saves,
                now=lambda: datetime(2031, 5, 4, 9, 30, 5))
    text = "\n".join(out)
    assert "never shown" in out[0], out[0]
    broken, back, clean = text.split("[09:30:05] truss.yaml saved")[1:]
    assert "fixed" not in broken and "1 earlier findings of the checker wait" in broken
    assert "  fixed: a/truss.yaml:2:1: error: YAML syntax" in back
    assert "never shown" not in back  # still there: neither new nor fixed
    assert "  fixed: " in clean and "never shown" in clean


def test_play_watch_needs_the_full_screen_game(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--watch", "--plain", "--story", str(DEMO)]) == 2
    assert "--watch needs the full-screen game" in capsys.readouterr().err


def test_a_save_during_the_first_check_is_checked_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = Path(shutil.copytree(DEMO, tmp_path / "draft"))
    real = cli_watch.check_once
    runs: list[int] = []

    def saved_meanwhile(watch: StoryWatch, budget: int) -> tuple[list[Problem], str]:
        result = real(watch, budget)
        if not runs:  # the writer saves while the first (long) check runs
            (draft / "a" / "truss.yaml").write_text("title: [unclosed\n")
        runs.append(1)
        return result

    monkeypatch.setattr(cli_watch, "check_once", saved_meanwhile)
    out: list[str] = []
    assert check_watch(draft, [], 10_000, out.append, lambda paths, stop: iter(())) == 0
    text = "\n".join(out)
    assert len(runs) == 2 and "files saved" in text
    assert "  new:   a/truss.yaml:2:1: error: YAML syntax" in text


def test_play_watch_waits_for_a_story_that_does_not_load_yet(tmp_path: Path) -> None:
    draft = Path(shutil.copytree(DEMO, tmp_path / "draft"))
    truss = draft / "a" / "truss.yaml"
    good = truss.read_text()
    truss.write_text("title: [unclosed\n")

    def saves(paths: Sequence[Path], stop: threading.Event) -> Iterator[set[Path]]:
        (draft / "end" / "home.yaml").write_text("title: Home\n")  # another broken file
        yield {draft / "end" / "home.yaml"}
        truss.write_text(good)
        (draft / "end" / "home.yaml").write_text((DEMO / "end" / "home.yaml").read_text())
        yield {truss}
        raise AssertionError("watched on after the story loaded")

    out: list[str] = []
    story = wait_until_it_loads(StoryWatch(draft), out.append, saves)
    assert story is not None and story.scenes["a/truss"].title == "Outside"
    text = "\n".join(out)
    assert text.startswith("The story cannot be played yet:\na/truss.yaml:2:1: error: YAML")
    assert "Waiting for a save that fixes it" in text
    assert "  new:   end/home.yaml" in text
    assert wait_until_it_loads(StoryWatch(draft), out.append, saves) is not None  # at once
    truss.write_text("title: [unclosed\n")
    assert wait_until_it_loads(StoryWatch(draft), out.append, lambda p, s: iter(())) is None


@pytest.mark.parametrize("command", [["check", "--watch", str(DEMO)],
                                     ["play", "--watch", "--story", str(DEMO)]])
def test_watch_without_watchfiles_says_so(command: list[str], capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """watchfiles not installed (simulated: None in sys.modules makes its import fail): a
    sentence saying what is missing and how to install it, at once, no traceback."""
    import sys

    monkeypatch.setitem(sys.modules, "watchfiles", None)
    monkeypatch.setenv("TEXTUAL_DRIVER", "headless")  # play: as if in a terminal
    assert main(command) == 2
    out, err = capsys.readouterr()
    assert "--watch needs the watchfiles package" in err, err
    assert "pip install watchfiles" in err and "Traceback" not in out + err
    assert "ok:" not in out  # said before the first (long) check, not after it


def test_check_watch_says_when_watching_stops(tmp_path: Path) -> None:
    """The watcher failing after the first check (watchfiles broken, the system's limit of
    watched folders reached) ends the watch with a sentence, not a traceback."""
    def broken(paths: Sequence[Path], stop: threading.Event) -> Iterator[set[Path]]:
        raise ImportError("No module named 'watchfiles'")
        yield set()  # a generator, as the real watcher is

    out: list[str] = []
    assert check_watch(DEMO, [], 10_000, out.append, broken) == 1
    assert out[-1].startswith("Watching stopped: No module named 'watchfiles'."), out
