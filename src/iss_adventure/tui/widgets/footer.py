"""A footer that fits its width: when the keys do not fit, the least useful ones go first.

Textual's Footer lays its keys out left to right and cuts whatever passes the right edge, so
at 80 or 60 columns the keys listed last (Trust, Menu) were cut off or lost. This one is given
the actions it may drop, least useful first, and drops them one at a time until the rest
fit; every key still works, and is listed in help and the command palette.

Textual 8.2.8: `Footer.compose` yields one `FooterKey` a shown binding (with the binding's
`action` as an attribute), grouped keys inside a `KeyGroup` with a label; the widths below
are those of the compact style (key, space, description, one cell of margin). A grouped
key is never dropped (its label would stay). tests/tui/test_replaying.py checks the result.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer

from .textual_private import dim_footer_keys, forget_closed_watchers


def _width(bindings: list[tuple[Binding, str]]) -> int:
    """Cells the compact footer takes for one action's entry or one group's keys and label."""
    first = bindings[0][0]
    if first.group is not None and len(bindings) > 1:
        return sum(len(shown) + 1 for _, shown in bindings) + len(first.group.description) + 1
    return len(bindings[0][1]) + 1 + (len(first.description) + 1 if first.description else 0)


def dropped(entries: Iterable[tuple[Binding, str]], width: int,
            drop: tuple[str, ...]) -> set[str]:
    """The actions to leave out so that `entries` (binding, key as shown) fit in `width`,
    taken from `drop` in its order (least useful first)."""
    by_action: dict[str, list[tuple[Binding, str]]] = {}
    for binding, shown in entries:
        by_action.setdefault(binding.action, []).append((binding, shown))
    groups: dict[object, list[tuple[Binding, str]]] = {}
    for action, bindings in by_action.items():
        group = bindings[0][0].group
        groups.setdefault(group if group is not None else action, []).extend(bindings[:1])
    sizes = {key: _width(items) for key, items in groups.items()}
    total = sum(sizes.values()) - 1  # the last key's margin may pass the edge
    out: set[str] = set()
    for action in drop:
        if total <= width:
            break
        if action in sizes:
            total -= sizes[action]
            out.add(action)
    return out


class FittingFooter(Footer):
    """Footer(compact=True) that leaves out `drop`'s actions, first first, until it fits.

    When the screen's bindings change but the keys shown stay the same (Undo and Redo
    dimmed or not, after a choice or an undo), the keys are dimmed or lit where they are:
    Textual's Footer composes all its keys again (a dozen widgets unmounted, mounted, styled
    and laid out, and two more frames: a choice that did it cost ~10x one that did not).
    """

    def __init__(self, drop: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(compact=True, show_command_palette=False, id=id)
        self.drop = drop
        self._fitted_to = -1
        self._composed: tuple[object, ...] | None = None  # the keys of the last compose
        self.hidden: set[str] = set()  # what the last compose left out (tests read it)
        self.composed = 0  # how many times it composed its keys (tests read it)

    def _keys(self) -> tuple[tuple[object, ...], dict[str, bool]]:
        """What a compose shows (each key as shown, its label, action, group and tooltip),
        and whether each action is enabled (the first binding of an action, as Footer)."""
        shown = [(binding, enabled, tooltip) for (_, binding, enabled, tooltip)
                 in self.screen.active_bindings.values() if binding.show]
        keys = tuple((binding.key, self.app.get_key_display(binding), binding.description,
                      binding.action, binding.group, tooltip) for binding, _, tooltip in shown)
        enabled: dict[str, bool] = {}
        for binding, on, _ in shown:
            enabled.setdefault(binding.action, on)
        return keys, enabled

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._composed is not None and self.is_attached and screen is self.screen \
                and screen.app.app_focus and self.app.size.width == self._fitted_to:
            keys, enabled = self._keys()
            if keys == self._composed:  # the same keys: only which are dimmed may differ
                self._bindings_ready = True
                dim_footer_keys(self, enabled)
                return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        forget_closed_watchers(self)  # the keys removed before this compose (textual#6666)
        self.composed += 1
        width = self.app.size.width
        self._fitted_to = width
        self._composed = self._keys()[0]
        entries = [(binding, self.app.get_key_display(binding))
                   for (_, binding, _, _) in self.screen.active_bindings.values()
                   if binding.show]
        self.hidden = dropped(entries, width, self.drop)
        for widget in super().compose():
            if getattr(widget, "action", None) in self.hidden:
                widget.display = False
            yield widget

    def on_resize(self, event: Resize) -> None:
        if self.app.size.width != self._fitted_to and self._fitted_to >= 0:
            self.refresh(recompose=True)
