"""The game controller without Textual: every move records, autosaves and tells the player."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from iss_adventure.engine.machine import InvalidChoice
from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import Profile, Settings, load_settings
from iss_adventure.engine.saves import SaveStore
from iss_adventure.tui.game import Game

NOW = datetime(2031, 5, 4, 9, 30)


@pytest.fixture
def game(demo_story: Story, data_home: Path) -> Game:
    """A game on the demo story: settings in `data_home`, saves and profile in `home`."""
    return Game(demo_story, home=data_home, settings=Settings(typewriter=False),
                clock=lambda: 100.0, now=lambda: NOW)


def test_a_choice_records_the_profile_and_autosaves(game: Game, home: Path) -> None:
    writes: list[int] = []
    game.on_write = lambda: writes.append(1)
    game.new()
    game.choose("knock")
    assert game.session is not None and game.session.state.scene == "a/module"
    assert "a/hatch#knock" in game.profile.choices_seen and len(writes) == 2
    game.flush()
    assert Profile.load(home).choices_seen >= {"a/hatch#knock"}
    loaded = SaveStore(home).load("auto", game.story)
    assert loaded.state == game.session.state


def test_undo_redo_and_the_timeline_is_the_only_state(game: Game) -> None:
    session = game.new()
    game.choose("knock")
    assert game.undo() is not None and session.state.scene == "a/hatch"
    assert session.state is session.timeline.current
    assert game.undo() is None
    assert game.redo() is not None and session.state.scene == "a/module"


def test_an_invalid_choice_changes_nothing(game: Game) -> None:
    game.new()
    with pytest.raises(InvalidChoice):
        game.choose("fly")
    assert game.session is not None and game.session.state.turn == 0


def test_save_load_and_jump_tell_the_player(game: Game) -> None:
    assert game.save("1") is None  # nothing to save yet
    assert "Start or continue" in game.notices[-1].message
    game.new()
    game.choose("knock")
    assert game.save("1") is not None and "Saved to slot 1" in game.notices[-1].message
    game.new()
    session = game.load("1")
    assert session is not None and session.state.scene == "a/module"
    assert session.can_undo  # rebuilt by the replay
    assert game.load("7") is None and game.notices[-1].title == "Cannot load"
    jumped = game.jump(game.machine.new_game())
    assert jumped is game.session
    assert game.notices[-1].message.startswith("Jumped back to The Hatch.")  # on this run


def test_continue_without_a_save_says_so(game: Game) -> None:
    assert game.continue_latest() is None
    assert "no saved game" in game.notices[-1].message


def test_an_unreadable_save_folder_leaves_continue_off(game: Game,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: SaveStore) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(SaveStore, "latest", broken)
    assert game.latest_save() is None
    assert game.where_last() == game.machine.new_game()


def test_a_failed_autosave_is_a_notice_not_a_crash(game: Game, home: Path) -> None:
    game.new()
    if home.exists():
        shutil.rmtree(home)
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file where the story's data folder should be")
    game.flush()
    assert any(n.message.startswith("Autosave failed") for n in game.notices)


def test_settings_are_kept(game: Game, data_home: Path) -> None:
    game.apply_settings(Settings(theme="nord", typewriter=False, timers=False))
    assert load_settings(data_home) == Settings(theme="nord", typewriter=False, timers=False)
    assert game.settings.theme == "nord"


def test_unsavable_settings_are_a_notice(game: Game, data_home: Path) -> None:
    data_home.mkdir(parents=True, exist_ok=True)
    (data_home / "settings.json").mkdir()
    game.apply_settings(Settings(theme="nord"))
    assert game.notices[-1].severity == "error"
    assert "Settings could not be saved" in game.notices[-1].message


def test_where_last_falls_back_to_a_new_game_when_the_save_breaks(
        game: Game, monkeypatch: pytest.MonkeyPatch) -> None:
    from iss_adventure.engine.saves import SaveError

    game.new()
    game.choose("knock")
    game.save("2")
    game.session = None

    def broken(self: SaveStore, slot: str, story: Story) -> None:
        raise SaveError("Cannot load Slot 2: the file is cut short: it was damaged.")

    monkeypatch.setattr(SaveStore, "load", broken)
    assert game.where_last() == game.machine.new_game()


def test_a_failed_save_is_a_notice(game: Game, home: Path) -> None:
    game.new()
    if home.exists():
        shutil.rmtree(home)
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file where the story's data folder should be")  # nothing can be saved
    assert game.save("3") is None
    assert game.notices[-1].title == "Cannot save" and game.notices[-1].severity == "error"


def test_a_folder_in_a_slots_place_is_kept_and_the_save_still_made(game: Game,
                                                                    home: Path) -> None:
    """Not a regular file, so not a save this game can read: renamed aside, never replaced,
    and the player told so (the controller's "File kept" notice)."""
    game.new()
    home.mkdir(parents=True, exist_ok=True)
    (home / "save-3.json").mkdir()
    (home / "save-3.json" / "keep.txt").write_text("mine")
    assert game.save("3") is not None
    assert (home / "save-3.json.unreadable-1" / "keep.txt").read_text() == "mine"
    kept = [n for n in game.notices if n.title == "File kept"]
    assert len(kept) == 1 and "save-3.json.unreadable-1" in kept[0].message
    assert kept[0].severity == "warning"


def test_an_os_error_while_loading_is_a_notice(game: Game,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: SaveStore, slot: str, story: Story) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(SaveStore, "load", broken)
    assert game.load("1") is None and game.notices[-1].title == "Cannot load"
    assert game.session is None


def test_new_mods_reload_the_story_and_the_game_on_screen_is_kept(
        game: Game, home: Path, data_home: Path) -> None:
    game.new()
    game.choose("knock")
    assert game.apply_mods([])  # nothing installed: the same story, reloaded
    assert game.session is None and load_settings(data_home).mods == []
    assert SaveStore(home).load("auto", game.story).state.scene == "a/module"
    assert game.notices[-1].message == "Mods on: none."
    assert game.new().state.scene == "a/hatch"


def test_a_save_made_with_other_mods_says_so(game: Game, home: Path) -> None:
    import dataclasses

    game.new()
    game.save("1")
    game.replace_story(dataclasses.replace(game.story, mods=("ham-radio@1.0",)))
    assert game.load("1") is not None
    changed = [n for n in game.notices if n.title == "Mods changed"]
    assert changed and "ham-radio@1.0" in changed[0].message


def test_text_read_and_choices_taken_carry_over_to_the_next_run(game: Game, home: Path) -> None:
    from iss_adventure.tui.replay import taken_before

    session = game.new()
    texts = session.paragraphs()
    first = session.state
    assert game.reading.marks(game.profile, first, "a/hatch", texts) == [False] * len(texts)
    # the same scene shown again (back from the title, a watch reload): still new to the player
    assert game.reading.marks(game.profile, first, "a/hatch", texts) == [False] * len(texts)
    assert taken_before(game.profile, "a/hatch", session.choices()) == set()
    after = game.choose("no")
    game.reading.marks(game.profile, after, after.scene, session.paragraphs())  # shown
    assert game.undo() == first  # back after another scene was shown: read before now
    assert game.reading.marks(game.profile, first, "a/hatch", texts) == [True] * len(texts)
    game.redo()
    game.flush()
    again = Game(game.story, home=game.directory, settings=game.settings,
                 clock=lambda: 100.0, now=lambda: NOW)  # a later start of the game
    session = again.new()
    assert again.reading.marks(again.profile, session.state, "a/hatch",
                               session.paragraphs()) == [True] * len(texts)
    assert taken_before(again.profile, "a/hatch", session.choices()) == {"no"}
