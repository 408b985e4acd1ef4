"""Start the server: load the story once (to fail early and to title the page), then serve."""

from __future__ import annotations

import sys
from pathlib import Path

from ..engine.loader import load_story
from ..engine.problems import StoryError
from ..engine.resources import default_story_dir
from ..engine.terminal import visible
from .options import OptionsError, ServeOptions


def game_argv(options: ServeOptions) -> list[str]:
    """How each visitor's game is started: this Python, `play`, the story and mods."""
    argv = [sys.executable, "-m", "iss_adventure", "play"]
    if options.story is not None:
        argv += ["--story", str(options.story.resolve())]
    for mod in options.mods:
        argv += ["--mod", str(mod.resolve())]
    return argv


def page_title(story_dir: Path) -> str:
    """The story's title, as the page's <title>, on one line and without control characters."""
    title = load_story(story_dir).title
    return " ".join(visible(title).split())[:120] or "ISS Adventure"


def run_serve(options: ServeOptions) -> int:
    """Serve until stopped; exit status 0, 1 for a story that cannot be played, 2 for usage."""
    try:
        options.check()
    except OptionsError as err:
        print(visible(f"iss-adventure serve: {err}"), file=sys.stderr)
        return 2
    story_dir = options.story if options.story is not None else default_story_dir()
    try:
        title = page_title(story_dir)
    except StoryError as err:
        print("The story cannot be played:", file=sys.stderr)
        print(visible(str(err)), file=sys.stderr)
        return 1
    try:
        from .server import GameServer
    except ImportError as err:
        print(f"iss-adventure serve needs the web extra ({err.name or err} is missing): "
              "pip install 'iss-adventure[web]'", file=sys.stderr)
        return 2
    server = GameServer(options, title, game_argv(options))
    try:
        server.serve()
    except OSError as err:  # the port is taken, the address is not ours...
        print(f"iss-adventure serve: cannot listen on {options.host}:{options.port}: "
              f"{err.strerror or err}", file=sys.stderr)
        return 2
    return 0
