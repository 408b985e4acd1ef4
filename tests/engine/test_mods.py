"""Mods laid over a story: replacement by id, patches by scene and choice id, conflicts, and
every problem pointing into the file it came from."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from iss_adventure.engine.analysis import DEFAULT_BUDGET, Report, check, explore
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.problems import StoryError

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "fixtures" / "demo"
SCENES = ROOT / "scenes"
EXAMPLE = ROOT / "mods" / "ham-radio"

MANIFEST = """\
id: {id}
title: Test mod {id}
version: "1.0"
story: demo
"""


def make_mod(root: Path, name: str, files: dict[str, str], manifest: str | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "mod.yaml").write_text(manifest if manifest is not None
                                     else MANIFEST.format(id=name))
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder


@pytest.fixture(scope="module")
def example() -> tuple[Story, Report]:
    """The shipped story with the example mod, and its check report (explored once)."""
    story = load_story(SCENES, [EXAMPLE])
    return story, check(story)


def problems_of(*mods: Path) -> list[str]:
    with pytest.raises(StoryError) as err:
        load_story(DEMO, mods)
    return [str(p) for p in err.value.problems]


NEW_SCENE = """\
    title: The Airlock
    act: 1
    location: Unity
    text: Suits on the wall.
    choices:
      - id: back
        text: Go back.
        goto: a/module
