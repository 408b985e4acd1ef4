"""Decoding JSON from saves, the profile, settings and choice logs, with its depth checked first.

msgspec's decoder recurses once per nested array or object, so 100,000 `[` end in a
RecursionError deep inside it. `check_depth` finds such input with a few linear regex passes
 before the decoder sees it; the files the game writes nest at
most 4 deep, far under MAX_JSON_DEPTH.
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

from .limits import MAX_JSON_DEPTH

T = TypeVar("T")

_KEEP = b'[]{}"'
_DROP = bytes(c for c in range(256) if c not in _KEEP)


class TooDeep(ValueError):
    """JSON nested deeper than MAX_JSON_DEPTH."""


def check_depth(data: bytes, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise TooDeep when `data` nests arrays and objects more than about `limit` deep.

    Only bytes methods, no per-byte Python: escapes and everything but brackets and quotes
    are dropped, then the text of strings (between quotes), then the innermost empty pairs,
    once per level. JSON no deeper than `limit` has no pair left after
    `limit` passes (alternating `{[` may lose two levels a pass, so the bound is loose, never
    more than twice `limit`). Unpaired brackets left over (damaged input) count as depth.
    """
    if data.count(b"[") + data.count(b"{") <= limit:
        return
    reduced = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _DROP)
    brackets = _outside_strings(reduced)
    for _ in range(limit):
        shorter = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if len(shorter) == len(brackets):
            break
        brackets = shorter
    if b"[]" in brackets or b"{}" in brackets or (
        brackets.count(b"[") + brackets.count(b"{") > limit
    ):
        raise TooDeep(f"nested more than {limit} levels deep")


def _outside_strings(reduced: bytes, chunk: int = 1 << 16) -> bytes:
    """`reduced` (brackets and quotes only, escapes gone) without what lies between quotes.

    Split a chunk at a time, so the pieces never need more than a few MB however many
    strings there are (splitting 16 MB of `[""` at once took 400 MB)."""
    out = bytearray()
    inside = False
    for start in range(0, len(reduced), chunk):
        parts = reduced[start:start + chunk].split(b'"')
        out += b"".join(parts[1::2] if inside else parts[0::2])
        if len(parts) % 2 == 0:  # an odd number of quotes in this chunk
            inside = not inside
    return bytes(out)


def decode(data: bytes, type: type[T] | None = None) -> T | Any:
    """msgspec.json.decode after the depth check; TooDeep or msgspec.DecodeError on bad input."""
    check_depth(data)
    try:
        if type is None:
            return msgspec.json.decode(data)
        return msgspec.json.decode(data, type=type)
    except RecursionError:  # cannot happen after check_depth; kept as a second guard
        raise TooDeep("nested too deeply") from None
    except UnicodeDecodeError as err:  # msgspec raises this, not DecodeError, for bad UTF-8
        raise msgspec.DecodeError(f"invalid UTF-8 at byte {err.start}") from None
