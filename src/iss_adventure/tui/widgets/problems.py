"""The problem panel of watch mode: why the story on disk does not load, one line a problem
(`file:line:col: message`), while the last good story keeps running. Hidden when all is well.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...engine.watch import Shown
from ..text import clean


class ProblemPanel(VerticalScroll):
    """Problems of the last reload; empty means the panel is hidden."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = False
        self.lines: list[str] = []  # what it shows (tests read it)

    def show(self, shown: Shown | None) -> None:
        problems = shown.problems if shown is not None else ()
        lines = [clean(f"{p.file}:{p.line}:{p.col}: {p.message}") for p in problems]
        if lines == self.lines:
            return
        self.lines = lines
        self.display = bool(lines)
        self.remove_children()
        if not lines:
            return
        count = len(lines)
        what = f"{count} problem{'s' if count != 1 else ''}"
        self.border_title = (f"{what} in the story on disk: the last good story keeps running"
                             if shown is not None and shown.stale
                             else f"{what} found by the checker")
        self.mount_all(Static(Content(line), classes="problem", markup=False)
                       for line in lines[:200])
