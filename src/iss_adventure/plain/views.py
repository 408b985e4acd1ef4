"""Plain mode's lists in words: the commands, who trusts you and why, the endings found."""

from __future__ import annotations

from ..engine.model import Scene, Story
from ..engine.overview import (
    CHOICES,
    FACTS,
    NO_TRACKS,
    NOTHING_YET,
    TITLE,
    Change,
    aligned,
    overview,
    widths,
)
from ..engine.path import StatePath
from ..engine.profile import Profile

COMMANDS: tuple[tuple[str, str], ...] = (
    ("a number", "take that choice (a locked choice says what it needs)"),
    ("look", "show the scene again"),
    ("undo, or u", "go back to the decision before your last choice"),
    ("redo, or r", "take the undone choice again"),
    ("trust, or t", "who trusts you, what you know and carry, and which choices did it"),
    ("save 1 to save 9, or save quick", "save to that slot"),
    ("load 1 to load 9, load quick, or load auto", "load that slot"),
    ("saves", "list the saved games"),
    ("endings", "the endings you have found, in every game"),
    ("read 1, read 2, ...", "read an ending you found again, its whole epilogue"),
    ("new", "start again from the beginning"),
    ("help, or h", "this list"),
    ("q", "save and quit; come back with: iss-adventure play --plain --continue"),
)


def help_lines() -> list[str]:
    """Every command, one a line: what to type, then what it does."""
    lines = ["Commands: type one and press Enter."]
    lines += [f"{what}: {does}." for what, does in COMMANDS]
    lines.append("The game saves itself at every scene, in the same slots as the "
                 "full-screen game.")
    return lines


# The overview's arrows and bars said in words: a screen reader reads no meaning into them.
SAID = {"up": "up ", "down": "down ", "set": ""}


def hanging(rows: list[list[str]], most: int = 48) -> str:
    """The indent a row of the overview's columns goes on with when it wraps: under its last
    column (a role wrapped back to the margin broke the column of names), if not too far."""
    starts = [0]
    for size in widths(rows):
        if size:
            starts.append(starts[-1] + size + 2)
    start = starts[-2] if len(starts) > 1 else 0
    return "  " + " " * (start if start <= most else 2)


def relationship_lines(story: Story, path: StatePath,
                       upto: int) -> list[tuple[str, str, str]]:
    """(indent, text, indent of the lines it wraps to): the relationships overview the
    full-screen game shows (one owner: `engine/overview.py`), in words: trust as "2 of 3"
    without the bar, "up from 1" for the arrow, each choice's changes under it."""
    view = overview(story, path, upto)
    lines: list[tuple[str, str, str]] = [("", f"{TITLE}, {view.after}.", "")]
    if not view.tracked:
        return [*lines, ("", NO_TRACKS, "")]

    def moved(change: Change | None) -> str:
        return "" if change is None else SAID[change.direction] + change.text

    crew = [[line.name, line.trust.count if line.trust is not None else "",
             moved(line.change), line.status, line.role] for line in view.crew]
    facts = [[line.label, line.value, moved(line.change)] for line in view.facts]
    for heading, rows in ((view.crew_heading, crew), (FACTS, facts)):
        if rows:
            lines.append(("", heading, ""))
            rest = hanging(rows)
            lines += [("  ", row, rest) for row in aligned(rows)]
    lines.append(("", CHOICES, ""))
    if not view.choices:
        lines.append(("  ", NOTHING_YET, "    "))
    if view.earlier_line:
        lines.append(("  ", f"{view.earlier_line}.", "    "))
    for choice in view.choices:
        lines.append(("  ", choice.heading, "    "))
        lines += [("    ", words, "      ") for _, words in choice.changes]
    return lines


def found_endings(story: Story, profile: Profile) -> list[Scene]:
    """The ending scenes reached in any game, in the story's order (numbered from 1)."""
    return [scene for scene in story.endings
            if scene.ending is not None and profile.times_reached(scene.ending.id)]


def endings_lines(story: Story, profile: Profile) -> list[str]:
    """The endings gallery in words: found ones numbered by title, the rest by hint."""
    endings = [scene.ending for scene in story.endings if scene.ending is not None]
    found = found_endings(story, profile)
    lines = [f"Endings: {len(found)} of {len(endings)} found, in every game so far."]
    number = {scene.ending.id: n for n, scene in enumerate(found, 1) if scene.ending}
    for ending in endings:
        n = profile.times_reached(ending.id)
        if n:
            times = "once" if n == 1 else f"{n} times"
            lines.append(f"{number[ending.id]}. {ending.title} ({ending.tone}), reached "
                         f"{times}: {ending.summary}")
        else:
            hint = ending.hint or "Keep exploring: this ending is still out there."
            lines.append(f"Not found yet. Hint: {hint}")
    if found:
        lines.append("To read an ending's epilogue again, type read and its number, for "
                     "example: read 1.")
    return lines


def epilogue(story: Story, profile: Profile, word: str) -> tuple[str | None, list[str]]:
    """(title line, paragraphs) of found ending number `word` as last reached; (None,
    [message]) when there is no such ending."""
    found = found_endings(story, profile)
    if not word.isdigit() or not 1 <= int(word) <= len(found):
        if not found:
            return None, ["You have not found an ending yet."]
        return None, [f"Type read and the number of an ending you found, from 1 to "
                      f"{len(found)}. Type endings to see them."]
    scene = found[int(word) - 1]
    ending = scene.ending
    assert ending is not None
    kept = profile.epilogue(ending.id)
    paragraphs = kept if kept is not None else [scene.text, (
        "(You reached this ending before the gallery kept epilogues: this is its text "
        "without the parts that depend on your choices.)")]
    return f"*** {ending.title} ({ending.tone}) ***", [*paragraphs, f"The end: {ending.summary}"]
