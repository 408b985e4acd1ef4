"""The crew panel: each crew member's trust as a bar with its number, and their status.

Every bar is drawn on the story's one trust scale (`Story.trust_scale`: 0 to 5 in the
shipped story), as the relationships overview counts it ("3 of 5")."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ...engine.model import Story, Value
from ...engine.state import GameState
from ..text import clean

STATUS_STYLE = {
    "present": "$text-success",
    "injured": "$text-warning",
    "missing": "$foreground-muted italic",
    "dead": "$text-error",
}
FULL, EMPTY = "▰", "▱"


def trust_style(value: int, low: int, high: int) -> str:
    span = max(1, high - low)
    share = (value - low) / span
    if share < 0.34:
        return "$text-error"
    if share < 0.67:
        return "$text-warning"
    return "$text-success"


def crew_lines(story: Story, state: GameState, width: int = 28) -> list[Content]:
    """One line a crew member: first name, trust bar (on the story's one `trust_scale`),
    number, status word."""
    if not story.crew:
        return [Content.styled("Nobody else aboard.", "$foreground-muted italic")]
    names = [clean(member.name.split()[0]) for member in story.crew]
    name_w = min(max(len(n) for n in names), 12)
    # One scale for everyone (0 to 5 in the shipped story), whatever range each declares:
    # a bar is read against the others, so a 3 must look the same beside every name.
    low, high = story.trust_scale()
    widest = high - low
    lines = []
    for member, name in zip(story.crew, names, strict=True):
        value = state.vars[story.index[member.trust]]
        status: Value | None = None
        if member.status is not None:
            status = state.vars[story.index[member.status]]
        status_text = clean(str(status)) if status is not None else ""
        number = str(value)
        room = width - name_w - len(number) - len(status_text) - 4
        cells = high - low
        scale = 1 if widest <= room else max(1, -(-widest // max(room, 1)))
        total = -(-cells // scale)
        gap = -(-widest // scale) - total  # bars padded to the longest: the numbers line up
        filled = (int(value) - low) // scale if isinstance(value, int) else 0
        filled = min(max(filled, 0), total)  # a value outside the declared range: a full bar
        dead = status == "dead"
        name_style = "$foreground-muted strike" if dead else "bold"
        bar_style = "$foreground-muted" if dead else trust_style(int(value), low, high)
        parts: list[tuple[str, str] | str] = [
            (name[:name_w].ljust(name_w), name_style), " ",
            (FULL * filled, bar_style), (EMPTY * (total - filled), "$foreground 35%"),
            " " * (gap + 1),
            (number, bar_style + " bold"),
        ]
        if status_text:
            pad = max(1, width - name_w - total - gap - len(number) - len(status_text) - 2)
            parts += [" " * pad, (status_text, STATUS_STYLE.get(status_text, "$foreground-muted"))]
        lines.append(Content.assemble(*parts, strip_control_codes=False))
    return lines


class CrewPanel(Static):
    """The crew panel of the play screen."""

    DEFAULT_CSS = """
    CrewPanel { height: auto; }
    """

    def __init__(self, story: Story, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.story = story
        self.state: GameState | None = None
        self.border_title = "Crew"

    def show(self, state: GameState) -> None:
        if self.state is not None and self._values(self.state) == self._values(state):
            return  # nothing the panel shows has changed
        self.state = state
        self.tooltip = Content("\n").join(
            Content.assemble((clean(m.name), "bold"), "  ", clean(m.role), " · ", clean(m.agency))
            for m in self.story.crew
        ) if self.story.crew else None
        self._show(self._content())

    def _show(self, content: Content) -> None:
        """Update; a layout only when the number of lines changes (one line a crew member:
        never after a choice), since a layout re-arranges the whole screen."""
        lines = len(self.content.split("\n")) if isinstance(self.content, Content) else None
        self.update(content, layout=lines != len(content.split("\n")))

    def _values(self, state: GameState) -> tuple[Value, ...]:
        index = self.story.index
        return tuple(state.vars[index[name]] for member in self.story.crew
                     for name in (member.trust, member.status) if name is not None)

    def _content(self) -> Content:
        if self.state is None:
            return Content("")
        width = max(self.content_size.width, 20) if self.is_mounted else 28
        return Content("\n").join(crew_lines(self.story, self.state, width))

    def on_resize(self) -> None:
        if self.state is not None:
            self._show(self._content())
