"""Line mode: prose and numbered choices on stdout, numbers on stdin.

Works in a pipe and with a screen reader: no colors, no cursor movement, no timers.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TextIO

from .engine.choicelog import log_of, write_log
from .engine.machine import ChoiceView, Machine, crew_changes
from .engine.model import Story
from .engine.prose import Block, parse
from .engine.state import GameState
from .engine.terminal import visible

QUIT_WORDS = {"q", "quit", "exit"}
MAX_INPUT = 4096
_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only: `²` or `٣` is not a choice number


def prose_lines(text: str, width: int | None = None) -> list[str]:
    """Scene prose for a terminal or a screen reader, from the engine's one prose grammar:
    blocks wrapped to `width` (None: not wrapped), a blank line between blocks, list items on
    their own lines, block quotes (radio traffic) kept as quotes, emphasis markers dropped,
    control characters made visible."""
    lines: list[str] = []
    previous: Block | None = None
    for block in parse([text]):
        if previous is not None and not (previous.kind == block.kind == "item"):
            lines.append(">" if block.kind == previous.kind == "quote" and block.joined else "")
        prefix = {"quote": "> ", "item": "• "}.get(block.kind, "")
        indent = "  " if block.kind == "item" else prefix
        for n, line in enumerate(visible(block.text).split("\n")):
            first = prefix if n == 0 else indent
            if width is None:
                lines.append(first + line)
                continue
            lines.extend(textwrap.wrap(line, width, initial_indent=first,
                                       subsequent_indent=indent, break_on_hyphens=False)
                         or [first.rstrip()])
        previous = block
    return lines


class PlainGame:
    """One plain-text playthrough over the given streams."""

    def __init__(self, story: Story, out: TextIO, inp: TextIO, width: int | None = None) -> None:
        self.story = story
        self.machine = Machine(story)
        self.out = out
        self.inp = inp
        columns = width or shutil.get_terminal_size((80, 24)).columns
        self.width = max(20, min(columns, 100) - 2)

    def say(self, text: str = "") -> None:
        """Every line plain mode prints passes here: story text never reaches the terminal
        as control characters."""
        self.out.write(visible(text) + "\n")

    def para(self, text: str) -> None:
        """Markdown prose reflowed to the terminal (see `prose_lines`)."""
        for line in prose_lines(text, self.width):
            self.say(line)

    def show_scene(self, state: GameState) -> list[ChoiceView]:
        scene = self.machine.scene(state)
        act = f"Act {scene.act}: {self.story.act_title(scene.act)}"
        self.say()
        self.say(f"== {act} · {scene.title} ==")
        where = scene.location + (f" · {scene.time}" if scene.time else "")
        self.say(where)
        self.say()
        for text in self.machine.paragraphs(state):
            self.para(text)
            self.say()
        views = self.machine.choices(state)
        for n, view in enumerate(views, start=1):
            if view.available:
                self.say(f"  {n}. {view.text}")
            else:
                self.say(f"  {n}. (locked) {view.text} [{view.reason}]")
        return views

    def ask(self, views: list[ChoiceView]) -> ChoiceView | None:
        """A number from the player; None at end of input or when they quit."""
        while True:
            self.out.write("> ")
            self.out.flush()
            line = self._line()
            if line is None:
                self.say()
                return None
            answer = line.strip().lower()
            if answer in QUIT_WORDS:
                return None
            if _NUMBER.fullmatch(answer) and 1 <= int(answer) <= len(views):
                view = views[int(answer) - 1]
                if view.available:
                    return view
                self.say(f"That choice is locked: {view.reason}")
                continue
            self.say(f"Type a number from 1 to {len(views)}, or q to quit.")

    def _line(self) -> str | None:
        """One line of input, at most MAX_INPUT characters kept (a longer one is read to its
        end and is then just not a number); None at end of input."""
        line = self.inp.readline(MAX_INPUT)
        if not line:
            return None
        rest = line
        while len(rest) == MAX_INPUT and not rest.endswith("\n"):
            rest = self.inp.readline(MAX_INPUT)
        return line

    def run(self, state: GameState, log_path: Path | None = None) -> GameState:
        self.say(self.story.title)
        self.say("Type the number of a choice and press Enter; q quits.")
        while True:
            views = self.show_scene(state)
            scene = self.machine.scene(state)
            if scene.ending is not None:
                self.say(f"*** THE END: {scene.ending.title} ***")
                self.say(scene.ending.summary)
                self.say(f"(ending {scene.ending.id}, {state.turn} choices)")
                break
            if not any(view.available for view in views):
                self.say("Every way forward is locked here: the story has a soft lock. "
                         "Run `iss-adventure check` on it.")
                break
            view = self.ask(views)
            if view is None:
                self.say("You leave the station for now.")
                break
            after = self.machine.choose(state, view.id)
            for change in crew_changes(self.story, state, after):
                self.say(f"  · {change.describe()}")
            state = after
        if log_path is not None:
            try:
                write_log(log_path, log_of(state, self.story.fingerprint, self.story.mods))
            except OSError as err:
                self.say(f"The choice log could not be written to {log_path}: "
                         f"{err.strerror or err}.")
            else:
                self.say(f"Choice log written to {log_path}")
        return state

    def warn_log(self, log_path: Path) -> None:
        """Say at the start when the log cannot be written where asked, so the player can
        quit and fix the path before playing (playing still works)."""
        folder = log_path.parent
        if log_path.is_dir():
            problem = "it is a folder"
        elif not folder.is_dir():
            problem = f"there is no folder {folder}"
        else:
            return
        self.say(f"Note: the choice log cannot be written to {log_path} ({problem}); "
                 "the game goes on without it.")


def lenient(stream: TextIO) -> TextIO:
    """A text stream that never raises on bad bytes: invalid UTF-8 typed or piped in reads as
    U+FFFD (then "type a number"), and text the terminal cannot show is replaced."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="replace")
    return stream


def play_plain(story: Story, seed: int = 0, log_path: Path | None = None) -> int:
    game = PlainGame(story, lenient(sys.stdout), lenient(sys.stdin))
    if log_path is not None:
        game.warn_log(log_path)
    try:
        game.run(game.machine.new_game(seed), log_path)
    except KeyboardInterrupt:
        game.say("\nYou leave the station for now.")
    except BrokenPipeError:
        return 0
    return 0
