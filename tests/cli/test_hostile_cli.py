"""Hostile input at the command line (issue 15): control characters from a story, a save, a log
or a file name never reach the terminal, in any command; plain mode takes any line of input;
an unwritable --log is a message and play goes on."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iss_adventure.cli import main
from iss_adventure.engine.loader import load_story
from iss_adventure.plain import PlainGame

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"
ESC_TITLE = r'"\e]0;owned\a The Hatch"'
# ESC and every C1 control (0x80-0x9f: 0x9b is a one-byte CSI on many terminals)
FORBIDDEN = {"\x1b", "\x07", *(chr(c) for c in range(0x80, 0xA0))}


def assert_clean(text: str) -> None:
    found = sorted({c for c in text if c in FORBIDDEN})
    assert not found, f"control characters reached the output: {found!r}"


def assert_clean_bytes(data: bytes) -> None:
    assert b"\x1b" not in data and b"\x07" not in data
    assert_clean(data.decode("utf-8", "replace"))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The demo story with control sequences in titles, prose, choices, acts and crew."""
    root = tmp_path / "hostile"
    shutil.copytree(DEMO, root)
    hatch = root / "a" / "hatch.yaml"
    text = hatch.read_text()
    text = text.replace("title: The Hatch", f"title: {ESC_TITLE}")
    text = text.replace("text: |\n  The hatch is *stiff*.",
                        'text: |\n  The hatch is *stiff*.\n  Then:')
    text = text.replace("choices:", 'variants:\n  - if: "true"\n'
                        '    text: "Bad \\e[2J prose \\x9b and \\e[31mred\\e[0m."\nchoices:', 1)
    text = text.replace("text: Knock twice.", r'text: "Knock \e[5mtwice\e[0m."')
    hatch.write_text(text)
    story = root / "story.yaml"
    story.write_text(story.read_text().replace("acts: {1: One,", r'acts: {1: "\e[7mOne",')
                     .replace("name: Anna Ivanova", r'name: "Anna \e[8mIvanova"'))
    load_story(root)  # still a sound story
    return root


def plain_output(root: Path, stdin: bytes, *extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "iss_adventure", "play", "--plain",
                           "--story", str(root), *extra],
                          input=stdin, capture_output=True, timeout=60)


# -- escape codes, one test per command -------------------------------------------------------


def test_plain_mode_shows_no_control_characters(hostile: Path) -> None:
    result = plain_output(hostile, b"1\n1\n")
    assert result.returncode == 0, result.stderr
    assert b"owned" in result.stdout and "␛]0;owned".encode() in result.stdout
    assert b"prose" in result.stdout and b"twice" in result.stdout
    assert_clean_bytes(result.stdout)
    assert_clean_bytes(result.stderr)


