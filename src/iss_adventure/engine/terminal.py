"""Text from a story, mod, save or file name, made safe for a terminal.

Every front end and command passes such text through `visible()` before it is printed or
drawn: an escape sequence (`\\x1b]0;title\\a`, `\\x1b[2J`, `\\x9b`), a bell or a carriage return
in a scene file must never reach the terminal as control, so each control character becomes a
visible symbol ("␛" for ESC). Pure Python, so the engine, plain mode, the CLI and the TUI share it.
"""

from __future__ import annotations

# C0 controls (except newline), DEL and C1 controls become visible: ESC shows as "␛".
_CONTROLS = {c: chr(0x2400 + c) for c in range(32) if c != 10}
_CONTROLS[9] = " "  # a tab is just space in prose
_CONTROLS[127] = "␡"
_CONTROLS.update({c: "�" for c in range(0x80, 0xA0)})
# Lone surrogates cannot be written to a UTF-8 terminal at all: os keeps an undecodable byte
# of a file name or argument as U+DC80..U+DCFF, shown here as the byte (\xff); others as "�".
_CONTROLS.update({c: "�" for c in range(0xD800, 0xE000)})
_CONTROLS.update({0xDC00 + b: f"\\x{b:02x}" for b in range(0x80, 0x100)})


def visible(text: str) -> str:
    """`text` with every control character replaced by a visible symbol (newlines kept)."""
    return text.translate(_CONTROLS)
