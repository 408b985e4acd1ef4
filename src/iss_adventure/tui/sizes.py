"""The smallest window the game is played in: light, so the app checks sizes before the
too-small screen's module is imported (it is imported only when a window is that small)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.geometry import Size

MIN_WIDTH, MIN_HEIGHT = 60, 20


def too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT
