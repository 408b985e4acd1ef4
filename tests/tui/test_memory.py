"""A long game in one process keeps no screen, widget or timer of the scenes it left.

Counting live objects is deterministic (no timing): after a garbage collection, what is left
of the app's own classes and of Textual's nodes, timers and workers must not grow with the
number of choices played. One round does everything a player does now and then (undo and
redo; the flowchart, trust, saves, settings, history and help screens opened and closed; a
quicksave and its load), plays the demo story to an ending, goes to the title and
Continues, then starts again; with the typewriter on (the player's default), each scene's text
is typed and finished with space, as a reader does.

The footer's keys count too. Textual's Footer builds new keys whenever the screen's bindings
change (with the typewriter, twice a scene), and each key is kept by the footer's `compact`
reactive until that changes (textual#6666), which it never does: a long game kept every key
the play screen's footer ever had, ~20 KB each with its styles and drawn lines, 48 MiB growing
to 113 MiB in 300 scenes typed on a terminal (`FittingFooter` now forgets them).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable

import pytest
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets._footer import FooterKey
from textual.worker import Worker

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.title import TitleScreen
from iss_adventure.tui.widgets.footer import FittingFooter
from iss_adventure.tui.widgets.prose import ProseView

Factory = Callable[..., ISSApp]

# what the player does after each choice, in turn (screens opened and closed again)
ASIDES: tuple[tuple[str, ...], ...] = (
    ("u", "r"), ("f", "escape"), ("t", "escape"), ("s", "escape"), ("o", "escape"),
    ("h", "escape"), ("f5",), ("f9", "y"), ("f1", "escape"),
)


def live_objects() -> Counter[str]:
    """Objects alive after a full collection: Textual's nodes (screens, widgets), timers and
    workers, and every instance of a class of the game's TUI, by class."""
    gc.collect()
    counts: Counter[str] = Counter()
    for obj in gc.get_objects():
        kind = type(obj)
        module = kind.__dict__.get("__module__")
        ours = isinstance(module, str) and module.startswith("iss_adventure.tui")
        if ours or isinstance(obj, (DOMNode, Timer, Worker)):
            counts[f"{module}.{kind.__qualname__}"] += 1
    return counts


async def play_round(app: ISSApp, pilot: Pilot[None]) -> int:
    """Every aside once, then play to an ending; back to the title, Continue, start again.
    Returns the number of choices taken."""
    for keys in ASIDES:  # each of them once in every round, at its first scene
        await pilot.press(*keys)
    taken = 0
    while True:
        screen = app.screen
        assert isinstance(screen, PlayScreen), screen
        if screen.query_one(ProseView).revealing:  # the typewriter: read to the end
            await pilot.press("space")
        views = screen.session.choices()
        available = [n for n, view in enumerate(views, start=1) if view.available]
        if screen.session.is_ending or not available:
            break
        await pilot.press(str(available[taken % len(available)]))
        taken += 1
    await pilot.press("escape")
    assert isinstance(app.screen, TitleScreen)
    while screen.is_running:  # its removal goes on after the key (passes, not time): wait
        await pilot.pause()  # for it, or a busy machine counts it and its footer's keys
    del screen
    await pilot.press("c")
    app.action_restart()  # at an ending: no question asked
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, PlayScreen) and app.screen.session.state.turn == 0
    return taken


async def test_a_long_game_keeps_nothing_of_the_scenes_it_left(make_app: Factory) -> None:
    app = make_app(typewriter=True)  # the player's default
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        taken = await play_round(app, pilot)  # every screen opened once: modules, caches
        after_one = live_objects()
        taken += await play_round(app, pilot)
        after_two = live_objects()
        screens = [obj for obj in gc.get_objects() if isinstance(obj, Screen)]
        assert all(screen in app.screen_stack for screen in screens), \
            [type(screen).__name__ for screen in screens]
        assert sum(isinstance(screen, PlayScreen) for screen in screens) == 1
        del screens
    assert taken >= 10
    grown = {name: (after_one[name], after_two[name]) for name in after_two
             if after_two[name] > after_one[name]}
    assert not grown, f"alive after 1 round and after 2 ({taken} choices): {grown}"


async def test_the_footer_keeps_none_of_the_keys_it_replaced(
        make_app: Factory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every FooterKey alive is one the footer shows, however often it rebuilt its keys."""
    composed = 0
    compose = FittingFooter.compose

    def counted(footer: FittingFooter):  # type: ignore[no-untyped-def]
        nonlocal composed
        composed += 1
        return compose(footer)

    monkeypatch.setattr(FittingFooter, "compose", counted)
    app = make_app(typewriter=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        for _ in range(3):
            await play_round(app, pilot)
        shown = [key for screen in app.screen_stack for key in screen.query(FooterKey)]
        gc.collect()
        alive = [obj for obj in gc.get_objects() if isinstance(obj, FooterKey)]
        # the keys were rebuilt again and again (keys that come and go: "1-9" while the
        # typewriter types, Skip; Undo and Redo dim in place since, so fewer than the 30+ of before)
        assert composed >= 20, composed
        assert len(alive) == len(shown), (len(alive), len(shown), composed)
