"""Plain mode's lists in words: the commands, who trusts you and why, the endings found."""

from __future__ import annotations

from ..engine.model import Scene, Story
from ..engine.path import StatePath
from ..engine.profile import Profile
from ..engine.relations import relationships

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


def relationship_lines(story: Story, path: StatePath, upto: int) -> list[tuple[str, str]]:
    """(indent, text) lines: each crew member's trust and each labelled fact with the
    choices that moved it, in the words of the what-changed lines."""
    tracks = relationships(story, path, upto)
    if not tracks:
        return [("", "This story follows no trust, facts or items.")]
    lines: list[tuple[str, str]] = []
    heading = ""
    for track in tracks:
        section = "Crew" if track.kind != "fact" else "What you know and carry"
        if section != heading:
            lines.append(("", f"{section}:"))
            heading = section
        what = "trust" if track.kind == "trust" else ("status" if track.kind == "status"
                                                       else "")
        name = f"{track.label} {what}".strip()
        if not track.moves:
            # One line for what no choice has touched: a screen reader hears it once.
            lines.append(("  ", f"{name}: {track.shown()}, unchanged since the start."))
            continue
        lines.append(("  ", f"{name}: {track.shown()} (at the start: "
                            f"{track.shown(track.initial)})."))
        for move in track.moves:
            lines.append(("    ", f"Choice {move.turn}, in {move.scene}: "
                                  f"{move.choice} {track.describe(move)}"))
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
