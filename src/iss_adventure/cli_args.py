"""The command line's argparse parser: every command and option, and `--help`.

Imported only when `cli.main` needs it: a plain `iss-adventure play` (with `--story DIR` or
the simple switches at most) is read by `cli.quick_play_args` without it, as argparse and
building these nine parsers cost a few milliseconds of the game's start-up.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from .cli_tools import add_tool_commands
from .engine.terminal import visible


def _whole(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`, else a usage error (exit 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text) if len(text) <= 30 else None
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to "
                                              f"{high:,}, not {visible(text[:40])!r}")
        return value

    return parse


SEED = _whole(0, 2**63 - 1)  # saves and logs hold it as a 64-bit number


class Parser(argparse.ArgumentParser):
    """argparse, with the arguments it quotes back in an error made visible."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, visible(f"{self.prog}: error: {message}") + "\n")


def _add_mods(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mod", type=Path, action="append", default=[], metavar="DIR",
                        help="lay the mod in DIR over the story (repeatable; the order given "
                             "is the load order)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="iss-adventure",
        description="A branching text adventure aboard the International Space Station.",
    )
    sub = parser.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play the game (the default)")
    play.add_argument("--plain", action="store_true",
                      help="line mode: numbered choices on stdout, for pipes and screen readers")
    play.add_argument("--seed", type=SEED, default=None,
                      help="seed of the playthrough's chance routes (default: a fresh one)")
    play.add_argument("--story", type=Path, default=None, help="story directory to play")
    play.add_argument("--log", type=Path, default=None,
                      help="plain mode: write the choice log here when the game ends")
    play.add_argument("--continue", dest="resume", action="store_true",
                      help="plain mode: continue the latest saved game (the full-screen game "
                           "has Continue on its title screen)")
    _add_mods(play)
    play.add_argument("--no-mods", action="store_true",
                      help="play without the mods enabled in the Mods screen")
    play.add_argument("--watch", action="store_true",
                      help="reload the story (and --mod folders) on every save; the developer "
                           "console is on (F12)")
    play.add_argument("--dev", action="store_true",
                      help="the developer console (F12) without watching the files")

    check = sub.add_parser("check", help="prove a story sound: links, dead ends, endings")
    check.add_argument("story", type=Path, nargs="?", default=None, help="story directory")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--budget", type=_whole(1, 10**9), default=None, metavar="N",
                       help="most states to explore (default 2,000,000; at least 1)")
    check.add_argument("--coverage", type=_whole(0, 10**6), default=0, metavar="N",
                       help="also play N seeded random playthroughs and report endings reached")
    check.add_argument("--watch", action="store_true",
                       help="check again on every save and print the new and fixed problems")
    _add_mods(check)

    graph = sub.add_parser("graph", help="print the scene graph")
    graph.add_argument("story", type=Path, nargs="?", default=None, help="story directory")
    graph.add_argument("--format", choices=("dot", "mermaid"), default="dot")
    _add_mods(graph)

    serve = sub.add_parser("serve", help="play in a web browser: one game per visitor",
                           description="Serve the game to web browsers (needs the web extra: "
                           "pip install 'iss-adventure[web]').")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
    serve.add_argument("--public-url", default=None,
                       help="the address visitors use, when behind a reverse proxy")
    serve.add_argument("--max-sessions", type=int, default=8,
                       help="games at once; more visitors are asked to come back (default 8)")
    serve.add_argument("--max-visitors", type=int, default=1000,
                       help="visitors whose saves are kept (default 1000)")
    serve.add_argument("--forget-after-days", type=float, default=90.0,
                       help="with --max-visitors reached, a visitor unseen this long makes "
                            "room for a new one (default 90)")
    serve.add_argument("--max-visitor-mb", type=float, default=20.0,
                       help="the most one visitor's saves may take, in MB (default 20)")
    serve.add_argument("--data-dir", type=Path, default=None,
                       help="where visitors' saves go (default: a 'web' folder in the data "
                            "folder)")
    serve.add_argument("--story", type=Path, default=None, help="story directory to serve")
    serve.add_argument("--mod", type=Path, action="append", default=[],
                       help="a mod to play with (repeatable, in load order)")

    replay = sub.add_parser("replay", help="replay a choice log and print the path")
    replay.add_argument("log", type=Path, help="choice log JSON file")
    replay.add_argument("--story", type=Path, default=None, help="story directory")
    _add_mods(replay)
    add_tool_commands(sub)
    return parser