def test_graph_shows_no_control_characters(hostile: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("dot", "mermaid"):
        assert main(["graph", str(hostile), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "owned" in out
        assert_clean(out)


def test_replay_shows_no_control_characters(hostile: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.json"
    log.write_text(json.dumps({"version": 1, "seed": 0, "story": "\x1b]0;owned\x07",
                               "steps": [["a/hatch", "knock"], ["a/module", "\x1b[2J\x9b"]]}))
    assert main(["replay", str(log), "--story", str(hostile)]) == 1
    captured = capsys.readouterr()
    assert "stopped at" in captured.out and "owned" in captured.out
    assert_clean(captured.out + captured.err)


def test_replay_log_file_errors_show_no_control_characters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "\x1b]0;owned\x07.json"
    log.write_text('{"version": "\x1b[2J"}')
    assert main(["replay", str(log), "--story", str(DEMO)]) == 2
    captured = capsys.readouterr()
    assert "owned" in captured.err
    assert_clean(captured.out + captured.err)


def test_check_messages_and_file_names_show_no_control_characters(
        hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (hostile / "a" / "\x1b]0;owned\x07.yaml").write_text("title: x\n")  # a bad name
    bad = hostile / "a" / "bad.yaml"  # a bad key
    bad.write_text('title: x\nact: 1\nlocation: Unity\ntext: x\n"\\e[2Jkey\\x9b": 1\n')
    assert main(["check", str(hostile)]) == 1
    out = capsys.readouterr().out
    assert "owned" in out and "key" in out
    assert_clean(out)
    assert main(["check", str(hostile), "--json"]) == 1
    out = capsys.readouterr().out
    assert_clean(out)
    problems = json.loads(out)["errors"]  # still the same data, escaped as JSON
    assert any(p["file"] == "a/\x1b]0;owned\x07.yaml" for p in problems)
    assert any("key\\x9b" in p["message"] for p in problems)  # keys are quoted with repr()


def test_play_of_a_broken_story_shows_no_control_characters(hostile: Path) -> None:
    (hostile / "a" / "x.yaml").write_text('"\\e]0;owned\\a": 1\n')
    result = plain_output(hostile, b"")
    assert result.returncode == 1 and b"owned" in result.stderr
    assert_clean_bytes(result.stderr)


def test_a_non_utf8_file_name_is_reported_by_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "story"
    shutil.copytree(DEMO, root)
    with open(os.fsencode(str(root / "a")) + b"/bad\xff\x9b.yaml", "wb") as handle:
        handle.write(b"title: x\n")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "a/bad\\xff\\x9b.yaml:1:1: error: the file name is not UTF-8" in out


# -- plain mode reads any input ---------------------------------------------------------------


@pytest.mark.parametrize("line", ["²", "٣", "9" * 5000, "1" * 10, "-1", "0", "", "1.0", "x" * 9000,
                                  "\x1b[2J"])
def test_plain_mode_answers_unusable_lines(demo_story: object, line: str) -> None:
    out = io.StringIO()
    game = PlainGame(demo_story, out, io.StringIO(line + "\nq\n"))  # type: ignore[arg-type]
    state = game.run(game.machine.new_game())
    assert state.turn == 0
    assert "Type a number from 1 to 3, help for commands, or q to quit." in out.getvalue()
    assert_clean(out.getvalue())


def test_plain_mode_reads_invalid_utf8_and_eof() -> None:
    result = plain_output(DEMO, b"\xff\xfe\n\xc3\n2\n")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert result.stdout.count(b"Type a number from 1 to 3") == 2
    assert b"The Module" in result.stdout  # the 2 after the bad lines was taken
    assert b"You leave the station for now." in result.stdout  # then EOF


# -- an unwritable --log is a message --------------------------------------------------------


@pytest.mark.parametrize("where", ["missing", "directory", "fifo"])
def test_an_unwritable_log_is_a_message_and_play_goes_on(tmp_path: Path, where: str) -> None:
    if where == "missing":
        log = tmp_path / "no" / "such" / "log.json"
    elif where == "directory":
        log = tmp_path
    else:
        log = tmp_path / "fifo"
        os.mkfifo(log)
    result = plain_output(DEMO, b"1\n", "--log", str(log))
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"The Module" in result.stdout  # played on
    assert b"could not be written" in result.stdout
    if where != "fifo":
        assert b"cannot be written" in result.stdout  # told before playing, too


def test_a_full_device_log_is_a_message(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    result = plain_output(DEMO, b"1\n", "--log", "/dev/full")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert b"could not be written" in result.stdout


# -- flags -------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["play", "--plain", "--seed", "9" * 30],
    ["play", "--plain", "--seed", "-1"],
    ["play", "--plain", "--seed", "9" * 5000],
    ["check", "--budget", "-1"],
    ["check", "--coverage", "-5"],
    ["check", "--coverage", "9" * 40],
    ["graph", "--format", "\x1b]0;owned\x07"],
    ["\x1b[2J"],
    ["play", "--seed", "\x1b]0;owned\x07\x9b"],
])
def test_bad_flags_are_usage_errors_without_control_characters(
        args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    captured = capsys.readouterr()
    assert "error:" in captured.err
    assert_clean(captured.out + captured.err)


def test_replay_of_deeply_nested_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.json"
    log.write_bytes(b"[" * 100_000)
    assert main(["replay", str(log), "--story", str(DEMO)]) == 2
    assert "nested more than" in capsys.readouterr().err


def test_a_path_that_is_not_utf8_is_printed(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "iss_adventure", "check",
                             os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xff\x9b")],
                            capture_output=True, timeout=60)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"\\xff\\x9b is not a directory" in result.stderr


def test_long_words_in_prose_are_wrapped(demo_story: object) -> None:
    out = io.StringIO()
    game = PlainGame(demo_story, out, io.StringIO(), width=40)  # type: ignore[arg-type]
    game.para("A " + "x" * 5000 + " word.")
    lines = out.getvalue().splitlines()
    assert len(lines) > 100 and max(len(line) for line in lines) <= 38
