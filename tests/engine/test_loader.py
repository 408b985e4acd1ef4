"""Loading scene files: YAML 1.2, schema, positions, and every problem collected."""

from __future__ import annotations

from pathlib import Path

import pytest

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.problems import StoryError
from iss_adventure.engine.yamlread import read_yaml

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_demo_loads(demo_story) -> None:  # type: ignore[no-untyped-def]
    assert demo_story.title == "Demo Orbit"
    assert demo_story.start == "a/hatch"
    assert set(demo_story.scenes) >= {"a/hatch", "a/module", "end/home"}
    no = demo_story.scenes["a/hatch"].choice("no")
    assert no is not None and no.text == "No"  # YAML 1.2: No stays text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: No", "No"), ("a: yes", "yes"), ("a: on", "on"), ("a: true", True),
        ("a: False", False), ("a: 6:12", "6:12"), ("a: 010", 10), ("a: 0x1F", 31),
        ("a: 2024-01-19", "2024-01-19"), ("a: ~", None), ("a: 1.5", 1.5), ("a: -3", -3),
    ],
)
def test_yaml_1_2_core_schema(text: str, value: object) -> None:
    data, _ = read_yaml(text)
    assert data == {"a": value}


def _problems(root: Path) -> list[str]:
    with pytest.raises(StoryError) as err:
        load_story(root)
    return [str(p) for p in err.value.problems]


def test_planted_faults_all_reported_with_positions() -> None:
    found = "\n".join(_problems(FIXTURES / "faults"))
    expected = [
        "x/effects.yaml:3:11: error: unknown location 'Mars'",
        "x/effects.yaml:8:22: error: in effect 'trust.ana = \"high\"': trust.ana is a number",
        "x/effects.yaml:13:9: error: in effect 'trust.anna += 1': unknown variable 'trust.anna' "
        "(did you mean 'trust.ana'?)",
        "x/schema.yaml:2:6: error: expected 'int', got 'str'",
        "x/start.yaml:8:11: error: goto 'x/middel': no such scene (did you mean 'x/middle'?)",
        "x/start.yaml:9:9: error: duplicate choice id 'go'",
        "x/start.yaml:14:9: error: in condition 'len(trust.ana) > 1': function calls are not "
        "allowed",
        "x/start.yaml:18:9: error: in condition 'trust.ana and flag.seen': and needs true/false",
        "x/syntax.yaml:5:1: error: YAML syntax",
        "x/typo.yaml:3:1: error: unknown key 'locaton' (did you mean 'location'?)",
    ]
    for line in expected:
        assert line in found, f"missing: {line}\n---\n{found}"


def _story(tmp_path: Path, scene: str, story_extra: str = "") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "story.yaml").write_text(
        "title: T\nstart: s\nvariables:\n  n: {type: int, min: 0, max: 3, initial: 0}\n"
        + story_extra
    )
    (tmp_path / "s.yaml").write_text(scene)
    return tmp_path


END = "ending: {id: e, title: E, tone: calm, summary: S}\n"


@pytest.mark.parametrize(
    ("scene", "fragment"),
    [
        ("title: A\nact: 1\nlocation: X\n" + END, "missing required field 'text'"),
        ("", "s.yaml:1:1: error: the file is empty"),
        ("- a\n- b\n", "not a mapping"),
        ("title: !!python/object:os.system x\nact: 1\nlocation: X\ntext: T\n" + END,
         "unsupported tag"),
        ("title: A\nact: 1\nlocation: X\ntext: T\nchoices:\n  - id: Bad Id\n    text: x\n"
         "    goto: s\n", "s.yaml:6:9: error: expected 'str' matching regex"),
        ("title: A\nact: 1\nlocation: X\ntext: T\nchoices:\n  - id: a\n    text: x\n"
         "    goto:\n      - {if: n > 1, to: s}\n", "the last route must have no `if`"),
        ("title: A\nact: 1\nlocation: X\ntext: T\ntimeout: {seconds: 5, choice: b}\n"
         "choices:\n  - {id: a, text: x, goto: s}\n", "timeout choice 'b' is not a choice"),
        ("title: A\nact: 1\nlocation: X\ntext: T\nchoices:\n  - {id: a, text: x, goto: s}\n"
         + END, "an ending has no choices"),
    ],
)
def test_scene_problems(tmp_path: Path, scene: str, fragment: str) -> None:
    found = "\n".join(_problems(_story(tmp_path, scene)))
    assert fragment in found, found


