"""A scene's return visits: the `again` texts and `again_time` header times of a hub.

Each key is one value, or a list read one item a visit: the second visit shows the first item,
the third the second, and the last item stays for every visit after. Structured times must
run forward (the first no earlier than `time`, each no earlier than the one before); the
checker orders the scene by the last of them (docs/scene-format.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from .model import TimeSpec

T = TypeVar("T")
Problem = Callable[[list[str | int], str], None]


def for_visit(items: Sequence[T], visits: int) -> T | None:
    """The item for a scene entered for the `visits`-th time (None on a first visit)."""
    if visits < 2 or not items:
        return None
    return items[min(visits - 2, len(items) - 1)]


def clock_of(time: str | TimeSpec | None) -> tuple[str | None, int | None]:
    """The header text and, for structured time, minutes since day 0 at 00:00."""
    if not isinstance(time, TimeSpec):
        return time, None
    hours, minutes = map(int, time.at.split(":"))
    return f"Day {time.day}, {time.at} GMT", (time.day * 24 + hours) * 60 + minutes


def again_texts(again: str | list[str] | None, problem: Problem) -> tuple[str, ...]:
    """The return texts, stripped; an empty single text means none (as before lists)."""
    if again is None:
        return ()
    if isinstance(again, str):
        return (again.strip(),) if again.strip() else ()
    if not again:
        problem(["again"], "`again` lists the return texts: give at least one")
    for i, text in enumerate(again):
        if not text.strip():
            problem(["again", i], "this return text is empty")
    return tuple(text.strip() for text in again)


def again_times(again_time: str | TimeSpec | list[str | TimeSpec] | None,
                time: str | None, clock: int | None,
                problem: Problem) -> tuple[tuple[str, ...], int | None]:
    """The header times of return visits, and the clock the checker orders the scene by (the
    last structured one), with a problem for each time out of order or of the wrong form."""
    if again_time is None:
        return (), None
    several = isinstance(again_time, list)
    items: list[str | TimeSpec] = list(again_time) if isinstance(again_time, list) else [again_time]
    if not items:
        problem(["again_time"], "`again_time` lists the return times: give at least one")
    shown: list[str] = []
    last_shown, last = time, clock
    ordered: int | None = None
    for i, item in enumerate(items):
        where: list[str | int] = ["again_time", i] if several else ["again_time"]
        text, minutes = clock_of(item)
        shown.append(text or "")
        if clock is not None and minutes is None:
            problem(where, "with a structured `time`, `again_time` must be structured too, "
                    'like {day: 2, at: "10:12"}, so the checker can order it')
        elif clock is None and minutes is not None:
            problem(where, "a structured `again_time` needs a structured `time` for the first "
                    "visit")
        elif minutes is not None and last is not None and minutes < last:
            after = "time" if i == 0 else "the return before it"
            problem(where, f"again_time ({text}) is earlier than {after} ({last_shown}): "
                    "each visit comes after the one before")
        if minutes is not None:
            last_shown, last = text, minutes
            ordered = minutes
    return tuple(shown), ordered
