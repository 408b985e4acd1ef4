"""The endings gallery: seen endings open, unseen ones locked with a hint, literal text."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.containers import VerticalScroll

from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import Profile
from iss_adventure.tui.screens.endings import EndingCard, EndingsScreen, found_line

FIXTURES = Path(__file__).parent.parent / "fixtures"


def profile_with(directory: Path, **endings: int) -> Profile:
    return Profile(directory, endings=endings)


def cards(app: App[Any]) -> dict[str, EndingCard]:
    return {card.ending.id: card for card in app.screen.query(EndingCard)}


async def test_seen_endings_open_and_unseen_locked(story: Story, tmp_path: Path, host,
                                                   screen_text) -> None:
    app = host(EndingsScreen(story, profile_with(tmp_path, quiet=2, home=1)))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        total = len(story.endings)
        assert f"Endings  2 of {total} endings found" in text
        assert "Quiet  ·  uneasy  ·  Reached 2 times" in text
        assert "The quiet ending." in text
        assert "Home  ·  hopeful  ·  Reached once" in text
        shown = cards(app)
        assert shown["lost"].has_class("-locked") and shown["quiet"].has_class("-seen")
        assert "Lost" not in text and "tragic" not in text and "The lost ending." not in text
        assert "Locked ending" in text
        assert "Hint: " + (story.scenes["end/lost"].ending.hint  # type: ignore[union-attr]
                           or "Keep exploring") in text


async def test_nothing_found_yet(story: Story, tmp_path: Path, host, screen_text) -> None:
    app = host(EndingsScreen(story, Profile.load(tmp_path)))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert f"0 of {len(story.endings)} endings found" in screen_text(app)
        assert all(card.has_class("-locked") for card in cards(app).values())


async def test_the_gallery_follows_the_profile(story: Story, tmp_path: Path, host,
                                               screen_text) -> None:
    """A playthrough recorded in the profile shows up, keyed by the ending's id."""
    profile = Profile.load(tmp_path)
    machine = Machine(story)
    before = machine.choose(machine.new_game(0), "no")
    profile.record(story, before, machine.choose(before, "leave"))
    profile.save()
    app = host(EndingsScreen(story, Profile.load(tmp_path)))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert cards(app)["quiet"].reached == 1
        assert "Quiet  ·  uneasy  ·  Reached once" in screen_text(app)


async def test_a_profile_problem_is_shown(story: Story, tmp_path: Path, host, screen_text) -> None:
    (tmp_path / "profile.json").write_bytes(b"{broken")
    profile = Profile.load(tmp_path)
    app = host(EndingsScreen(story, profile))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "set aside as profile.json.corrupt-1" in screen_text(app)


async def test_escape_closes(story: Story, tmp_path: Path, host, screen_text) -> None:
    app = host(EndingsScreen(story, Profile.load(tmp_path)))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "esc Close" in screen_text(app).splitlines()[-1]
        await pilot.press("escape")
        assert app.results == [None]
        assert not isinstance(app.screen, EndingsScreen)


@pytest.mark.parametrize("key", ["down", "pagedown", "end"])
async def test_the_list_scrolls_by_keyboard(story: Story, tmp_path: Path, key: str, host) -> None:
    app = host(EndingsScreen(story, profile_with(tmp_path, quiet=1)))
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        scroller = app.screen.query_one("#endings-list", VerticalScroll)
        assert scroller.has_focus_within and scroller.max_scroll_y > 0
        await pilot.press(key)
        await pilot.pause()
        assert scroller.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert scroller.scroll_y == 0


async def test_ending_text_shows_literally(tmp_path: Path, host, screen_text, markup_story) -> None:
    story = markup_story
    ending = story.endings[0].ending
    assert ending is not None
    for seen in (1, 0):
        app = host(EndingsScreen(story, profile_with(tmp_path, **{ending.id: seen})))
        async with app.run_test(size=(80, 20)) as pilot:
            await pilot.pause()
            text = screen_text(app)
            assert "\x1b" not in text
            if seen:
                assert "[bold]The[/] end  ·  [i]odd  ·  Reached once" in text
                assert "[crew] ␛[31msummary" in text
            else:
                assert "Hint: [hint]" in text and "[bold]The[/] end" not in text


