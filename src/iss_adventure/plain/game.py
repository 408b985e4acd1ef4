"""Line mode: prose and numbered choices on stdout, numbers and commands on stdin.

Works in a pipe and with a screen reader: no colours, no cursor movement, no timers, and
every prompt says what to type. The game is autosaved at every scene into the same slots as
the full-screen game (`keep.py`): `q` quits, `--continue` comes back to the same scene.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TextIO

from ..engine.choicelog import log_of, write_log
from ..engine.machine import ChoiceView, Machine, crew_changes
from ..engine.model import Story
from ..engine.saves import save_place, slot_name
from ..engine.state import GameState
from ..engine.terminal import visible
from ..engine.timeline import Timeline
from .keep import Keeper, slot_named
from .text import prose_lines, wrapped
from .views import endings_lines, epilogue, help_lines, relationship_lines

QUIT_WORDS = {"q", "quit", "exit"}
MAX_INPUT = 4096
_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only: `²` or `٣` is not a choice number
CONTINUE_HINT = "To come back to this scene, type: iss-adventure play --plain --continue"


class PlainGame:
    """One plain-text playthrough over the given streams; `keeper` keeps saves and profile
    (None: nothing is kept, and the save commands say so)."""

    def __init__(self, story: Story, out: TextIO, inp: TextIO, width: int | None = None,
                 keeper: Keeper | None = None) -> None:
        self.story = story
        self.machine = Machine(story)
        self.out = out
        self.inp = inp
        self.keeper = keeper
        columns = width or shutil.get_terminal_size((80, 24)).columns
        self.width = max(20, min(columns, 100) - 2)
        self.timeline: Timeline | None = None

    # -- output ------------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        """Every line plain mode prints passes here: story text never reaches the terminal
        as control characters."""
        self.out.write(visible(text) + "\n")

    def line(self, text: str, first: str = "", rest: str | None = None) -> None:
        """One line of text wrapped at word boundaries."""
        for part in wrapped(text, self.width, first, rest):
            self.say(part)

    def para(self, text: str) -> None:
        """Markdown prose reflowed to the terminal (see `prose_lines`)."""
        for line in prose_lines(text, self.width):
            self.say(line)

    def tell(self) -> None:
        """What the saves and profile have to say (a file set aside, a failed write)."""
        if self.keeper is not None:
            for message in self.keeper.take_messages():
                self.line(message)

    # -- the scene ---------------------------------------------------------------------------

    @property
    def state(self) -> GameState:
        assert self.timeline is not None, "no playthrough yet"
        return self.timeline.current

    def show_scene(self, state: GameState) -> list[ChoiceView]:
        scene = self.machine.scene(state)
        act = f"Act {scene.act}: {self.story.act_title(scene.act)}"
        self.say()
        self.line(f"== {act} · {scene.title} ==")
        time = self.machine.time(state)
        self.line(scene.location + (f" · {time}" if time else ""))
        self.say()
        for text in self.machine.paragraphs(state):
            self.para(text)
            self.say()
        views = self.machine.choices(state)
        for n, view in enumerate(views, start=1):
            if view.available:
                self.line(view.text, f"  {n}. ", " " * (len(str(n)) + 4))
            else:
                self.line(f"(locked) {view.text} [{view.reason}]", f"  {n}. ",
                          " " * (len(str(n)) + 4))
        if scene.ending is not None:
            self.show_ending(state)
        return views

    def show_ending(self, state: GameState) -> None:
        ending = self.machine.scene(state).ending
        assert ending is not None
        self.line(f"*** THE END: {ending.title} ***")
        self.line(ending.summary)
        # the tone, as the full-screen end box and the endings list show it (not the id)
        choices = f"{state.turn} choice{'s' if state.turn != 1 else ''}"
        article = "An" if ending.tone[:1].lower() in "aeiou" else "A"
        self.line(f"({article} {ending.tone} ending, after {choices}.)")

    # -- input -------------------------------------------------------------------------------

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

    def prompt(self, text: str) -> str | None:
        """Print `text` as the prompt (it says what to type) and read one line. A prompt
        longer than the line is wrapped at words, its last line left open for the answer
        (the terminal broke it mid-word)."""
        *before, last = wrapped(text, self.width) if len(text) > self.width else [text]
        for part in before:
            self.say(part)
        if last != text:
            last += " "  # the space before the answer, dropped by wrapping
        self.out.write(visible(last))
        self.out.flush()
        line = self._line()
        if line is None:
            self.say()
        return line

    def _what_to_type(self, views: list[ChoiceView]) -> str:
        if not views:
            return "Type new to play again, undo to go back, help for more, or q to quit."
        return f"Type a number from 1 to {len(views)}, help for commands, or q to quit."

    # -- the game ----------------------------------------------------------------------------

    def run(self, state: GameState, log_path: Path | None = None,
            played: float = 0.0, fresh: bool = False) -> GameState:
        """Play from `state` until the player quits or input ends; the state reached. A
        `fresh` game says where the last one is kept and leaves its autosave alone until
        the first choice."""
        self.say(self.story.title)
        self.line("Type the number of a choice and press Enter. Type help for the other "
                  "commands (save, load, undo, trust, endings); q saves and quits.")
        kept = self.keeper.kept_game() if fresh and self.keeper is not None else None
        if kept is not None:
            self.line(f"Your last game is kept in {slot_name(kept.slot)} "
                      f"({save_place(kept, ', ')}, {kept.turn} choices). To go back to it, type: "
                      f"load {kept.slot}. This new game takes the autosave from your first "
                      f"choice on.")
        self.start(state, played, hold=kept is not None)
        try:
            self.loop()
        finally:
            if log_path is not None:
                self.write_log(log_path)
        return self.state

    def start(self, state: GameState, played: float = 0.0, hold: bool = False) -> None:
        self.timeline = Timeline.rebuild(self.machine, state)
        if self.keeper is not None:
            self.keeper.begin(state, played, hold)
        self.tell()

    def loop(self) -> None:
        show = True
        while True:
            state = self.state
            views = self.show_scene(state) if show else self.machine.choices(state)
            if show and self.machine.scene(state).ending is None \
                    and not any(view.available for view in views):
                self.line("Every way forward is locked here: the story has a soft lock. "
                          "Run `iss-adventure check` on it. Type undo to go back, or q.")
            answer = self.prompt(self._asking(views))
            if answer is None:
                self.say("You leave the station for now.")
                if self.keeper is not None:
                    self.say(CONTINUE_HINT)
                return
            outcome = self.act(answer.strip(), views)
            if outcome == "quit":
                return
            show = outcome == "moved"

    @staticmethod
    def _asking(views: list[ChoiceView]) -> str:
        """The prompt: it says what to type."""
        if not views:
            return "What next? Type new, undo, help or q: "
        numbers = "1" if len(views) == 1 else f"1 to {len(views)}"
        return f"Your choice ({numbers}, or help): "

    def act(self, answer: str, views: list[ChoiceView]) -> str:
        """Do what one line of input says: "moved" (show the new scene), "stay" or "quit"."""
        word, _, rest = answer.lower().partition(" ")
        rest = rest.strip()
        if word in QUIT_WORDS and not rest:
            return self.quit()
        if _NUMBER.fullmatch(answer) and views and 1 <= int(answer) <= len(views):
            view = views[int(answer) - 1]
            if not view.available:
                self.line(f"That choice is locked: {view.reason}")
                return "stay"
            return self.choose(view)
        commands = {
            "help": self.help, "h": self.help, "?": self.help,
            "look": self.look, "undo": self.undo, "u": self.undo, "redo": self.redo,
            "r": self.redo, "trust": self.trust, "t": self.trust, "endings": self.endings,
            "saves": self.saves, "new": self.new,
        }
        if word in ("save", "load"):
            return self.save(rest) if word == "save" else self.load(rest)
        if word == "read":
            return self.read(rest)
        if word in commands and not rest:
            return commands[word]()
        self.line(self._what_to_type(views))
        return "stay"

    def choose(self, view: ChoiceView) -> str:
        assert self.timeline is not None
        before = self.state
        after = self.machine.choose(before, view.id)
        self.timeline.advance(after)
        self.line(f"You chose: {view.text}")
        for change in crew_changes(self.story, before, after):
            self.line(change.describe(), "  · ", "    ")
        if self.keeper is not None:
            self.keeper.moved(before, after)
            self.tell()
        return "moved"

    def quit(self) -> str:
        if self.keeper is None:
            self.say("You leave the station for now.")
            return "quit"
        if self.keeper.holding:
            self.say("You made no choice in this new game, so your last game is kept as it "
                     "was. You leave the station for now.")
            self.say(CONTINUE_HINT.replace("this scene", "it"))
            return "quit"
        saved = self.keeper.autosave(self.state)
        self.tell()
        if saved:
            self.say("Your game is saved. You leave the station for now.")
            self.say(CONTINUE_HINT)
        else:
            self.say("You leave the station for now.")
        return "quit"

    def help(self) -> str:
        for text in help_lines():
            self.line(text, rest="    ")
        return "stay"

    def look(self) -> str:
        return "moved"

    def undo(self) -> str:
        return self._rewind(self.timeline.undo() if self.timeline else None,
                            "There is nothing to undo: this is the first scene.")

    def redo(self) -> str:
        return self._rewind(self.timeline.redo() if self.timeline else None,
                            "There is nothing to redo.")

    def _rewind(self, state: GameState | None, nothing: str) -> str:
        if state is None:
            self.line(nothing)
            return "stay"
        if self.keeper is not None:
            self.keeper.moved(None, state)
            self.tell()
        self.line(f"You are back at choice {state.turn + 1}, in "
                  f"{self.machine.scene(state).title}.")
        return "moved"

    def trust(self) -> str:
        assert self.timeline is not None
        for first, text, rest in relationship_lines(self.story, self.timeline.path,
                                                    self.timeline.cursor):
            self.line(text, first, rest)
        return "stay"

    def endings(self) -> str:
        if self.keeper is None:
            self.line("Endings are not kept in this game.")
            return "stay"
        for text in endings_lines(self.story, self.keeper.profile):
            self.line(text, rest="    ")
        return "stay"

    def read(self, word: str) -> str:
        """An ending found in any game, re-read as last reached."""
        if self.keeper is None:
            self.line("Endings are not kept in this game.")
            return "stay"
        title, paragraphs = epilogue(self.story, self.keeper.profile, word)
        if title is None:
            for text in paragraphs:
                self.line(text)
            return "stay"
        self.say()
        self.line(title)
        self.say()
        for text in paragraphs:
            self.para(text)
            self.say()
        return "stay"

    def saves(self) -> str:
        if self.keeper is None:
            self.line("Saving is off in this game.")
            return "stay"
        for text in self.keeper.listing():
            self.line(text, rest="    ")
        self.tell()
        return "stay"

    def slot_asked(self, word: str, how: str) -> str | None:
        """The slot `word` names, or None after saying `how` to name one."""
        slot = slot_named(word) if word else None
        if slot is None:
            self.line(f"{'There is no slot ' + repr(word) + '. ' if word else ''}"
                      f"{how} Type saves to see them.")
        return slot

    def save(self, word: str) -> str:
        if self.keeper is None:
            self.line("Saving is off in this game.")
            return "stay"
        slot = self.slot_asked(word, "Type save and a slot: a number from 1 to 9, or quick. "
                                     "For example: save 1.")
        if slot is None:
            return "stay"
        info = self.keeper.save(slot, self.state)
        self.tell()
        if info is not None:
            self.line(f"Saved to {slot_name(slot)}: {info.scene_title}.")
        return "stay"

    def load(self, word: str) -> str:
        if self.keeper is None:
            self.line("Saving is off in this game.")
            return "stay"
        slot = self.slot_asked(word, "Type load and a slot: a number from 1 to 9, quick or "
                                     "auto. For example: load 1.")
        if slot is None:
            return "stay"
        loaded = self.keeper.load(slot)
        self.tell()
        if loaded is None:
            return "stay"
        self.start(loaded.state, loaded.info.played_seconds)
        self.line(f"Loaded {slot_name(slot)}.")
        return "moved"

    def new(self) -> str:
        if self.machine.scene(self.state).ending is None:
            answer = self.prompt("Start again from the beginning? This game stays only in "
                                 "the slots you saved it to. Type yes or no: ")
            if answer is None or answer.strip().lower() not in ("y", "yes"):
                self.say("You go on where you are.")
                return "stay"
        self.start(self.machine.new_game(self.state.seed))
        return "moved"

    def write_log(self, log_path: Path) -> None:
        try:
            write_log(log_path, log_of(self.state, self.story.fingerprint, self.story.mods))
        except OSError as err:
            self.say(f"The choice log could not be written to {log_path}: "
                     f"{err.strerror or err}.")
        else:
            self.say(f"Choice log written to {log_path}")

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
