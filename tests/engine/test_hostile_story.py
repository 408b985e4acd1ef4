"""Hostile scene files (issue 15): each reproducer gives `file:line:col` problems, never an
exception, a hang or a memory blow-up; and what could crash at run time is refused by the
loader."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from iss_adventure.engine import limits
from iss_adventure.engine.expr import Compiler, ExprError
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.model import Story, Variable
from iss_adventure.engine.problems import Problem, StoryError
from iss_adventure.engine.yamlread import YamlProblem, read_yaml

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    shutil.copytree(DEMO, root)
    return root


def problems(root: Path) -> list[Problem]:
    with pytest.raises(StoryError) as caught:
        load_story(root)
    return caught.value.problems


def only(found: list[Problem], file: str) -> Problem:
    mine = [p for p in found if p.file == file]
    assert mine, found
    return mine[0]


def line_of(root: Path, name: str, text: str) -> int:
    lines = (root / name).read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text()
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1))


# -- YAML: recursion, aliases, size ----------------------------------------------------------


def test_self_referencing_alias_is_a_problem_not_a_recursion_error(story_dir: Path) -> None:
    (story_dir / "a" / "extra.yaml").write_text("x: &a [*a]\n")
    problem = only(problems(story_dir), "a/extra.yaml")
    assert "alias" in problem.message and (problem.line, problem.col) == (1, 4)


def test_five_hundred_nested_brackets(story_dir: Path) -> None:
    (story_dir / "a" / "extra.yaml").write_text("x: " + "[" * 500 + "]" * 500 + "\n")
    problem = only(problems(story_dir), "a/extra.yaml")
    assert f"more than {limits.MAX_NESTING} levels" in problem.message
    assert problem.line == 1 and problem.col > 1


def test_a_hundred_thousand_brackets(story_dir: Path) -> None:
    (story_dir / "a" / "extra.yaml").write_text("[\n" * 100_000)
    assert "nesting" in only(problems(story_dir), "a/extra.yaml").message
    (story_dir / "a" / "extra.yaml").write_text("[" * 100_000)  # on one line
    assert "line longer" in only(problems(story_dir), "a/extra.yaml").message


def test_block_nesting_on_one_line() -> None:
    with pytest.raises(YamlProblem):
        read_yaml("- " * 3000 + "x")


def test_alias_bomb_is_refused_without_expanding_it(story_dir: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 10):
        levels.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    (story_dir / "a" / "bomb.yaml").write_text("\n".join(levels) + "\n")
    problem = only(problems(story_dir), "a/bomb.yaml")
    assert "aliases expanded" in problem.message and problem.line > 1


def test_alias_count_is_limited() -> None:
    text = "a: &a x\nb: [" + ", ".join(["*a"] * (limits.MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(YamlProblem, match="aliases in one file"):
        read_yaml(text)


def test_ordinary_aliases_still_work() -> None:
    data, _ = read_yaml("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2]}


def test_a_twenty_megabyte_scene_is_refused_with_a_message(story_dir: Path) -> None:
    big = "title: Big\nact: 1\nlocation: Unity\ntext: |\n" + ("  word " * 12 + "\n") * 240_000
    (story_dir / "a" / "big.yaml").write_text(big)
    assert (story_dir / "a" / "big.yaml").stat().st_size > 20_000_000
    problem = only(problems(story_dir), "a/big.yaml")
    assert "far too large" in problem.message and (problem.line, problem.col) == (1, 1)


def test_a_scene_line_past_the_limit(story_dir: Path) -> None:
    edit(story_dir, "a/module.yaml", "Fans hum.", "x" * (limits.MAX_LINE_CHARS + 1))
    problem = only(problems(story_dir), "a/module.yaml")
    assert "line longer than" in problem.message and problem.line == 4


def test_a_scene_symlinked_to_dev_zero_is_skipped(story_dir: Path) -> None:
    (story_dir / "a" / "zero.yaml").symlink_to("/dev/zero")
    story = load_story(story_dir)  # a warning: the rest of the story still loads
    assert "a/zero" not in story.scenes
    edit(story_dir, "a/hatch.yaml", "goto: a/module", "goto: a/zero")  # not a scene at all
    problem = only(problems(story_dir), "a/hatch.yaml")
    assert "goto 'a/zero': no such scene" in problem.message


def test_a_fifo_named_like_a_scene_does_not_block(story_dir: Path) -> None:
    os.mkfifo(story_dir / "a" / "pipe.yaml")
    from iss_adventure.engine.analysis import check

    story = load_story(story_dir)
    report = check(story)
    assert report.ok


def test_a_fifo_story_file_is_an_error(story_dir: Path) -> None:
    (story_dir / "story.yaml").unlink()
    os.mkfifo(story_dir / "story.yaml")
    problem = only(problems(story_dir), "story.yaml")
    assert "not a regular file" in problem.message


def test_a_scene_file_name_that_is_not_utf8(story_dir: Path) -> None:
    bad = os.fsencode(str(story_dir / "a")) + b"/sc\xffene.yaml"
    with open(bad, "wb") as handle:
        handle.write((story_dir / "a" / "module.yaml").read_bytes())
    found = problems(story_dir)
    problem = next(p for p in found if "not UTF-8" in p.message)
    assert problem.file == "a/sc\\xffene.yaml"
    str(problem).encode("utf-8")  # printable


# -- numbers, timeouts, names: refused at load, not at run time ------------------------------


def test_a_huge_integer_literal_in_a_condition(story_dir: Path) -> None:
    edit(story_dir, "a/hatch.yaml", "if: trust.boris >= 1", "if: trust.boris >= " + "9" * 4300)
    problem = only(problems(story_dir), "a/hatch.yaml")
    assert "at most" in problem.message
    assert problem.line == line_of(story_dir, "a/hatch.yaml", "9" * 100)


def test_a_huge_integer_in_a_declaration(story_dir: Path) -> None:
    edit(story_dir, "story.yaml", "max: 3, initial: 1", "max: " + "9" * 40 + ", initial: 1")
    problem = only(problems(story_dir), "story.yaml")
    assert "whole number may be at most" in problem.message
    assert problem.line == line_of(story_dir, "story.yaml", "9" * 40)


def test_a_5000_digit_declaration(story_dir: Path) -> None:
    edit(story_dir, "story.yaml", "max: 3, initial: 1", "max: " + "9" * 5000 + ", initial: 1")
    problem = only(problems(story_dir), "story.yaml")
    assert "whole number may be at most" in problem.message


@pytest.mark.parametrize("seconds", [".inf", ".nan", "-.inf", "1e400", "100000"])
def test_timeouts_that_would_crash_the_countdown(story_dir: Path, seconds: str) -> None:
    edit(story_dir, "a/module.yaml", "choices:\n", f"timeout: {{seconds: {seconds}, "
         "choice: leave}\nchoices:\n")
    problem = only(problems(story_dir), "a/module.yaml")
    assert problem.line == 10 and ("timeout seconds must be" in problem.message
                                   or "> 0.0" in problem.message)


def test_a_blank_crew_name(story_dir: Path) -> None:
    edit(story_dir, "story.yaml", "name: Anna Ivanova", "name: ' '")
    problem = only(problems(story_dir), "story.yaml")
    assert "name is blank" in problem.message
    assert problem.line == line_of(story_dir, "story.yaml", "name: ' '")


# -- expressions ----------------------------------------------------------------------------


@pytest.fixture
def compiler() -> Compiler:
    return Compiler((Variable("n", "int", 0, "n", None, None, None),
                     Variable("b", "bool", False, "b", None, None, None)))


@pytest.mark.parametrize("source", [
    "n" + " + n" * 999 + " > 1",  # 1,000 terms
    "not " * 1000 + "b",
    "-" * 2000 + "n > 0",
    "n" + "+n" * 400 + " > 1",  # short enough, but nested 400 deep
    "-" * 300 + "n > 0",
    "not " * 200 + "b",
])
def test_deep_expressions_are_refused_not_recursed(compiler: Compiler, source: str) -> None:
    with pytest.raises(ExprError, match=r"at most|nested"):
        compiler.condition(source)


def test_integer_literals_are_bounded(compiler: Compiler) -> None:
    compiler.condition(f"n > {limits.MAX_INT}")
    with pytest.raises(ExprError, match="at most") as caught:
        compiler.condition(f"n > {limits.MAX_INT + 1}")
    assert caught.value.col == 4


def test_arithmetic_is_clamped_to_the_integer_limit(compiler: Compiler) -> None:
    _, fn = compiler.effect(f"n = {limits.MAX_INT} * {limits.MAX_INT}")
    assert fn((0, False)) == limits.MAX_INT


def test_the_shipped_story_is_far_inside_every_limit() -> None:
    from iss_adventure.engine.resources import default_story_dir

    story: Story = load_story(default_story_dir())
    assert story.scenes


def test_a_story_past_the_total_size_or_file_count(story_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from iss_adventure.engine import storyfiles

    monkeypatch.setattr(storyfiles, "MAX_STORY_BYTES", 600)
    assert any("in all" in p.message for p in problems(story_dir))
    monkeypatch.setattr(storyfiles, "MAX_STORY_BYTES", 10**9)
    monkeypatch.setattr(storyfiles, "MAX_STORY_FILES", 3)
    assert any("at most 3 are read" in p.message for p in problems(story_dir))


def test_visible_shows_undecodable_bytes_of_names() -> None:
    from iss_adventure.engine.terminal import visible

    name = os.fsdecode(b"a/\xff\x9b.yaml")
    assert visible(name) == "a/\\xff\\x9b.yaml"
    visible(name).encode("utf-8")  # printable on any UTF-8 terminal
    assert visible("\ud800x") == "�x"
