"""The command palette's game commands: save, load, undo, flowchart, endings, history, ..."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Save game", "save", "Save this playthrough to a slot (s)"),
    ("Load game", "load", "Load a saved game (l)"),
    ("Quicksave", "quicksave", "Save to the quick slot (F5)"),
    ("Quickload", "quickload", "Load the quick slot (F9)"),
    ("Undo last choice", "undo", "Back to the decision before your last choice (u)"),
    ("Redo", "redo", "Take the undone choice again (r)"),
    ("Flowchart", "flowchart", "Every scene and choice reached: jump back to any of them (f)"),
    ("Endings gallery", "endings",
     "Every ending you have reached, and hints for the rest (e, on the title)"),
    ("History", "history", "This playthrough so far: every scene and choice (h)"),
    ("Relationships", "relationships",
     "Who trusts you and why: the choices that moved each crew member, what you know (t)"),
    ("Settings", "settings", "Theme, typewriter text and speed, timed choices (o)"),
    ("Mods", "mods", "Turn installed mods on and off, and set their order (m, on the title)"),
    ("Restart", "restart", "Start the story again from the beginning"),
    ("Help", "help", "Keys and how to play (? or F1)"),
    ("Title screen", "title", "Back to the title screen, the game autosaved (escape)"),
    ("Developer console", "console", "Jump to a scene, set variables, test from here (F12; "
     "play --watch or --dev)"),
)


class GameCommands(Provider):
    """ISS Adventure's commands for the command palette (ctrl+p)."""

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action)

    def _commands(self) -> list[tuple[str, str, str]]:
        """The commands the app offers now (the console only in dev mode)."""
        return [c for c in COMMANDS if self.app.check_action(c[1], ()) is not False]

    async def discover(self) -> Hits:
        for name, action, help_text in self._commands():
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action),
                          help=help_text)