async def test_a_story_without_endings(story: Story, tmp_path: Path, host, screen_text) -> None:
    bare = dataclasses.replace(
        story, scenes={k: v for k, v in story.scenes.items() if v.ending is None})
    app = host(EndingsScreen(bare, Profile.load(tmp_path)))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "0 of 0 endings found" in screen_text(app)
        assert "This story has no endings." in screen_text(app)


@pytest.mark.parametrize("size", [(1, 1), (3, 2), (15, 4), (40, 10)])
async def test_tiny_terminals_do_not_crash(story: Story, tmp_path: Path,
                                           size: tuple[int, int], host) -> None:
    app = host(EndingsScreen(story, profile_with(tmp_path, home=3)))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("down", "end", "home")
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.press("escape")
        assert app.results == [None]


def test_found_line() -> None:
    assert found_line(3, 9) == "3 of 9 endings found"
    assert found_line(0, 1) == "0 of 1 ending found"


def test_snapshot_endings_gallery(snap_compare: Any, tmp_path: Path, host, story) -> None:
    profile = profile_with(tmp_path, quiet=2, home=1)
    assert snap_compare(host(EndingsScreen(story, profile)), terminal_size=(80, 24))


def test_snapshot_endings_none_found_with_a_problem(snap_compare: Any, tmp_path: Path,
                                                    host, story) -> None:
    profile = Profile(tmp_path, problem="Your profile was damaged, so it was set aside as "
                                        "profile.json.corrupt-1 and a new one started.")
    assert snap_compare(host(EndingsScreen(story, profile)), terminal_size=(80, 24))


# -- re-reading an ending (issue 13) ----------------------------------------------------------


def reach_home(story: Story, profile: Profile) -> None:
    machine = Machine(story)
    state = machine.new_game(0)
    for choice in ("knock", "read", "radio", "leave"):
        state = machine.choose(state, choice)
    profile.record(story, state, machine.choose(state, "hold"))


async def test_enter_reads_the_epilogue_as_last_reached(story: Story, tmp_path: Path, host,
                                                        screen_text) -> None:
    profile = Profile.load(tmp_path)
    reach_home(story, profile)
    assert profile.save() is None
    kept = Profile.load(tmp_path)
    assert kept.epilogue("home") == ["It ends, home."]
    app = host(EndingsScreen(story, kept))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.focused is cards(app)["home"]
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "EpilogueScreen"
        text = screen_text(app)
        assert "Home  ·  hopeful  ·  reached once" in text
        assert "It ends, home." in text and "The end: The home ending." in text
        await pilot.press("escape")
        assert isinstance(app.screen, EndingsScreen)


async def test_a_click_opens_it_and_locked_ones_stay_shut(story: Story, tmp_path: Path, host,
                                                          screen_text) -> None:
    profile = Profile.load(tmp_path)
    reach_home(story, profile)
    app = host(EndingsScreen(story, profile))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert not cards(app)["lost"].can_focus
        await pilot.click(cards(app)["lost"])
        assert isinstance(app.screen, EndingsScreen)
        await pilot.click(cards(app)["home"])
        await pilot.pause()
        assert type(app.screen).__name__ == "EpilogueScreen"


async def test_an_old_profile_shows_the_scene_text_and_says_why(story: Story, tmp_path: Path,
                                                                 host, screen_text) -> None:
    (tmp_path / "profile.json").write_text('{"format": 1, "endings": {"home": 2}}')
    profile = Profile.load(tmp_path)
    assert profile.problem is None and profile.epilogue("home") is None
    app = host(EndingsScreen(story, profile))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "reached 2 times" in text and "It ends, home." in text
        assert "before the gallery kept epilogues" in text


async def test_a_long_epilogue_scrolls_by_keyboard(story: Story, tmp_path: Path, host) -> None:
    profile = Profile.load(tmp_path)
    reach_home(story, profile)
    profile.epilogues["home"] = [f"Paragraph {n} of the long way home." for n in range(40)]
    app = host(EndingsScreen(story, profile))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        scroller = app.screen.query_one("#epilogue-text", VerticalScroll)
        assert scroller.has_focus and scroller.max_scroll_y > 0
        for key in ("pagedown", "down", "end"):
            before = scroller.scroll_y
            await pilot.press(key)
            await pilot.pause()
            assert scroller.scroll_y > before or scroller.scroll_y == scroller.max_scroll_y
        assert scroller.scroll_y == scroller.max_scroll_y
