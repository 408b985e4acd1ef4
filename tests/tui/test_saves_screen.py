"""The saves screen and the confirm dialog: every binding, damaged saves, literal text."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Static

from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.saves import SaveError, SaveStore
from iss_adventure.tui.dialogs.confirm import ConfirmDialog
from iss_adventure.tui.screens.saves import SavesScreen, format_played, format_saved

FIXTURES = Path(__file__).parent.parent / "fixtures"
NEWER = b'{"format": 2, "story": "x"}'


def fill(store: SaveStore, story: Story) -> None:
    """quick, auto and slot 1 saved on fixed dates; slot 3 from a newer game; slot 4 truncated."""
    m = Machine(story)
    hatch = m.new_game(0)
    module = m.choose(hatch, "knock")
    read = m.choose(module, "read")
    store.save("1", story, module, 754, datetime(2031, 5, 1, 20, 15))
    store.save("auto", story, read, 3725, datetime(2031, 5, 3, 9, 0))
    store.save("quick", story, hatch, 12, datetime(2031, 5, 2, 18, 45))
    (store.directory / "save-3.json").write_bytes(NEWER)
    (store.directory / "save-4.json").write_bytes(b'{"format": 1, "sto')


@pytest.fixture
def store(tmp_path: Path, story: Story) -> SaveStore:
    s = SaveStore(tmp_path / "saves")
    fill(s, story)
    return s


def rows(app: App[Any]) -> list[list[str]]:
    table = app.screen.query_one("#saves-table", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def current(app: App[Any]) -> str | None:
    screen = app.screen
    assert isinstance(screen, SavesScreen)
    return screen.current


async def started(app: App[Any], pilot: Pilot[None]) -> None:
    await pilot.pause()
    assert isinstance(app.screen, SavesScreen)


# ---------------------------------------------------------------- load mode


async def test_load_lists_every_save_and_starts_on_the_latest(store: SaveStore,
                                                              story: Story, host,
                                                              screen_text) -> None:
    app = host(SavesScreen(store, story, "load"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        assert rows(app) == [
            ["Quicksave", "The Hatch", "Act 1", "0:00:12", "2031-05-02 18:45"],
            ["Autosave", "The Module", "Act 1", "1:02:05", "2031-05-03 09:00"],
            ["Slot 1", "The Module", "Act 1", "0:12:34", "2031-05-01 20:15"],
            ["Slot 3", "This save was made by a newer version o…", "", "", ""],
            ["Slot 4", "The file is cut short: it was damaged.", "", "", ""],
        ]
        assert current(app) == "auto"
        text = screen_text(app)
        assert "Load game" in text
        assert "Autosave: The Module · Act 1: One · 2 choices · played 1:02:05" in text


async def test_load_enter_dismisses_with_the_slot(store: SaveStore, story: Story, host) -> None:
    app = host(SavesScreen(store, story, "load"))
    async with app.run_test() as pilot:
        await started(app, pilot)
        await pilot.press("up", "enter")
        assert app.results == ["quick"]


@pytest.mark.parametrize(("mode", "start", "asked"), [
    ("load", "auto", "Load Quicksave?"), ("save", "2", "Overwrite Slot 1")])
async def test_an_arrow_and_enter_in_one_batch_take_the_slot_moved_to(
        store: SaveStore, story: Story, host, screen_text, mode: str, start: str,
        asked: str) -> None:
    """Keys that arrive together (typed fast, or batched by a browser): Enter acts on the
    slot the arrow moved to, not on the one the cursor was leaving."""
    from textual import events

    app = host(SavesScreen(store, story, mode, confirm_load=True))
    async with app.run_test() as pilot:
        await started(app, pilot)
        assert current(app) == start
        app.post_message(events.Key("up", None))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert asked in screen_text(app)


async def test_load_asks_first_when_progress_is_at_risk(store: SaveStore, story: Story, host,
                                                        screen_text) -> None:
    app = host(SavesScreen(store, story, "load", confirm_load=True))
    async with app.run_test() as pilot:
        await started(app, pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == ("Load Autosave? Progress since your last save will be "
                                       "lost.")
        assert "Load Autosave? Progress since your last save will be" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, SavesScreen) and app.results == []
        await pilot.press("enter")
        await pilot.press("enter")  # the focused button is Cancel
        assert isinstance(app.screen, SavesScreen) and app.results == []
        await pilot.press("enter", "y")
        assert app.results == ["auto"]


async def test_a_broken_save_cannot_be_loaded_and_says_why(store: SaveStore,
                                                           story: Story, host, screen_text) -> None:
    app = host(SavesScreen(store, story, "load"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        await pilot.press("down", "down", "down")
        assert current(app) == "4"
        assert "Slot 4 cannot be used: The file is cut short: it was damaged." in screen_text(app)
        detail = app.screen.query_one("#saves-detail", Static)
        assert detail.has_class("-broken")
        await pilot.press("up")
        assert "Update the game to load it." in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, SavesScreen) and app.results == []
        assert app.messages[-1][1] == "error"
        assert "newer version of ISS Adventure" in app.messages[-1][0]


async def test_no_saves_yet(tmp_path: Path, story: Story, host, screen_text) -> None:
    app = host(SavesScreen(SaveStore(tmp_path), story, "load"))
    async with app.run_test() as pilot:
        await started(app, pilot)
        assert "No saves yet. Press Escape to go back." in screen_text(app)
        await pilot.press("enter", "d")
        assert isinstance(app.screen, SavesScreen) and app.results == []
        await pilot.press("escape")
        assert app.results == [None]


# ---------------------------------------------------------------- save mode


async def test_save_mode_lists_the_numbered_slots_and_starts_on_an_empty_one(
        store: SaveStore, story: Story, host, screen_text) -> None:
    app = host(SavesScreen(store, story, "save"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        assert [r[0] for r in rows(app)] == [f"Slot {n}" for n in range(1, 10)]
        assert rows(app)[1] == ["Slot 2", "(empty)", "", "", ""]
        assert current(app) == "2"
        assert "Slot 2 is empty. Press Enter to save here." in screen_text(app)
        await pilot.press("enter")
        assert app.results == ["2"]


async def test_save_over_a_save_asks_first(store: SaveStore, story: Story, host,
                                           screen_text) -> None:
    app = host(SavesScreen(store, story, "save"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        await pilot.press("up", "enter")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Overwrite Slot 1 (The Hatch" not in screen_text(app)
        assert "Overwrite Slot 1 (The Module, saved 2031-05-01 20:15)?" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, SavesScreen) and app.results == []
        await pilot.press("enter")
        await pilot.click("#confirm-yes")
        assert app.results == ["1"]


async def test_save_over_a_broken_save_asks_first(store: SaveStore, story: Story, host,
                                                  screen_text) -> None:
    app = host(SavesScreen(store, story, "save"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        await pilot.press("down", "enter")
        assert "Slot 3 holds a damaged save. Overwrite it?" in screen_text(app)
        await pilot.press("y")
        assert app.results == ["3"]


async def test_clicking_the_highlighted_row_acts_like_enter(store: SaveStore,
                                                            story: Story, host) -> None:
    app = host(SavesScreen(store, story, "save"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        table = app.screen.query_one("#saves-table", DataTable)
        await pilot.click(table, offset=(2, 2))  # header, slot 1, slot 2: the highlighted row
        assert app.results == ["2"]


# ---------------------------------------------------------------- delete and close


@pytest.mark.parametrize("key", ["d", "delete"])
async def test_delete_asks_then_deletes(store: SaveStore, story: Story, key: str, host,
                                        screen_text) -> None:
    app = host(SavesScreen(store, story, "load"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        await pilot.press(key)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Delete Autosave? This cannot be undone." in screen_text(app)
        await pilot.press("n")
        assert store.path("auto").exists()
        await pilot.press(key, "y")
        assert isinstance(app.screen, SavesScreen)
        assert not store.path("auto").exists()
        assert [r[0] for r in rows(app)] == ["Quicksave", "Slot 1", "Slot 3", "Slot 4"]
        assert current(app) == "1"  # the cursor stays on the same row
        assert ("Autosave deleted.", "information") in app.messages
        assert app.results == []


async def test_a_broken_save_can_be_deleted(store: SaveStore, story: Story, host) -> None:
    app = host(SavesScreen(store, story, "save"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        await pilot.press("down", "d", "y")
        assert not store.path("3").exists()
        assert rows(app)[2] == ["Slot 3", "(empty)", "", "", ""]
        assert current(app) == "3"


async def test_deleting_an_empty_slot_just_says_so(store: SaveStore, story: Story, host) -> None:
    app = host(SavesScreen(store, story, "save"))
    async with app.run_test() as pilot:
        await started(app, pilot)
        await pilot.press("d")
        assert isinstance(app.screen, SavesScreen)
        assert app.messages == [("Slot 2 is already empty.", "information")]


async def test_a_failed_delete_is_reported(store: SaveStore, story: Story,
                                           monkeypatch: pytest.MonkeyPatch, host) -> None:
    def refuse(slot: str) -> None:
        raise SaveError(f"Could not delete Slot {slot}: Permission denied.")

    monkeypatch.setattr(store, "delete", refuse)
    app = host(SavesScreen(store, story, "save"))
    async with app.run_test() as pilot:
        await started(app, pilot)
        await pilot.press("up", "d", "y")
        assert app.messages == [("Could not delete Slot 1: Permission denied.", "error")]
        assert rows(app)[0][1] == "The Module"


async def test_escape_closes_with_none(store: SaveStore, story: Story, host) -> None:
    app = host(SavesScreen(store, story, "save"))
    async with app.run_test() as pilot:
        await started(app, pilot)
        await pilot.press("escape")
        assert app.results == [None]


@pytest.mark.parametrize(("mode", "enter"), [("save", "Save here"), ("load", "Load")])
async def test_footer_shows_the_bindings(store: SaveStore, story: Story, mode: Any,
                                         enter: str, host, screen_text) -> None:
    app = host(SavesScreen(store, story, mode))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert f"⏎ {enter}" in footer and "d Delete" in footer and "esc Close" in footer
        other = "Load" if mode == "save" else "Save here"
        assert other not in footer


# ---------------------------------------------------------------- literal text, tiny sizes


async def test_story_text_shows_literally(tmp_path: Path, host, screen_text, markup_story) -> None:
    story = markup_story
    store = SaveStore(tmp_path)
    store.save("1", story, Machine(story).new_game(0), 5, datetime(2031, 5, 1, 8, 0))
    (tmp_path / "save-2.json").write_bytes(b'{"format": 1, "info": "[bold]x[/] \x1b[31m"}')
    app = host(SavesScreen(store, story, "load"))
    async with app.run_test(size=(120, 24)) as pilot:
        await started(app, pilot)
        text = screen_text(app)
        assert "[bold]Not bold[/] ␛[31mtitle" in text
        assert "\x1b" not in text
        assert "Act 1: [crew]Act[/crew]" in text
        await pilot.press("d")
        assert "Delete Slot 1? This cannot be undone." in screen_text(app)


@pytest.mark.parametrize("mode", ["save", "load"])
async def test_at_60_columns_the_list_fits_without_act_and_played(store: SaveStore,
                                                                  story: Story, mode: Any,
                                                                  host, screen_text) -> None:
    """At 60 columns the table leaves out Act and Played (the detail line says both), and
    the Saved column is in view whole; at 80 and wider, and after widening, all five."""
    app = host(SavesScreen(store, story, mode))
    async with app.run_test(size=(60, 20)) as pilot:
        await started(app, pilot)
        table = app.screen.query_one("#saves-table", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["Slot", "Scene", "Saved"]
        text = screen_text(app)
        assert "2031-05-01 20:15" in text  # slot 1's Saved, whole
        if mode == "load":
            assert "2031-05-03 09:00" in text and "2031-05-02 18:45" in text
            detail = str(app.screen.query_one("#saves-detail", Static).render())
            assert "Act 1: One" in detail and "played 1:02:05" in detail
        assert all(len(line.rstrip()) <= 60 for line in text.splitlines())
        await pilot.resize_terminal(80, 20)
        await pilot.pause()
        assert len(table.columns) == 5 and all(len(row) == 5 for row in rows(app))
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert [str(c.label) for c in table.columns.values()] == ["Slot", "Scene", "Saved"]


async def test_a_long_scene_title_and_mods_are_cut_short_at_60_columns(tmp_path: Path,
                                                                       story: Story, host,
                                                                       screen_text) -> None:
    """A scene's title too long for the row ends in "…" so that Saved stays in view; the mods
    are cut short too, keeping "≠" (the save was made with other mods)."""
    long = dataclasses.replace(story, scenes={
        **story.scenes, "a/hatch": dataclasses.replace(
            story.scenes["a/hatch"], title="The Long Walk Along the Truss Towards Nauka")})
    store = SaveStore(tmp_path / "saves")
    store.save("1", modded(long, "radio@1.0", "bear@2"), Machine(long).new_game(0), 5,
               datetime(2031, 5, 1, 9, 0))
    app = host(SavesScreen(store, long, "load"))
    async with app.run_test(size=(60, 20)) as pilot:
        await started(app, pilot)
        text = screen_text(app)
        row = next(line for line in text.splitlines() if line.startswith(" Slot 1"))
        assert "2031-05-01 09:00" in row and row.rstrip().endswith(" ≠"), row
        assert "The Long Walk" in row and "…" in row
        assert "The Long Walk Along the Truss Towards Nauka" in text  # the detail line
        assert all(len(line.rstrip()) <= 60 for line in text.splitlines())


@pytest.mark.parametrize("size", [(1, 1), (2, 2), (12, 4), (30, 8)])
@pytest.mark.parametrize("mode", ["save", "load"])
async def test_tiny_terminals_do_not_crash(store: SaveStore, story: Story,
                                           size: tuple[int, int], mode: Any, host) -> None:
    app = host(SavesScreen(store, story, mode))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("down", "d", "escape", "up", "enter")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.pause()


def test_formats() -> None:
    assert format_played(0) == "0:00:00"
    assert format_played(3725.9) == "1:02:05"
    assert format_played(-5) == "0:00:00"
    assert format_played(100 * 3600) == "100:00:00"
    assert format_saved("2031-05-01T20:15:07.123456") == "2031-05-01 20:15"
    assert format_saved("2031-05-01T20:15:07+02:00") == "2031-05-01 20:15"
    assert format_saved("yesterday") == "yesterday"


# ---------------------------------------------------------------- the confirm dialog


class Asker(App[None]):
    def __init__(self, dialog: ConfirmDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.answers: list[bool | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.answers.append)


@pytest.mark.parametrize(
    ("keys", "default", "answer"),
    [
        (["y"], False, True),
        (["n"], False, False),
        (["escape"], False, False),
        (["enter"], False, False),
        (["enter"], True, True),
        (["left", "enter"], False, True),
        (["right", "enter"], True, False),
        (["tab", "enter"], True, False),
    ],
)
async def test_confirm_dialog_keys(keys: list[str], default: bool, answer: bool) -> None:
    app = Asker(ConfirmDialog("Really?", default=default))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        assert app.answers == [answer]


@pytest.mark.parametrize(("button", "answer"), [("#confirm-yes", True), ("#confirm-no", False)])
async def test_confirm_dialog_buttons(button: str, answer: bool) -> None:
    app = Asker(ConfirmDialog("Really?", yes="Do it", no="Keep it"))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#confirm-yes", Button).label) == "Do it"
        await pilot.click(button)
        assert app.answers == [answer]


async def test_confirm_dialog_shows_the_question_literally(screen_text) -> None:
    app = Asker(ConfirmDialog("Delete [bold]x[/] \x1b[31m [crew]?"))
    async with app.run_test() as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Delete [bold]x[/] ␛[31m [crew]?" in text
        footer = text.splitlines()[-1]
        assert "y Yes" in footer and "n No" in footer


@pytest.mark.parametrize(("yes", "no"), [("Load", "Cancel"), ("Jump", "Stay")])
async def test_confirm_dialog_keys_are_named_after_its_buttons(screen_text, yes: str,
                                                               no: str) -> None:
    """The footer under the buttons Load and Cancel says "y Load n Cancel", not Yes and No;
    Escape answers as n does and is not listed again."""
    app = Asker(ConfirmDialog("Load the quicksave?", yes=yes, no=no))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert f"y {yes}" in footer and f"n {no}" in footer
        assert "Yes" not in footer and "No" not in footer and "esc" not in footer
        await pilot.press("escape")
        assert app.answers == [False]


@pytest.mark.parametrize("size", [(1, 1), (10, 3), (30, 6)])
async def test_confirm_dialog_tiny_terminals(size: tuple[int, int]) -> None:
    app = Asker(ConfirmDialog("A question long enough to wrap in a narrow terminal?"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("y")
        assert app.answers == [True]


# ---------------------------------------------------------------- snapshots


def snapshot_store(tmp_path: Path, story: Story) -> tuple[SaveStore, Story]:
    store = SaveStore(tmp_path / "saves")
    fill(store, story)
    return store, story


def test_snapshot_load_screen(snap_compare: Any, tmp_path: Path, host, demo_story) -> None:
    store, story = snapshot_store(tmp_path, demo_story)
    assert snap_compare(host(SavesScreen(store, story, "load")), terminal_size=(90, 20))


def test_snapshot_save_screen_on_a_damaged_slot(snap_compare: Any, tmp_path: Path, host,
                                                demo_story) -> None:
    store, story = snapshot_store(tmp_path, demo_story)
    assert snap_compare(host(SavesScreen(store, story, "save")), terminal_size=(90, 20),
                        press=["down"])


def test_snapshot_overwrite_question(snap_compare: Any, tmp_path: Path, host, demo_story) -> None:
    store, story = snapshot_store(tmp_path, demo_story)
    assert snap_compare(host(SavesScreen(store, story, "save")), terminal_size=(90, 20),
                        press=["up", "enter"])


# ---------------------------------------------------------------- mods


def modded(story: Story, *mods: str) -> Story:
    import dataclasses

    return dataclasses.replace(story, mods=mods)


async def test_each_slot_lists_its_mods_and_other_mods_ask_first(tmp_path: Path, story: Story,
                                                                 host, screen_text) -> None:
    store = SaveStore(tmp_path / "saves")
    m = Machine(story)
    hatch = m.new_game(0)
    store.save("1", modded(story, "radio@1.0", "bear@2"), hatch, 5, datetime(2031, 5, 1, 9, 0))
    store.save("2", modded(story, "radio@1.0"), hatch, 5, datetime(2031, 5, 2, 9, 0))
    store.save("3", story, hatch, 5, datetime(2031, 5, 3, 9, 0))
    app = host(SavesScreen(store, modded(story, "radio@1.0"), "load"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        assert [row[-1] for row in rows(app)] == ["radio, bear ≠", "radio", "none ≠"]
        await pilot.press("up", "up")  # slot 1 (from the latest, 3): two mods, the game one
        await pilot.pause()
        detail = str(app.screen.query_one("#saves-detail", Static).render())
        assert "mods: radio 1.0, bear 2 (the game now runs with radio 1.0: loading replays " \
            "it with the mods on now)" in detail, detail
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == (
            "Load Slot 1? It was made with radio 1.0, bear 2; the game now runs with radio 1.0."
            " It is replayed with the mods on now, as far as it still fits.")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SavesScreen)
        await pilot.press("down", "enter")  # slot 2: the same mods, loads at once
        await pilot.pause()
        assert app.results == ["2"]


async def test_without_mods_anywhere_there_is_no_mods_column(store: SaveStore, story: Story,
                                                             host) -> None:
    app = host(SavesScreen(store, story, "load"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        assert all(len(row) == 5 for row in rows(app))


async def test_the_detail_line_says_a_save_has_ended(store: SaveStore, story: Story,
                                                     host) -> None:
    """A save whose game reached an ending says so, in the title's own words ("ended: …");
    one that has not, does not."""
    m = Machine(story)
    quiet = m.choose(m.choose(m.new_game(0), "no"), "leave")
    assert m.scene(quiet).ending is not None
    store.save("2", story, quiet, 300, datetime(2031, 5, 4, 8, 0))
    app = host(SavesScreen(store, story, "load"))
    async with app.run_test(size=(100, 24)) as pilot:
        await started(app, pilot)
        detail = app.screen.query_one("#saves-detail", Static)
        assert current(app) == "2"  # the latest
        assert str(detail.render()).startswith("Slot 2: ended: Quiet · Act 2: Two · 2 choices")
        table = app.screen.query_one("#saves-table", DataTable)
        table.move_cursor(row=next(i for i, row in enumerate(rows(app)) if row[0] == "Autosave"))
        await pilot.pause()
        assert str(detail.render()).startswith("Autosave: The Module · Act 1")
