"""The relationships screen (t): trust with the choices that moved it, labelled facts and
items, from the playthrough's timeline (issue 13)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.commands import COMMANDS
from iss_adventure.tui.screens.help import KEYS as HELP_KEYS
from iss_adventure.tui.screens.history import HistoryScreen
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.relationships import RelationshipsScreen

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]


async def test_t_shows_trust_with_the_choices_that_moved_it(make_app: Factory,
                                                             screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n", "1", "1", "t")
        assert isinstance(app.screen, RelationshipsScreen)
        await pilot.pause()
        text = screen_text(app)
        assert "Relationships  after 2 choices" in text
        assert "Crew: trust, role" in text
        assert "Anna Ivanova  ■■□  2 of 3  ▲ from 1  Engineer · Roscosmos" in text  # one line
        assert "What you know and carry" in text
        assert "You know the secret  yes    was no" in text
        # the choices that changed anything, each once, with everything it changed
        lines = "\n".join(line.strip() for line in text.splitlines())
        assert "Choice 1 in The Hatch: Knock twice.\n▲ Anna trusts you more (1 → 2).\n" \
            "● The mood: calm → tense." in lines
        assert "You know the secret: no → yes." in text
        assert "No choice has changed" not in text
        await pilot.press("t")
        assert isinstance(app.screen, PlayScreen)


async def test_after_undo_it_follows_the_timeline(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n", "1", "1", "u", "t")
        await pilot.pause()
        text = screen_text(app)
        assert "after 1 choice" in text
        assert "Read the laptop" not in text
        assert text.count("No choice has changed") == 0  # Knock twice did change things


async def test_before_any_choice_it_says_so_once(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n", "t")
        await pilot.pause()
        text = screen_text(app)
        assert text.count("No choice has changed any of this yet.") == 1, text
        assert "Boris Hale    ■□□  1 of 3  Pilot · NASA" in text


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_small_windows(make_app: Factory, screen_text: Text,
                             size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n", "1", "1", "t")
        await pilot.pause()
        text = screen_text(app)
        assert "Relationships" in text and "Back to the scene" in text
        assert "Anna trusts you more" in text
        await pilot.press("end")
        await pilot.pause()
        assert "The mood" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_only_with_a_game(make_app: Factory, messages: Callable[[ISSApp], str]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await app.run_action("relationships")
        await pilot.pause()
        assert not isinstance(app.screen, RelationshipsScreen)
        assert "Start or continue a game first." in messages(app)


def test_in_the_palette_and_help() -> None:
    assert any(action == "relationships" for _, action, _ in COMMANDS)
    assert any("who trusts you" in what for _, keys in HELP_KEYS for _, what in keys)


async def test_the_play_footer_shows_it(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert "t Trust" in screen_text(app)


async def test_history_keeps_the_what_changed_lines(make_app: Factory,
                                                    screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("n", "1", "1", "h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("home")
        await pilot.pause()
        text = screen_text(app)
        assert "· Anna trusts you more (1 → 2)." in text
        assert "· Boris trusts you more (1 → 2)." in text


async def test_a_long_playthrough_shows_the_newest_moves(
        make_app: Factory, screen_text: Text, monkeypatch: pytest.MonkeyPatch) -> None:
    from iss_adventure.engine import overview

    monkeypatch.setattr(overview, "MOST_MOVES", 1)  # the newest choice, not the first
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n", "1", "1", "t")
        await pilot.pause()
        text = screen_text(app)
        assert "… 1 earlier choice changed them too" in text
        assert "Knock twice" not in text and "Read the laptop" in text


def _said_in_words(line: str) -> str:
    """A line of the screen as plain mode says it: no bar, arrows and marks in words, the
    columns' padding as two spaces (words are wider than arrows)."""
    import re

    line = re.sub(r"[■□]+  ", "", line.strip())
    line = re.sub(r"^[●▲▼] ", "", line).replace("▲ ", "up ").replace("▼ ", "down ")
    return re.sub(r"  +", "  ", line)


@pytest.mark.parametrize("keys", [(), ("1", "1"), ("1", "1", "u")])
async def test_plain_mode_shows_the_same_overview(make_app: Factory, screen_text: Text,
                                                  keys: tuple[str, ...]) -> None:
    """One owner of the overview (engine/overview.py): plain mode's `trust` says line for
    line what this screen shows, with the bars and arrows in words."""
    import re

    from iss_adventure.plain.views import relationship_lines

    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("n", *keys, "t")
        await pilot.pause()
        shown = [line for line in screen_text(app).splitlines() if line.strip()]
        session = app.game.session
        assert session is not None
        plain = [text for _, text, _ in relationship_lines(
            session.story, session.timeline.path, session.timeline.cursor)]
    title, *rest = shown
    assert title.strip().replace("  ", ", ") + "." == plain[0]  # "Relationships, after 2 …"
    listed = [_said_in_words(line) for line in rest[:len(plain) - 1]]
    assert listed == [re.sub(r"  +", "  ", text) for text in plain[1:]]
    assert "Back to the scene" in rest[len(plain) - 1]  # then the footer, nothing else


async def test_in_a_narrow_window_a_long_label_gives_way_to_its_value(
        make_app: Factory, screen_text: Text, tmp_path) -> None:
    """At 60 columns a fact's value and change stay in view; its label is cut short (the
    value was cut to "gone…" behind a long label), and fits again in a wider window."""
    import shutil
    from pathlib import Path

    from iss_adventure.engine.loader import load_story

    root = Path(shutil.copytree(Path(__file__).parents[1] / "fixtures" / "demo",
                                tmp_path / "story"))
    spec = root / "story.yaml"
    long = "You read every one of the governments' confirmation requests"
    spec.write_text(spec.read_text().replace('label: "You know the secret"',
                                             f'label: "{long}"'))
    app = make_app(load_story(root))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n", "1", "1", "t")
        await pilot.pause()
        row = next(line for line in screen_text(app).splitlines() if "You read every" in line)
        assert "…  yes    was no" in row and len(row.rstrip()) <= 58, row
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert f"{long}  yes    was no" in screen_text(app)


def test_what_a_value_was_is_shown_as_text_never_as_terminal_control() -> None:
    """"was <value>" quotes the story's words for a value, which are story text."""
    from iss_adventure.engine.overview import Change
    from iss_adventure.tui.screens.relationships import change

    for moved in (Change("set", "was in the \x1b[2J US"), Change("up", "from \x1b]0;x\x07")):
        shown = change(moved).plain
        assert "\x1b" not in shown and "\x07" not in shown, repr(shown)
        assert shown.endswith(("US", "x␇")), repr(shown)  # the text itself is kept, visibly
