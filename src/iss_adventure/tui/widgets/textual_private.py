"""The few private Textual APIs this game relies on, each behind one helper.

Checked against Textual 8.2.8 (pinned in pyproject.toml). When Textual is upgraded, read the
named private methods in its source again; the tests that exercise them are noted below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.geometry import Size
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.app import App
    from textual.scroll_view import ScrollView
    from textual.scrollbar import ScrollBar


class NoRelayoutOnResize(Widget):
    """A widget whose new size or virtual size asks for no second layout pass.

    Textual 8.2.8: `Widget._size_updated(size, virtual_size, container_size, layout=True)`
    requests a layout when the virtual size changes; for a widget that is not scrollable (or
    only repaints) that second pass is wasted work on every choice (tests/tui/test_play.py,
    the choice latency in `make bench`).
    """

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


def own_vertical_scrollbar(view: ScrollView, make: Callable[[], ScrollBar]) -> ScrollBar:
    """`view`'s vertical scrollbar, created by `make` the first time (instead of Textual's).

    Textual 8.2.8: `ScrollView.vertical_scrollbar` builds the bar lazily into
    `_vertical_scrollbar` and starts it with `App._start_widget(parent, bar)`; this does the
    same with a bar of our own class (tests/tui/test_play.py scrolls it).
    """
    if view._vertical_scrollbar is None:
        bar = make()
        bar.display = False
        view._vertical_scrollbar = bar
        view.app._start_widget(view, bar)
    return view._vertical_scrollbar


def clear_notifications(app: App[Any]) -> None:
    """Clear the app's notifications, costing nothing when there are none.

    Textual 8.2.8: `App.clear_notifications()` always schedules the toast rack's refresh,
    about 2 ms a choice in `make bench`; `App._notifications` (a `Notifications`, with
    `__len__`) says whether there is anything to clear (tests/tui/test_player_keys.py).
    """
    if len(app._notifications):
        app.clear_notifications()
