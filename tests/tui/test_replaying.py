"""Replaying for another ending: what was read is marked and shown at once, a key skips to the
unread text or the choices, and choices taken in earlier runs are marked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.model import Story
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.widgets.choices import TAKEN, ChoiceList
from iss_adventure.tui.widgets.prose import ProseView

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]


def play(app: ISSApp) -> PlayScreen:
    assert isinstance(app.screen, PlayScreen), app.screen
    return app.screen


@pytest.fixture
def loop_story(tmp_path: Path) -> Story:
    """A long scene read once; the second visit adds a new paragraph at its end."""
    (tmp_path / "s").mkdir()
    (tmp_path / "story.yaml").write_text(
        "title: Loop\nstart: s/a\nvariables:\n  flag: {type: bool, initial: false}\n")
    text = "\n\n  ".join(f"Read before, paragraph {n}." for n in range(40))
    (tmp_path / "s" / "a.yaml").write_text(
        "title: A\nact: 1\nlocation: Unity\ntext: |\n  " + text + "\n"
        "variants:\n  - if: flag\n    text: Something new happens.\n"
        "choices:\n  - {id: again, text: Again., do: [flag = true], goto: s/a}\n"
        "  - {id: end, text: End., goto: s/b}\n")
    (tmp_path / "s" / "b.yaml").write_text(
        "title: B\nact: 1\nlocation: Unity\ntext: End.\n"
        "ending: {id: b, title: B, tone: odd, summary: B.}\n")
    return load_story(tmp_path)


async def test_a_second_run_marks_what_was_read_and_taken(make_app: Factory,
                                                          screen_text: Text) -> None:
    app = make_app(typewriter=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        screen = play(app)
        assert screen.query_one(ProseView).revealing  # all new: typed
        assert "read before" not in screen_text(app)
        await pilot.press("space", "2", "space", "3")  # no; go outside: the quiet ending
        await pilot.press("escape", "n")  # a second run
        screen = play(app)
        assert not screen.query_one(ProseView).revealing  # read before: shown at once
        await pilot.pause()
        text = screen_text(app)
        assert "✓ read before" in text
        assert "No" + TAKEN in text  # taken in the first run
        assert "Knock twice." + TAKEN not in text
        assert "k Skip" in text.splitlines()[-1]


async def test_the_skip_key_goes_to_the_unread_text_then_the_choices(
        make_app: Factory, loop_story: Story, screen_text: Text) -> None:
    app = make_app(loop_story, typewriter=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "space", "1")  # again: the same text, and a new paragraph
        screen = play(app)
        prose = screen.query_one(ProseView)
        assert prose.revealing  # the new paragraph types; what was read is there at once
        assert "paragraph 39." in prose.plain and "Something new" not in prose.plain
        assert "✓ partly read" in screen_text(app)
        await pilot.press("k")
        await pilot.pause()
        assert not prose.revealing
        new_line = prose.line_of(len(screen._reading.blocks) - 1)  # the new paragraph
        assert prose.scroll_y == min(new_line, prose.max_scroll_y) > 0
        assert "Something new happens." in screen_text(app)
        await pilot.press("k")  # nothing unread further down: the choices
        await pilot.pause()
        assert prose.scroll_y == prose.max_scroll_y
        assert screen.query_one(ChoiceList).has_focus
        assert screen.session.state.turn == 1  # skipping took no choice


async def test_skip_is_not_offered_when_all_is_new(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert "k Skip" not in screen_text(app)
        await pilot.press("k")
        assert play(app).session.state.turn == 0


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (100, 30)])
async def test_the_footer_keeps_help_and_skip_on_a_replay(make_app: Factory, screen_text: Text,
                                                          size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n", "2", "3")  # no; go outside: the quiet ending
        await pilot.press("escape", "n")  # a second run: the first scene was read
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer, footer
        assert "k Skip" in footer, footer
        assert ("c Crew" in footer) == (size[0] < 84), footer  # the panels fold away: c shows them
        assert "esc Menu" in footer and "t Trust" in footer, footer  # whole, not cut
        assert footer.rstrip().endswith("esc Menu"), footer
        await pilot.press("k")  # and it does what it says
        await pilot.pause()
        assert play(app).session.state.turn == 0


async def test_the_footer_refits_when_the_window_narrows(make_app: Factory, screen_text: Text,
                                                         messages: Callable[[ISSApp], str]
                                                         ) -> None:
    """A key the footer leaves out at 60 columns still works (F5 saves) and comes back wide."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert "f5 Quicksave" in screen_text(app).splitlines()[-1]
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "f5 Quicksave" not in footer and "h History" not in footer, footer
        assert "? Help" in footer and "esc Menu" in footer, footer
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        assert "Saved to the quick slot" in messages(app), messages(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "f5 Quicksave" in screen_text(app).splitlines()[-1]


async def test_the_scene_on_screen_is_not_read_before_when_shown_again(
        make_app: Factory, screen_text: Text) -> None:
    """Out to the title and back (Continue): the first scene is still new text, not "read
    before" because the screen showed it a moment ago (a playtester's report)."""
    app = make_app(typewriter=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert "read before" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        play(app)
        assert "read before" not in screen_text(app)
        assert "partly read" not in screen_text(app)


async def test_the_footer_lights_undo_in_place_and_recomposes_only_for_other_keys(
        make_app: Factory, screen_text: Text) -> None:
    """Undo lit by a choice: the same keys, so the footer lights Undo where it is (Textual's
    Footer composed all its keys again); keys that come or go (Skip on a scene read before,
    a narrower window that drops some) still compose them anew."""
    from textual.widgets._footer import FooterKey

    from iss_adventure.tui.widgets.footer import FittingFooter

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        footer = play(app).query_one(FittingFooter)

        def undo_dimmed() -> bool:
            keys = [key for key in footer.query(FooterKey) if key.action == "undo"]
            assert len(keys) == 1
            return keys[0].has_class("-disabled")

        composed, line = footer.composed, screen_text(app).splitlines()[-1]
        assert undo_dimmed()
        await pilot.press("1")
        await pilot.pause()
        assert not undo_dimmed() and footer.composed == composed
        assert screen_text(app).splitlines()[-1] == line
        await pilot.press("u")  # back at a scene read before: Skip comes, a new key
        await pilot.pause()
        assert undo_dimmed() and footer.composed == composed + 1
        assert "k Skip" in screen_text(app).splitlines()[-1]
        composed = footer.composed
        await pilot.press("1")  # read before too: the same keys, Undo lit in place
        await pilot.pause()
        assert not undo_dimmed() and footer.composed == composed
        assert "k Skip" in screen_text(app).splitlines()[-1]
        await pilot.press("u")  # and it does what it shows
        await pilot.pause()
        assert play(app).session.state.turn == 0
        await pilot.resize_terminal(60, 20)  # fewer keys fit: composed anew
        await pilot.pause()
        assert footer.composed > composed and "f5 Quicksave" not in screen_text(app)
