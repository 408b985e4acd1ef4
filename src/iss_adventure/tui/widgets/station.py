"""The station panel: a small schematic of the ISS with Kira's location marked.

The main axis runs top to bottom, from the Russian segment (Zvezda at the tail) through the
segment boundary to the US segment (Harmony at the bow), with the side modules beside it.
Every capitalised word in the map is a module; a location the story declares but the map does
not draw (the steppe, say) is named in the line under the map.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.widgets import Static

from ..text import clean

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
    lines.append(where(location, segments, player))
    return Content("\n").join(lines)


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


class StationMap(Static):
    """The station panel of the play screen."""

    DEFAULT_CSS = """
    StationMap { height: auto; }
    """

    def __init__(self, segments: dict[str, str], *, player: str = "Kira",
                 id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.segments = segments
        self.player = player  # the story's player character, named in "◉ Kira: Zvezda"
        self.location: str | None = None
        self.border_title = "Station"

    def show(self, location: str | None) -> None:
        if location == self.location and self.is_mounted and self.visual is not None:
            return
        self.location = location
        self.update(station_map(location, self.segments, self.player))