def test_duplicate_key_is_reported(tmp_path: Path) -> None:
    scene = "title: A\nact: 1\nlocation: X\ntext: T\ntitle: B\n" + END
    found = "\n".join(_problems(_story(tmp_path, scene)))
    assert "s.yaml:5:1: error: duplicate key 'title'" in found


def test_story_file_problems(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(
        "title: T\nstart: nowhere\nformat: 9\nvariables:\n"
        "  n: {type: int, min: 5, max: 3, initial: 0}\n"
        "  s: {type: string, values: [a], initial: b}\n"
        "crew:\n  - {id: x, name: X, role: R, agency: A, trust: m}\n"
    )
    found = "\n".join(_problems(tmp_path))
    for fragment in ["start scene 'nowhere' does not exist", "format 9 is newer",
                     "min 5 is above max 3", "initial 'b' is not one of",
                     "trust of x must name a declared int variable"]:
        assert fragment in found, found


def test_missing_story_and_unreadable_files(tmp_path: Path) -> None:
    assert "story.yaml is missing" in _problems(tmp_path)[0]
    assert "no such story directory" in _problems(tmp_path / "nope")[0]
    root = _story(tmp_path, "title: A\nact: 1\nlocation: X\ntext: T\n" + END)
    (root / "bin.yaml").write_bytes(b"title: \xff\xfe\n")
    assert any("bin.yaml:1:1: error: the file is not UTF-8" in p for p in _problems(root))


def test_hidden_folders_skipped_but_a_hidden_root_loads(tmp_path: Path) -> None:
    root = _story(tmp_path / ".venv" / "story", "title: A\nact: 1\nlocation: X\ntext: T\n" + END)
    (root / ".git").mkdir()
    (root / ".git" / "junk.yaml").write_text("not: [a scene")
    assert set(load_story(root).scenes) == {"s"}


def test_package_has_the_story_path_for_wheels() -> None:
    from iss_adventure.engine.resources import default_story_dir

    assert (default_story_dir() / "story.yaml").is_file()


def test_a_string_variables_words_are_checked_where_they_are_written(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(
        "title: T\nstart: s\nvariables:\n"
        "  at: {type: string, values: [us, ru], initial: us,\n"
        "       words: {us: in the US segment, uss: in the Russian segment, ru: ' '}}\n"
        "  n:\n    type: int\n    initial: 0\n    words: {zero: none}\n"
    )
    (tmp_path / "s.yaml").write_text("title: A\nact: 1\nlocation: X\ntext: T\n" + END)
    found = "\n".join(_problems(tmp_path))
    assert ("story.yaml:5:39: error: at: `words` names 'uss', which is not one of its values "
            "['us', 'ru'] (did you mean 'us'?)") in found, found
    assert "story.yaml:5:72: error: at: the words for 'ru' must be one line of text" in found
    assert "story.yaml:9:5: error: n: `words` name how each of a string variable's `values` " \
        "reads; an int variable has none" in found


def test_words_say_how_a_value_reads(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(
        "title: T\nstart: s\nvariables:\n"
        "  at: {type: string, values: [us, ru, out], initial: us, label: Where Anna is,\n"
        "       words: {us: in the US segment, ru: in the Russian segment}}\n"
        "  seen: {type: bool, initial: false}\n"
    )
    (tmp_path / "s.yaml").write_text("title: A\nact: 1\nlocation: X\ntext: T\n" + END)
    story = load_story(tmp_path)
    at, seen = story.variable("at"), story.variable("seen")
    assert [at.word(v) for v in ("us", "ru", "out")] == [
        "in the US segment", "in the Russian segment", "out"]  # one left out reads as written
    assert (seen.word(True), seen.word(False)) == ("yes", "no")
