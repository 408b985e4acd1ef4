"""Pausing Python's cyclic garbage collector around work that builds many long-lived objects
and no reference cycles worth collecting: loading a story, exploring its states. Without the
pause the collector rescans the growing heap again and again (a tenth of the checker's time,
two thirds of a load's)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
