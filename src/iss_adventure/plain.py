"""Line mode: prose and numbered choices on stdout, numbers on stdin.

Works in a pipe and with a screen reader: no colors, no cursor movement, no timers.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TextIO

from .engine.choicelog import log_of, write_log
from .engine.machine import ChoiceView, Machine, crew_changes
from .engine.model import Story
from .engine.state import GameState

QUIT_WORDS = {"q", "quit", "exit"}
_EMPHASIS = re.compile(r"(\*\*|\*|__)(?=\S)(.+?)(?<=\S)\1")


def blocks(text: str) -> list[list[str]]:
    """Paragraphs and block quotes: runs of lines split at blank lines and at a change
    between quoted and unquoted lines."""
    out: list[list[str]] = []
    for line in text.strip().splitlines():
        if not line.strip():
            if out and out[-1]:
                out.append([])
            continue
        if out and out[-1] and out[-1][-1].lstrip().startswith(">") != line.lstrip().startswith(
            ">"
        ):
            out.append([])
        if not out:
            out.append([])
        out[-1].append(line.strip())
    return [b for b in out if b]


def plain_text(text: str) -> str:
    """Markdown emphasis markers removed: a screen reader should not read out asterisks."""
    return _EMPHASIS.sub(r"\2", text)


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
        self.out.write(text + "\n")

    def para(self, text: str) -> None:
        """Markdown prose reflowed to the terminal: paragraphs joined and wrapped, block
        quotes (radio traffic) kept as quotes, emphasis markers dropped."""
        for n, block in enumerate(blocks(text)):
            if n:
                self.say()
            quoted = block[0].startswith(">")
            lines = [line.lstrip(">").strip() if quoted else line.strip() for line in block]
            prefix = "> " if quoted else ""
            self.say(textwrap.fill(plain_text(" ".join(lines)), self.width,
                                   initial_indent=prefix, subsequent_indent=prefix,
                                   break_on_hyphens=False))

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
            line = self.inp.readline()
            if not line:
                self.say()
                return None
            answer = line.strip().lower()
            if answer in QUIT_WORDS:
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(views):
                view = views[int(answer) - 1]
                if view.available:
                    return view
                self.say(f"That choice is locked: {view.reason}")
                continue
            self.say(f"Type a number from 1 to {len(views)}, or q to quit.")

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
            write_log(log_path, log_of(state, self.story.fingerprint, self.story.mods))
            self.say(f"Choice log written to {log_path}")
        return state


def play_plain(story: Story, seed: int = 0, log_path: Path | None = None) -> int:
    game = PlainGame(story, sys.stdout, sys.stdin)
    try:
        game.run(game.machine.new_game(seed), log_path)
    except KeyboardInterrupt:
        game.say("\nYou leave the station for now.")
    except BrokenPipeError:
        return 0
    return 0
