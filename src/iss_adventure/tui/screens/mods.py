"""The Mods screen: the mods installed in the data folder, which are on, and in what order.

It takes what it needs as arguments (the installed mods, the story's id, a function that
checks one mod against the story, the `--mod` folders of the command line and the conflicts
between the mods on now, both said above the list) and dismisses with the new enabled list
in load order, or None when nothing changed; the app saves it and reloads the story.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...engine.installed import InstalledMod
from ..text import literal

ModChecker = Callable[[Path], list[str]]


class ModsScreen(ModalScreen[list[str] | None]):
    """List, enable or disable, reorder; each mod's problems shown under the list."""

    CSS_PATH = "mods.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "switch", "On/off"),
        Binding("left_square_bracket", "move(-1)", "Load earlier"),
        Binding("right_square_bracket", "move(1)", "Load later"),
        Binding("escape", "close", "Done"),
    ]

    def __init__(self, mods: list[InstalledMod], story_id: str, folder: Path,
                 check: ModChecker, *, command_line: Sequence[str] = (),
                 conflicts: Sequence[str] = ()) -> None:
        """`command_line`: the `--mod` folders the game started with, as shown; `conflicts`:
        what two mods on now both change, one line each."""
        super().__init__()
        self.command_line = list(command_line)
        self.conflicts = list(conflicts)
        self.mods = list(mods)
        self.enabled = [m.folder for m in mods if m.enabled]
        self.story_id = story_id
        self.folder = folder  # where mods are installed, to tell the player
        self.check = check
        self._problems: dict[str, list[str]] = {}
        self._initial = list(self.enabled)

    def compose(self) -> ComposeResult:
        with Vertical(id="mods-box") as box:
            box.border_title = "Mods"
            notes = self._notes()
            if notes is not None:
                yield Static(notes, id="mods-notes", markup=False)
            if not self.mods:
                yield Static(literal(
                    f"No mods installed. Put a mod folder in {self.folder} and open this "
                    f"screen again. To make one to start from, run: iss-adventure new mod DIR"),
                    id="mods-none", markup=False)
            yield OptionList(id="mods-list")
            with VerticalScroll(id="mods-detail-box"):
                yield Static(id="mods-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._refresh_list(0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """With no mod installed, the footer offers only Done."""
        return bool(self.mods) or action not in ("switch", "move")

    def _notes(self) -> Content | None:
        """Above the list: the command line's mods (kept on) and the conflicts, if any."""
        parts: list[Content] = []
        if self.command_line:
            parts.append(Content.styled("From the command line (--mod), always on, loaded "
                                        "after the mods ticked here:", "bold"))
            parts += [literal(f"  {label}") for label in self.command_line]
            if self._initial:
                parts.append(Content.styled(
                    "This run started with --mod alone: the mods ticked here join them once "
                    "you change this list.", "$foreground-muted"))
        if self.conflicts:
            count = len(self.conflicts)
            if parts:
                parts.append(Content(""))
            parts.append(Content.styled(
                f"{count} conflict{'s' if count != 1 else ''} between the mods on: two change "
                "the same thing, and the one loaded later wins:", "bold $text-warning"))
            parts += [literal(f"  {line}", "$text-warning") for line in self.conflicts[:10]]
            if count > 10:
                parts.append(literal(f"  ... and {count - 10} more (iss-adventure check "
                                     "lists them all)", "$text-warning"))
        return Content("\n").join(parts) if parts else None

    def _order(self) -> list[InstalledMod]:
        """Enabled mods first, in load order; then the others as installed."""
        by_folder = {m.folder: m for m in self.mods}
        on = [by_folder[f] for f in self.enabled if f in by_folder]
        return on + [m for m in self.mods if m.folder not in self.enabled]

    def _label(self, mod: InstalledMod) -> Content:
        enabled = mod.folder in self.enabled
        box = ("[x] " if enabled else "[ ] ", "bold $text-success" if enabled else "")
        order = f"{self.enabled.index(mod.folder) + 1}. " if enabled else "   "
        title = mod.title
        version = f" {mod.spec.version}" if mod.spec is not None else ""
        other = mod.spec is not None and mod.spec.story != self.story_id
        note: tuple[str, str] = (
            ("  (cannot be read)", "$text-error") if mod.spec is None else
            (f"  (for the story {mod.spec.story})", "$foreground-muted") if other else ("", ""))
        return Content.assemble(box, order, literal(title + version, "bold"), note,
                                strip_control_codes=False)

    def _refresh_list(self, highlight: int | None = None) -> None:
        menu = self.query_one("#mods-list", OptionList)
        ordered = self._order()
        keep = menu.highlighted if highlight is None else highlight
        menu.set_options([Option(self._label(m), id=m.folder) for m in ordered])
        if ordered:
            menu.highlighted = min(keep or 0, len(ordered) - 1)
        menu.focus()
        self._show_detail()

    def _selected(self) -> InstalledMod | None:
        menu = self.query_one("#mods-list", OptionList)
        ordered = self._order()
        if menu.highlighted is None or not ordered:
            return None
        return ordered[min(menu.highlighted, len(ordered) - 1)]

    @on(OptionList.OptionHighlighted, "#mods-list")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected, "#mods-list")
    def _selected_option(self) -> None:
        self.action_switch()

    def problems_of(self, mod: InstalledMod) -> list[str]:
        if mod.folder not in self._problems:
            problems = list(mod.problems)
            if mod.spec is not None and mod.spec.story == self.story_id and not problems:
                problems = self.check(mod.path)
            self._problems[mod.folder] = problems
        return self._problems[mod.folder]

    def _show_detail(self) -> None:
        detail = self.query_one("#mods-detail", Static)
        mod = self._selected()
        if mod is None:
            detail.update("")
            return
        parts: list[Content] = []
        if mod.spec is not None:
            spec = mod.spec
            by = f" by {spec.author}" if spec.author else ""
            parts.append(literal(f"{spec.title} {spec.version}{by}", "bold"))
            if spec.description:
                parts.append(literal(spec.description))
            parts.append(literal(f"id {spec.id} · for the story {spec.story} · folder "
                                 f"{mod.folder}", "$foreground-muted"))
        problems = self.problems_of(mod)
        if problems:
            count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:"
            parts.append(Content.styled(count, "bold $text-error"))
            prefix = f"{self.folder}/"
            parts += [literal(p.removeprefix(prefix), "$text-error") for p in problems[:20]]
        elif mod.spec is not None and mod.spec.story == self.story_id:
            parts.append(Content.styled("Loads cleanly with this story.", "$text-success"))
        detail.update(Content("\n").join(parts))

    def action_switch(self) -> None:
        mod = self._selected()
        if mod is None:
            return
        if mod.folder in self.enabled:
            self.enabled.remove(mod.folder)
        elif mod.spec is None or mod.spec.story != self.story_id:
            self.notify("This mod is not for this story, or cannot be read: see its problems.",
                        severity="warning", timeout=4)
            return
        else:
            self.enabled.append(mod.folder)
        self._refresh_list(self._order().index(mod))

    def action_move(self, step: int) -> None:
        mod = self._selected()
        if mod is None or mod.folder not in self.enabled:
            return
        n = self.enabled.index(mod.folder)
        m = max(0, min(len(self.enabled) - 1, n + step))
        self.enabled.insert(m, self.enabled.pop(n))
        self._refresh_list(m)

    def action_close(self) -> None:
        self.dismiss(None if self.enabled == self._initial else list(self.enabled))
