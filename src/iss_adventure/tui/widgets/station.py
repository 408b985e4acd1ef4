"""The station panel: a small schematic of the ISS with Kira's location marked.

The main axis runs top to bottom, from the Russian segment (Zvezda at the tail) through the
segment boundary to the US segment (Harmony at the bow), with the side modules beside it.
Every capitalised word in the map is a module; a location the story declares but the map does
not draw (the steppe, say) is named in the line under the map.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from ..text import clean, same
from .textual_private import draw_plain_lines_quickly

MAP = """\
              Poisk
                │
       Nauka──Zvezda
       └Prichal │
Soyuz═Rassvet─Zarya
┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┼┄ ▲RU ▼US ┄
Tranquility───Unity──Quest
  └Cupola       │
       Truss══Destiny
                │
    Columbus──Harmony──Kibo"""

SEGMENT_STYLE = {
    "russian": "$text-error",
    "us": "$text-primary",
    "outside": "$text-warning",
    "vehicle": "$text-success",
    "ground": "$text-accent",
}
SEGMENT_NAME = {
    "russian": "Russian segment",
    "us": "US segment",
    "outside": "outside",
    "vehicle": "spacecraft",
    "ground": "on the ground",
}
DEFAULT_SEGMENT = {
    "Poisk": "russian", "Nauka": "russian", "Zvezda": "russian", "Prichal": "russian",
    "Rassvet": "russian", "Zarya": "russian", "Soyuz": "vehicle", "Tranquility": "us",
    "Unity": "us", "Quest": "us", "Cupola": "us", "Truss": "outside", "Destiny": "us",
    "Columbus": "us", "Harmony": "us", "Kibo": "us",
}
HERE = "bold reverse"
_NAME = re.compile(r"[A-Z][a-z]+|RU|US")
LABEL_SEGMENT = {"RU": "russian", "US": "us"}
MAP_NAMES = frozenset(_NAME.findall(MAP)) - set(LABEL_SEGMENT)
LINES = "$foreground-muted"


def station_map(location: str | None, segments: dict[str, str],
                player: str = "Kira") -> Content:
    """The schematic with `location` highlighted, and a line saying where Kira is."""
    return Content("\n").join(station_lines(location, segments, player))


def station_lines(location: str | None, segments: dict[str, str],
                  player: str = "Kira") -> list[Content]:
    """The lines of `station_map`, unwrapped."""
    lines: list[Content] = []
    for row in MAP.splitlines():
        parts: list[tuple[str, str] | str] = []
        pos = 0
        for match in _NAME.finditer(row):
            if match.start() > pos:
                parts.append((row[pos:match.start()], LINES))
            name = match.group()
            if name in LABEL_SEGMENT:
                parts.append((name, SEGMENT_STYLE[LABEL_SEGMENT[name]] + " bold"))
            else:
                segment = segments.get(name, DEFAULT_SEGMENT.get(name, "us"))
                style = SEGMENT_STYLE.get(segment, "")
                parts.append((name, f"{style} {HERE}" if name == location else style))
            pos = match.end()
        parts.append((row[pos:], LINES))
        lines.append(Content.assemble(*parts).rstrip())
    lines.append(Content(""))
    lines.extend(where(location, segments, player).split("\n"))
    return lines


def where(location: str | None, segments: dict[str, str], player: str = "Kira") -> Content:
    if not location:
        return Content.styled(f"{clean(player)}: somewhere aboard", "$foreground-muted")
    segment = segments.get(location, DEFAULT_SEGMENT.get(location, ""))
    style = SEGMENT_STYLE.get(segment, "bold")
    parts: list[tuple[str, str] | str] = [("◉ ", style), (clean(player), "bold"), ": ",
                                          (clean(location), f"bold {style}")]
    if segment in SEGMENT_NAME:
        parts += ["\n  ", (SEGMENT_NAME[segment], "$foreground-muted")]
    return Content.assemble(*parts, strip_control_codes=False)


class StationMap(Widget):
    """The station panel of the play screen.

    A new location changes two or three lines of the map (the old and new module, the line
    under it): only those lines are marked for repainting, and the panel asks for a layout
    only when its height changes (tests/tui/test_play.py)."""

    DEFAULT_CSS = """
    StationMap { height: auto; }
    """

    def __init__(self, segments: dict[str, str], *, player: str = "Kira",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        draw_plain_lines_quickly(self)  # each line its border, padding and text, in one step
        self.segments = segments
        self.player = player  # the story's player character, named in "◉ Kira: Zvezda"
        self.location: str | None = None
        self.border_title = "Station"
        self._maps: dict[str | None, list[Content]] = {}  # the lines of each place, made once
        self._source: list[Content] = self._map_of(None)
        self._wrapped: tuple[int, list[Content]] | None = None

    def show(self, location: str | None) -> None:
        if location == self.location and self._wrapped is not None:
            return
        self.location = location
        width = self._wrapped[0] if self._wrapped is not None else None
        old = self._wrapped[1] if self._wrapped is not None else None
        self._source = self._map_of(location)
        self._wrapped = None
        if width is None or old is None or not self.is_mounted:
            self.refresh(layout=True)
            return
        new = self._lines(width)
        if len(new) != len(old):
            self.refresh(layout=True)
            return
        for y, (before, after) in enumerate(zip(old, new, strict=True)):
            if not same(before, after):
                self.refresh(Region(0, y, width, 1))

    def _map_of(self, location: str | None) -> list[Content]:
        lines = self._maps.get(location)
        if lines is None:
            lines = self._maps[location] = station_lines(location, self.segments, self.player)
        return lines

    def render(self) -> Content:
        """The whole panel as one text (what the lines show)."""
        return Content("\n").join(self._source)

    def _lines(self, width: int) -> list[Content]:
        width = max(width, 1)
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        lines: list[Content] = []
        for line in self._source:
            lines += [line] if line.cell_length <= width else line.wrap(width)
        self._wrapped = (width, lines)
        return lines

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_length for line in self._source), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.visual_style
        lines = self._lines(width)
        if y >= len(lines):
            return Strip.blank(width, base.rich_style)
        segments = [Segment(text, style.rich_style) for text, style in
                    lines[y].render(base, end="", parse_style=self._get_style)]
        pad = RichStyle(bgcolor=base.rich_style.bgcolor)  # as a Static pads its lines
        return Strip(segments).crop_extend(0, width, pad)
