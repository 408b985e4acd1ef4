"""The problem panel of watch mode: why the story on disk does not load, one line a problem
(`file:line:col: message`), while the last good story keeps running. Hidden when all is well.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...engine.problems import Problem
from ..text import clean


class ProblemPanel(VerticalScroll):
    """Problems of the last reload; empty means the panel is hidden."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = False
        self.lines: list[str] = []  # what it shows (tests read it)

    def show(self, problems: tuple[Problem, ...]) -> None:
        lines = [clean(f"{p.file}:{p.line}:{p.col}: {p.message}") for p in problems]
        if lines == self.lines:
            return
        self.lines = lines
        self.display = bool(lines)
        self.remove_children()
        if not lines:
            return
        count = len(lines)
        self.border_title = (f"{count} problem{'s' if count != 1 else ''} in the story on disk: "
                             "the last good story keeps running")
        self.mount_all(Static(Content(line), classes="problem", markup=False)
                       for line in lines[:200])
