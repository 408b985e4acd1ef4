"""Playing again: text read and choices taken in earlier runs (from the profile), and what a
flowchart jump does to the run on screen. Plain Python over the profile and the session."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.machine import ChoiceView
    from ..engine.profile import Profile
    from ..engine.state import GameState
    from .session import Session


def read_marks(profile: Profile, scene: str, texts: list[str]) -> list[bool]:
    """For each piece of a scene's text shown (its text, then each variant), whether it was
    read before, in this run or an earlier one; all of it counts as read from now on."""
    flags = profile.read_flags(scene, texts)
    profile.mark_read(texts)
    return flags


def taken_before(profile: Profile, scene: str, views: list[ChoiceView]) -> set[str]:
    """The ids of a scene's choices (`views`) taken in some run."""
    from ..engine.profile import choice_key

    seen = profile.choices_seen
    return {view.id for view in views if choice_key(scene, view.id) in seen}


def jump_note(session: Session | None, state: GameState, saved: bool) -> str:
    """What a jump to `state` does to the run left (`saved`: there is a save to keep when
    no run is on screen), said before it is made."""
    if session is not None and session.timeline.index_of(state) is not None:
        return "Your run stays reachable: redo (r) leads along it again."
    if session is not None or saved:
        return ("The run you leave is kept in the save \u201cBefore the jump\u201d (Load); "
                "the autosave follows you.")
    return ""
