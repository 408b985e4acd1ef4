"""The countdown of a timed choice: when it runs out, the scene's declared choice is taken.

The clock is injected (a function returning seconds, `time.monotonic` in the game), so tests
move time by hand and call `tick()`: no test ever sleeps.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from ..text import clean

TICK = 0.1
FULL, EMPTY = "█", "░"  # time left, time gone: told apart by shape as well as color


class Countdown(Static):
    """Seconds left, a shrinking bar, and what happens when time is up."""

    DEFAULT_CSS = """
    Countdown { height: 1; }
    """

    class Expired(Message):
        """Time is up."""

    def __init__(self, clock: Callable[[], float], *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.clock = clock
        self.seconds = 0.0
        self.then = ""
        self._deadline: float | None = None
        self._left: float | None = None  # while paused
        self._timer: Timer | None = None

    @property
    def running(self) -> bool:
        return self._deadline is not None

    @property
    def left(self) -> float:
        if self._left is not None:
            return self._left
        if self._deadline is None:
            return 0.0
        return max(0.0, self._deadline - self.clock())

    def start(self, seconds: float, then: str) -> None:
        self.seconds = seconds
        self.then = then
        self._left = None
        self._deadline = self.clock() + seconds
        if self._timer is None:
            self._timer = self.set_interval(TICK, self.tick)
        else:
            self._timer.resume()
        self.display = True
        self._render_now()

    def stop(self) -> None:
        self._deadline = None
        self._left = None
        if self._timer is not None:
            self._timer.pause()
        self.display = False

    def pause(self) -> None:
        """Hold the clock (a dialog is open over the scene)."""
        if self._deadline is not None and self._left is None:
            self._left = self.left
            if self._timer is not None:
                self._timer.pause()

    def resume(self) -> None:
        if self._deadline is not None and self._left is not None:
            self._deadline = self.clock() + self._left
            self._left = None
            if self._timer is not None:
                self._timer.resume()

    def tick(self) -> None:
        if self._deadline is None or self._left is not None:
            return
        if self.left <= 0:
            self.stop()
            self.post_message(self.Expired())
            return
        self._render_now()

    def on_resize(self) -> None:
        if self._deadline is not None:
            self._render_now()

    def _render_now(self) -> None:
        left = self.left
        urgent = left <= min(3.0, self.seconds / 3)
        style = "$text-error bold" if urgent else "$text-warning bold"
        label = f" ⏱ {left:4.1f}s left "
        width = max(self.content_size.width, 20) if self.is_mounted else 40
        room = max(6, min(30, width // 3))
        then = f"  then: {clean(self.then)}" if self.then else ""
        space = width - len(label) - room
        if len(then) > space:
            then = then[: max(0, space - 1)] + "…" if space > 8 else ""
        full = round(room * (left / self.seconds)) if self.seconds else 0
        self.update(Content.assemble(  # the bar reads without color: full and empty differ
            (label, style),
            (FULL * full, style.replace(" bold", "")),
            (EMPTY * (room - full), "$foreground 35%"),
            (then, "$foreground-muted italic"),
            strip_control_codes=False,
        ))
