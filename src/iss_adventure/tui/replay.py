"""Playing again: text read and choices taken in earlier runs (from the profile), and what a
flowchart jump does to the run on screen. Plain Python over the profile and the session."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.machine import ChoiceView
    from ..engine.profile import Profile
    from ..engine.state import GameState
    from .session import Session


class ReadMarks:
    """Which pieces of the scene on screen were read before it was first shown.

    The scene on screen is shown again when the player comes back from the title or a
    watch-mode reload redraws it; it must not then count itself as read before. So the
    marks of the last state shown are kept and given again for the same state (text an
    edit added is judged afresh)."""

    def __init__(self) -> None:
        self._state: GameState | None = None
        self._marks: dict[str, bool] = {}

    def marks(self, profile: Profile, state: GameState, scene: str,
              texts: list[str]) -> list[bool]:
        """For each piece of `scene`'s text shown at `state` (its text, then each variant),
        whether it was read before, in this run or an earlier one; all of it counts as read
        from now on."""
        before = self._marks if state == self._state else {}
        flags = [before.get(text, fresh)
                 for text, fresh in zip(texts, profile.read_flags(scene, texts), strict=True)]
        profile.mark_read(texts)
        self._state, self._marks = state, {**before, **dict(zip(texts, flags, strict=True))}
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
