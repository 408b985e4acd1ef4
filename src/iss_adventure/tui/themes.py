"""The game's own theme: high contrast, for low vision and bright rooms.

Pure white on pure black, yellow for what can be acted on, and no dimmed greys for text a
player has to read (muted text is nearly white). Registered by the app beside Textual's own
themes, so the settings screen offers it like any other.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#202020",
    warning="#FFD000",
    error="#FF6060",
    success="#60FF60",
    dark=True,
    variables={
        "text-muted": "#F0F0F0",
        "foreground-muted": "#F0F0F0",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#404000",
        "footer-key-foreground": "#FFFF00",
        "footer-foreground": "#FFFFFF",
        "footer-background": "#202020",
        "border": "#FFFF00",
        "scrollbar": "#FFFFFF",
        "input-selection-background": "#FFFF00 40%",
    },
)

THEMES = (HIGH_CONTRAST,)
