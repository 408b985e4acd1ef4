"""The rough edges a new modder hit first, each found by trying (issue 10)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from iss_adventure.engine.expr import Compiler, ExprError
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.problems import StoryError

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A private copy of the demo story to break."""
    shutil.copytree(DEMO, tmp_path / "story")
    return tmp_path / "story"


def problems(root: Path) -> list[str]:
    with pytest.raises(StoryError) as err:
        load_story(root)
    return [str(p) for p in err.value.problems]


def test_loading_from_inside_the_story_folder_keeps_whole_ids(
        story: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(story)
    for root in (".", "./", Path(".")):
        loaded = load_story(root)
        assert set(loaded.scenes) == set(load_story(story).scenes)
        assert "a/hatch" in loaded.scenes
    monkeypatch.chdir(story / "a")
    assert "a/hatch" in load_story("..").scenes


def test_a_scene_that_does_not_parse_is_the_only_problem_reported(story: Path) -> None:
    (story / "a" / "module.yaml").write_text("title: [unclosed\nact: 1\n")
    found = problems(story)
    assert len(found) == 1, found
    assert found[0].startswith("a/module.yaml:")
    assert "no such scene" not in found[0]


def test_an_unclosed_bracket_names_the_line_where_it_opened(story: Path) -> None:
    (story / "end" / "quiet.yaml").write_text(
        "title: Quiet\nact: 2\nlocation: [Unity\ntext: It ends.\n\nending: {id: quiet}\n")
    (found,) = problems(story)
    assert found.startswith("end/quiet.yaml:4:")
    assert "opened at line 3, column 11" in found


def test_an_unclosed_quote_names_the_line_where_it_opened(story: Path) -> None:
    (story / "end" / "quiet.yaml").write_text(
        'title: "Quiet\nact: 2\nlocation: Unity\ntext: It ends.\n')
    (found,) = problems(story)
    assert "opened at line 1, column 8" in found


def test_a_control_character_is_reported_at_its_own_line(story: Path) -> None:
    (story / "end" / "quiet.yaml").write_text(
        "title: Quiet\nact: 2\nlocation: Unity\ntext: It \x07ends.\n")
    (found,) = problems(story)
    assert found.startswith("end/quiet.yaml:4:10: error: YAML syntax: control character U+0007")


@pytest.mark.parametrize("name", ['"true"', "False", "import", "trust.class", "None",
                                  "knows.and", "null"])
def test_variables_named_like_literals_or_keywords_are_refused(story: Path, name: str) -> None:
    text = (story / "story.yaml").read_text()
    (story / "story.yaml").write_text(text.replace(
        "variables:\n", f"variables:\n  {name}: {{type: bool, initial: false}}\n", 1))
    if name in ("False", "null"):  # YAML reads these keys as a boolean and as null
        (found,) = problems(story)
        assert found.startswith("story.yaml:") and "expected 'str'" in found
        return
    found = problems(story)
    assert len(found) == 1 and "is not a valid variable name" in found[0], found
    assert found[0].startswith("story.yaml:")


@pytest.mark.parametrize("file", ["a/Hatch Two.yaml", "a/Big.yaml", "a/café.yaml"])
def test_scene_ids_follow_the_one_id_rule(story: Path, file: str) -> None:
    shutil.copy(story / "a" / "hatch.yaml", story / file)
    found = problems(story)
    assert len(found) == 1 and found[0].startswith(f"{file}:1:1: error: the scene id")


def test_hyphens_are_allowed_in_scene_and_choice_ids(story: Path) -> None:
    text = (story / "a" / "hatch.yaml").read_text().replace("id: knock", "id: knock-twice")
    (story / "a" / "side-door.yaml").write_text(text)
    loaded = load_story(story)
    assert loaded.scenes["a/side-door"].choice("knock-twice") is not None


def test_yml_files_load_and_a_yaml_yml_pair_clashes(story: Path) -> None:
    shutil.move(story / "end" / "quiet.yaml", story / "end" / "quiet.yml")
    assert "end/quiet" in load_story(story).scenes
    shutil.copy(story / "end" / "quiet.yml", story / "end" / "quiet.yaml")
    found = problems(story)
    assert len(found) == 1 and "already gives the scene id 'end/quiet'" in found[0]


def test_story_yaml_written_as_a_list_says_what_story_yaml_needs(story: Path) -> None:
    (story / "story.yaml").write_text("- title: Demo\n- start: a/hatch\n")
    (found,) = problems(story)
    assert "story.yaml needs at least title, id, start and variables" in found
    assert "scene" not in found


def test_arrow_gets_its_own_hint_not_the_one_for_equals() -> None:
    compiler = Compiler(load_story(DEMO).variables)
    with pytest.raises(ExprError) as err:
        compiler.condition("trust.anna => 2")
    assert ">=" in err.value.message and "==" not in err.value.message
    with pytest.raises(ExprError) as err:
        compiler.condition("trust.anna = 2")
    assert "use == to compare" in err.value.message
    with pytest.raises(ExprError) as err:
        compiler.condition("trust.anna >= 2x")
    assert "==" not in err.value.message


def test_a_story_without_an_id_warns_and_takes_the_folders_name(story: Path) -> None:
    text = (story / "story.yaml").read_text()
    (story / "story.yaml").write_text(text.replace("id: demo\n", ""))
    loaded = load_story(story)
    assert loaded.id == "story"
    (warning,) = loaded.warnings
    assert str(warning).startswith("story.yaml:1:1: warning: story.yaml has no `id`: using "
                                   "'story'")
    renamed = story.parent / "My Story!"
    os.rename(story, renamed)
    assert load_story(renamed).id == "my-story"


def test_a_bad_story_id_is_an_error(story: Path) -> None:
    text = (story / "story.yaml").read_text()
    (story / "story.yaml").write_text(text.replace("id: demo", "id: Demo Orbit"))
    (found,) = problems(story)
    assert found.startswith("story.yaml:1:5: error: story id 'Demo Orbit' must be lowercase")
