"""The play screen's header fields (act, scene title, time): Statics sized by their text."""

from __future__ import annotations

from textual.widgets import Static

from .textual_private import NoRelayoutOnResize


class HeaderField(NoRelayoutOnResize, Static):
    """One field of the header line. A new width is asked for by the update itself
    (`PlayScreen._put`); the size the layout then gives the field, and its neighbours,
    asks for no second layout pass and no second frame."""