"""


def test_the_example_mod_adds_a_branch_an_ending_a_variable_and_a_patched_choice() -> None:
    base = load_story(SCENES)
    story = load_story(SCENES, [EXAMPLE])
    assert story.mods == ("ham-radio@1.0",)
    assert {"ham/columbus", "ham/voice", "ham/pass", "ham/relay"} <= set(story.scenes)
    assert len(story.scenes) == len(base.scenes) + 4
    assert "heard.ground" in story.index and "heard.ground" not in base.index
    dead_air = story.scenes["act2/dead_air"]
    assert [c.id for c in dead_air.choices] == [
        *(c.id for c in base.scenes["act2/dead_air"].choices), "ham"]
    ham = dead_air.choice("ham")
    assert ham is not None and ham.position.file == f"{EXAMPLE}/patches/dead_air.yaml"
    assert len(dead_air.variants) == len(base.scenes["act2/dead_air"].variants) + 1
    assert story.from_mod["act2/dead_air"] == "ham-radio"
    assert story.from_mod["ham/relay"] == "ham-radio"
    assert "act1/docking" not in story.from_mod
    assert story.scenes["ham/relay"].ending is not None
    assert story.fingerprint != base.fingerprint


def test_the_example_mod_checks_clean_and_its_ending_is_reachable(
        example: tuple[Story, Report]) -> None:
    story, report = example
    # Nothing from the mod; the shipped story's own findings are listed in tests/story.
    from_mod = [str(p) for p in report.problems if "mods/" in p.file.replace("\\", "/")]
    assert report.ok and not from_mod, [str(p) for p in report.problems]
    assert all(p.message.startswith(("never shown", "always shown", "route"))
               for p in report.warnings), [str(p) for p in report.warnings]
    relay = next(e for e in report.endings if e.id == "relay")
    assert relay.reachable and relay.witness
    # the witness path is playable: it goes through the patched choice and the new scenes
    machine = Machine(story)
    state = machine.new_game(0)
    for choice in relay.witness:
        state = machine.choose(state, choice)
    assert state.scene == "ham/relay"
    assert any(step.scene == "act2/dead_air" and step.choice == "ham" for step in state.log)


def test_a_scene_with_a_known_id_replaces_and_a_new_id_adds(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, "swap", {
        "a/truss.yaml": """\
            title: A Calmer Truss
            act: 2
            location: Truss
            text: Nothing happens out here.
            choices:
              - id: in
                text: Go in.
                goto: x/airlock
        """,
        "x/airlock.yaml": NEW_SCENE,
    })
    story = load_story(DEMO, [mod])
    assert story.scenes["a/truss"].title == "A Calmer Truss"
    assert story.scenes["a/truss"].position.file == f"{mod}/a/truss.yaml"
    assert story.scenes["x/airlock"].choices[0].routes[0].target == "a/module"
    assert story.from_mod == {"a/truss": "swap", "x/airlock": "swap"}


def test_patch_adds_replaces_and_removes_choices_and_replaces_text(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, "tweak", {
        "p.yaml": """\
            patch: a/hatch
            text: The hatch is brand new.
            add_variants:
              - if: trust.boris >= 1
                text: Boris waves.
            remove_choices: ["no"]
            replace_choices:
              - id: knock
                text: Knock three times.
                goto: a/module
            add_choices:
              - id: airlock
                text: Try the airlock.
                goto: x/airlock
        """,
        "x/airlock.yaml": NEW_SCENE,
    })
    base = load_story(DEMO).scenes["a/hatch"]
    hatch = load_story(DEMO, [mod]).scenes["a/hatch"]
    assert hatch.text == "The hatch is brand new."
    assert [c.id for c in hatch.choices] == ["knock", "boris", "airlock"]
    assert hatch.choice("knock").text == "Knock three times."
    assert len(hatch.variants) == len(base.variants) + 1
    assert hatch.choice("boris").position == base.choice("boris").position  # untouched
    assert hatch.choice("airlock").position.file == f"{mod}/p.yaml"
    assert hatch.choice("airlock").position.line == 12


def test_problems_in_patched_choices_point_into_the_mod_file(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, "typo", {
        "p.yaml": """\
            patch: a/hatch
            add_choices:
              - id: oops
                text: Go nowhere.
                if: trust.anan >= 1
                goto: a/modul
        """,
    })
    found = problems_of(mod)
    assert f"{mod}/p.yaml:5:9: error: in condition 'trust.anan >= 1': unknown variable " \
        "'trust.anan' (did you mean 'trust.anna'?)" in found
    assert f"{mod}/p.yaml:6:11: error: goto 'a/modul': no such scene (did you mean " \
        "'a/module'?)" in found
    assert len(found) == 2


def test_a_patch_whose_target_does_not_exist_is_an_error_at_the_patch(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, "lost", {
        "p.yaml": "# a comment\npatch: a/hach\nremove_choices: [knock]\n",
        "q.yaml": "patch: a/hatch\nremove_choices: [knok]\nreplace_choices:\n"
                  "  - {id: gone, text: x, goto: a/module}\n",
    })
    found = problems_of(mod)
    assert f"{mod}/p.yaml:2:8: error: patch target 'a/hach': no such scene in the story " \
        "(did you mean 'a/hatch'?)" in found
    assert f"{mod}/q.yaml:2:18: error: remove_choices: 'a/hatch' has no choice 'knok' " \
        "(did you mean 'knock'?)" in found
    assert any(p.startswith(f"{mod}/q.yaml:4:") and "has no choice 'gone'" in p for p in found)


def test_a_mod_for_another_story_is_an_error(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, "other", {}, manifest="id: other\ntitle: O\nversion: '1'\n"
                   "story: iss\n")
    assert problems_of(mod) == [f"{mod}/mod.yaml:4:8: error: this mod is for the story 'iss', "
                                "not 'demo': it cannot be loaded with it"]


def test_a_folder_without_mod_yaml_and_a_bad_manifest(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert problems_of(tmp_path / "empty") == [
        f"{tmp_path}/empty/mod.yaml:1:1: error: not a mod folder: mod.yaml is missing"]
    bad = make_mod(tmp_path, "bad", {}, manifest="id: Bad Mod\ntitle: B\nverison: '1'\n")
    found = problems_of(bad)
    assert found == [f"{bad}/mod.yaml:3:1: error: unknown key 'verison' (did you mean "
                     "'version'?)"]


def test_two_mods_touching_one_scene_or_choice_warn_naming_both_and_the_winner(
        tmp_path: Path) -> None:
    first = make_mod(tmp_path, "first", {
        "a/truss.yaml": NEW_SCENE,
        "p.yaml": "patch: a/hatch\nreplace_choices:\n  - {id: knock, text: One, goto: a/module}\n",
    })
    second = make_mod(tmp_path, "second", {
        "a/truss.yaml": NEW_SCENE.replace("The Airlock", "Second Airlock"),
        "p.yaml": "patch: a/hatch\nreplace_choices:\n  - {id: knock, text: Two, goto: a/module}\n",
    })
    story = load_story(DEMO, [first, second])
    assert story.scenes["a/truss"].title == "Second Airlock"
    assert story.scenes["a/hatch"].choice("knock").text == "Two"
    warnings = [str(p) for p in story.warnings]
    assert f"{second}/a/truss.yaml:1:1: warning: conflict: scene 'a/truss' is also changed by " \
        f"mod 'first' ({first}/a/truss.yaml); this mod loads later, so its version wins" \
        in warnings
    assert any(w.startswith(f"{second}/p.yaml:3:") and "choice 'knock' of 'a/hatch'" in w
               and f"({first}/p.yaml)" in w for w in warnings)
    # the order given is the load order
    assert load_story(DEMO, [second, first]).scenes["a/truss"].title == "The Airlock"


def test_after_moves_a_mod_behind_the_ones_it_names(tmp_path: Path) -> None:
    late = make_mod(tmp_path, "late", {"a/truss.yaml": NEW_SCENE.replace("The Airlock", "Late")},
                    manifest=MANIFEST.format(id="late") + "after: [early]\n")
    early = make_mod(tmp_path, "early", {"a/truss.yaml": NEW_SCENE})
    story = load_story(DEMO, [late, early])
    assert story.mods == ("early@1.0", "late@1.0")
    assert story.scenes["a/truss"].title == "Late"


def test_mods_add_variables_acts_locations_and_crew(tmp_path: Path) -> None:
    manifest = MANIFEST.format(id="more") + textwrap.dedent("""\
        variables:
          trust.cleo: {type: int, min: 0, max: 3, initial: 1, label: "Cleo's trust"}
        acts: {3: Three}
        locations: {Kibo: us}
        crew:
          - {id: cleo, name: Cleo Ames, role: Doctor, agency: ESA, trust: trust.cleo}
    """)
    mod = make_mod(tmp_path, "more", {"x/lab.yaml": """\
        title: Kibo
        act: 3
        location: Kibo
        text: Cleo is here.
        choices:
          - {id: talk, text: Talk., do: [trust.cleo += 1], goto: a/module}
    """}, manifest=manifest)
    story = load_story(DEMO, [mod])
    assert story.variable("trust.cleo").position.file == f"{mod}/mod.yaml"
    assert story.acts[3] == "Three" and story.locations["Kibo"] == "us"
    assert [m.id for m in story.crew][-1] == "cleo"


def test_a_mod_cannot_declare_a_variable_twice(tmp_path: Path) -> None:
    manifest = MANIFEST.format(id="dup") + "variables:\n  trust.anna: {type: bool, initial: true}\n"
    mod = make_mod(tmp_path, "dup", {}, manifest=manifest)
    found = problems_of(mod)
    assert len(found) == 1
    assert found[0].startswith(f"{mod}/mod.yaml:6:3: error: variable 'trust.anna' is already "
                               "declared at story.yaml:")


def test_base_problems_still_point_at_base_files(tmp_path: Path) -> None:
    story = tmp_path / "story"
    import shutil

    shutil.copytree(DEMO, story)
    text = (story / "a" / "hatch.yaml").read_text()
    (story / "a" / "hatch.yaml").write_text(text.replace("goto: a/module", "goto: a/modul", 1))
    mod = make_mod(tmp_path, "ok", {"x/airlock.yaml": NEW_SCENE})
    with pytest.raises(StoryError) as err:
        load_story(story, [mod])
    assert [p.file for p in err.value.problems] == ["a/hatch.yaml"]


def way_to(story: Story, scene: str) -> list[str]:
    """The choices of a shortest path to `scene`. The search is breadth-first, so one that
    stops early (a small budget) finds the same path as the full check, in a tenth of the
    time; only if the ending lies further out does it search the whole story."""
    for budget in (50_000, DEFAULT_BUDGET):
        found = explore(story, budget).endings.get(scene)
        if found is not None:
            return found[0]
    raise AssertionError(f"{scene} is not reachable")


def test_a_save_records_its_mods_and_loading_with_others_says_so(tmp_path: Path) -> None:
    from datetime import datetime

    from iss_adventure.engine.saves import SaveStore

    story = load_story(SCENES, [EXAMPLE])
    machine = Machine(story)
    state = machine.new_game(0)
    for choice in way_to(story, "ham/relay"):
        state = machine.choose(state, choice)
    store = SaveStore(tmp_path)
    store.save("1", story, state, 10.0, datetime(2031, 1, 1))
    same = store.load("1", story)
    assert same.mods_changed is None and same.stopped is None and same.state == state

    plain = load_story(SCENES)
    loaded = store.load("1", plain)
    assert loaded.mods_changed == ("This save was made with ham-radio@1.0; the game now runs "
                                   "with no mods.")
    assert loaded.stopped is not None and "ham" in loaded.stopped  # replayed as far as it fits
    assert loaded.state.scene == "act2/dead_air"


def test_choices_added_to_an_ending_are_reported_in_the_patch(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, "more", {
        "p.yaml": "patch: end/quiet\nadd_choices:\n  - {id: again, text: Again., goto: a/hatch}\n",
    })
    found = problems_of(mod)
    assert found == [f"{mod}/p.yaml:3:5: error: an ending has no choices"]
