"""The save slots as a table: pick one to save into or load from, or delete one.

When a save or the game has mods, a Mods column lists each slot's (ids; the detail line has
versions), and loading a save made with other mods than the ones on now asks first.

The screen never writes or loads a game itself: it dismisses with the chosen slot and the
caller (which holds the playthrough) calls `store.save` or `store.load`. It does delete, since
that needs nothing but the store. Every destructive step asks first through ConfirmDialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ...engine.model import Story
from ...engine.saves import (
    KEPT_SLOTS,
    SLOTS,
    BrokenSave,
    SaveError,
    SaveInfo,
    SaveStore,
    save_place,
    slot_label,
)
from ..dialogs.confirm import ConfirmDialog
from ..text import clean, literal

Mode = Literal["save", "load"]
Entry = SaveInfo | BrokenSave | None
COLUMNS = ("Slot", "Scene", "Act", "Played", "Saved")
MODS_COLUMN = "Mods"  # shown only when a save or the game has mods
SHORT_MODS = 24  # the Mods column's width; the detail line has them all
NARROW = 80  # columns: a narrower screen leaves out Act and Played (the detail line has them)
NARROW_MODS = 10  # the Mods column's width there
SHORT_MESSAGE = 40  # broken-save message length in the table; the detail line has it all


def format_played(seconds: float) -> str:
    """Time played as h:mm:ss."""
    total = int(max(0.0, seconds))
    return f"{total // 3600}:{total // 60 % 60:02d}:{total % 60:02d}"


def format_mods(mods: tuple[str, ...], versions: bool = True, empty: str = "no mods") -> str:
    """Mods as "a 1.0, b 2" (or their ids alone), `empty` when there are none."""
    if not mods:
        return empty
    return ", ".join(m.replace("@", " ") if versions else m.split("@")[0] for m in mods)


def format_saved(saved_at: str) -> str:
    """The save's date as YYYY-MM-DD HH:MM, or the raw text if it is not an ISO date."""
    try:
        return datetime.fromisoformat(saved_at).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return saved_at


class SlotTable(DataTable[Text], inherit_bindings=False):
    """The slots: a DataTable whose Enter is left to the screen (saves or loads the slot
    under the cursor, named in the footer). Enter goes the way the arrow keys go, so an
    arrow typed just before it (fast, or in one batch from a browser) has moved the cursor
    first; a priority Enter ran ahead of it and took the slot the cursor was leaving."""

    BINDINGS: ClassVar[list[BindingType]] = [
        b for b in DataTable.BINDINGS if not (isinstance(b, Binding) and b.key == "enter")]


class SavesScreen(Screen[str | None]):
    """Save slots; dismisses with the chosen slot, or None when closed."""

    CSS_PATH = "saves.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "save_slot", "Save here"),
        Binding("enter", "load_slot", "Load"),
        Binding("d,delete", "delete", "Delete"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, store: SaveStore, story: Story, mode: Mode, *,
                 confirm_load: bool = False) -> None:
        """`confirm_load`: ask before loading (the caller knows whether progress would be lost)."""
        super().__init__()
        self.store = store
        self.story = story
        self.mode: Mode = mode
        self.confirm_load = confirm_load
        self.slots: list[str] = []
        self.entries: dict[str, Entry] = {}
        self.show_mods = False  # a Mods column: some save, or the game, has mods
        self.cells: dict[str, dict[str, Text]] = {}  # slot -> column -> cell, every column
        self._width = 0  # the width the table's columns were fitted to

    def compose(self) -> ComposeResult:
        heading = "Save game: choose a slot" if self.mode == "save" else "Load game"
        yield Static(heading, id="saves-title")
        yield SlotTable(id="saves-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="saves-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.show_mods = bool(self.story.mods) or any(
            isinstance(e, SaveInfo) and e.mods for e in self.store.entries())
        self.refresh_slots()
        first = self._first_choice()
        if first in self.slots:
            self.table.move_cursor(row=self.slots.index(first), animate=False)
            self._show_detail()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#saves-table", DataTable)

    @property
    def current(self) -> str | None:
        """The slot under the cursor, or None when the list is empty."""
        row = self.table.cursor_row
        return self.slots[row] if 0 <= row < len(self.slots) else None

    # -- contents --------------------------------------------------------------------------

    def refresh_slots(self) -> None:
        """Re-read the store and rebuild the table, keeping the cursor near where it was."""
        found: dict[str, Entry] = {e.slot: e for e in self.store.entries()}
        if self.mode == "save":
            self.slots = [s for s in SLOTS if s not in KEPT_SLOTS]
        else:
            self.slots = [s for s in SLOTS if s in found]
        self.entries = {slot: found.get(slot) for slot in self.slots}
        self.cells = {slot: dict(zip((*COLUMNS, MODS_COLUMN),
                                     self._cells(slot, self.entries[slot]), strict=False))
                      for slot in self.slots}
        self._fill(self.size.width or self.app.size.width)
        self.table.display = bool(self.slots)
        self._show_detail()

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._width:
            self._fill(event.size.width)

    def columns(self, width: int) -> list[str]:
        """The table's columns in `width` cells: below NARROW, no Act and no Played."""
        narrow = width < NARROW
        return [column for column in (*COLUMNS, *((MODS_COLUMN,) if self.show_mods else ()))
                if not (narrow and column in ("Act", "Played"))]

    def _fill(self, width: int) -> None:
        """The table's columns and rows for `width` cells, the cursor kept on its row. The
        scene's title is cut short ("…") so that the columns after it stay in view."""
        self._width = width
        columns = self.columns(width)
        cells = {slot: [self.cells[slot][column].copy() for column in columns]
                 for slot in self.slots}
        if width < NARROW and self.show_mods:
            for slot, line in cells.items():
                line[-1] = self._mods_cell(self.entries[slot], NARROW_MODS)
        at = columns.index("Scene")
        others = sum(max([len(column), *(line[i].cell_len for line in cells.values())]) + 2
                     for i, column in enumerate(columns) if i != at)
        room = max(len("Scene"), width - others - 2 - 2)  # its padding, a scrollbar's room
        for line in cells.values():
            _cut(line[at], room)
        row = self.table.cursor_row
        self.table.clear(columns=True)
        self.table.add_columns(*columns)
        for slot in self.slots:
            self.table.add_row(*cells[slot], key=slot)
        if self.slots:
            self.table.move_cursor(row=min(max(row, 0), len(self.slots) - 1), animate=False)

    def _first_choice(self) -> str | None:
        """Start on the first empty slot when saving, on the latest save when loading."""
        if self.mode == "save":
            return next((s for s in self.slots if self.entries[s] is None), None)
        latest = self.store.latest()
        return latest.slot if latest is not None else None

    def other_mods(self, entry: Entry) -> bool:
        """Whether `entry` was made with other mods than the game runs with now."""
        return isinstance(entry, SaveInfo) and tuple(entry.mods) != tuple(self.story.mods)

    def _cells(self, slot: str, entry: Entry) -> tuple[Text, ...]:
        cells = self._slot_cells(slot, entry)
        if not self.show_mods:
            return cells
        return (*cells, self._mods_cell(entry, SHORT_MODS))

    def _mods_cell(self, entry: Entry, width: int) -> Text:
        """The mods' ids, cut short to `width` cells, "≠" when they differ from the game's."""
        if not isinstance(entry, SaveInfo):
            return Text("")
        other = self.other_mods(entry)  # marked in words too, not by colour alone
        mods = format_mods(entry.mods, versions=False, empty="none")
        room = width - (2 if other else 0)
        if len(mods) > room:
            mods = mods[: room - 1] + "…"
        return Text(clean(mods + (" ≠" if other else "")), style="yellow" if other else "")

    def _slot_cells(self, slot: str, entry: Entry) -> tuple[Text, ...]:
        label = Text(slot_label(slot), style="bold")
        if entry is None:
            return label, Text("(empty)", style="dim"), Text(""), Text(""), Text("")
        if isinstance(entry, BrokenSave):
            short = entry.message if len(entry.message) <= SHORT_MESSAGE \
                else entry.message[: SHORT_MESSAGE - 1] + "…"
            return label, Text(clean(short), style="red"), Text(""), Text(""), Text("")
        scene = Text(clean(entry.scene_title))
        if entry.dev:  # the developer console was used: not counted in the gallery
            scene.append(" (console)", style="dim")
        return (label, scene, Text(f"Act {entry.act}"),
                Text(format_played(entry.played_seconds)),
                Text(clean(format_saved(entry.saved_at))))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#saves-detail", Static)
        slot = self.current
        detail.set_class(False, "-broken")
        if slot is None:
            detail.update("No saves yet. Press Escape to go back.")
            return
        entry = self.entries.get(slot)
        label = slot_label(slot)
        if entry is None:
            detail.update(f"{label} is empty. Press Enter to save here.")
        elif isinstance(entry, BrokenSave):
            detail.set_class(True, "-broken")
            then = "Enter overwrites it, d deletes it." if self.mode == "save" \
                else "Press d to delete it."
            detail.update(literal(f"{label} cannot be used: {entry.message} {then}"))
        else:
            mods = ""
            if self.show_mods:
                mods = f" · mods: {format_mods(entry.mods, empty='none')}"
                if self.other_mods(entry):
                    mods += (f" (the game now runs with {format_mods(self.story.mods)}: "
                             "loading replays it with the mods on now)")
            detail.update(literal(
                f"{label}: {save_place(entry)} · Act {entry.act}: {entry.act_title} · "
                f"{entry.turn} choice{'s' if entry.turn != 1 else ''} · "
                f"played {format_played(entry.played_seconds)} · "
                f"saved {format_saved(entry.saved_at)}{mods}"))

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter saves in save mode and loads in load mode; only one of them is shown."""
        if action == "save_slot":
            return self.mode == "save"
        if action == "load_slot":
            return self.mode == "load"
        return True

    def action_save_slot(self) -> None:
        slot = self.current
        if slot is None:
            return
        entry = self.entries.get(slot)
        if entry is None:
            self.dismiss(slot)
            return
        label = slot_label(slot)
        if isinstance(entry, BrokenSave):
            question = f"{label} holds a damaged save. Overwrite it?"
        else:
            question = (f"Overwrite {label} ({entry.scene_title}, saved "
                        f"{format_saved(entry.saved_at)})?")
        self.app.push_screen(ConfirmDialog(question, yes="Overwrite", no="Cancel"),
                             self._dismiss_if(slot))

    def action_load_slot(self) -> None:
        slot = self.current
        if slot is None:
            return
        entry = self.entries.get(slot)
        if isinstance(entry, BrokenSave):
            self.notify(clean(entry.message), title=f"{slot_label(slot)} cannot be loaded",
                        severity="error", markup=False)
        elif entry is not None and (self.confirm_load or self.other_mods(entry)):
            question = f"Load {slot_label(slot)}?"
            if isinstance(entry, SaveInfo) and self.other_mods(entry):
                question += (f" It was made with {format_mods(entry.mods)}; the game now runs "
                             f"with {format_mods(self.story.mods)}. It is replayed with the "
                             "mods on now, as far as it still fits.")
            if self.confirm_load:
                question += " Progress since your last save will be lost."
            self.app.push_screen(ConfirmDialog(clean(question), yes="Load", no="Cancel"),
                                 self._dismiss_if(slot))
        elif entry is not None:
            self.dismiss(slot)

    def _dismiss_if(self, slot: str) -> Callable[[bool | None], None]:
        """A ConfirmDialog callback: dismiss with `slot` when the answer was yes."""

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(slot)

        return answered

    def action_delete(self) -> None:
        slot = self.current
        if slot is None:
            return
        label = slot_label(slot)
        if self.entries.get(slot) is None:
            self.notify(f"{label} is already empty.")
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.delete(slot)
            except SaveError as err:
                self.notify(clean(str(err)), severity="error", markup=False)
            else:
                self.notify(f"{label} deleted.")
            self.refresh_slots()

        self.app.push_screen(
            ConfirmDialog(f"Delete {label}? This cannot be undone.", yes="Delete", no="Cancel"),
            answered)

    def action_close(self) -> None:
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on the highlighted row acts like Enter."""
        event.stop()
        if self.mode == "save":
            self.action_save_slot()
        else:
            self.action_load_slot()


def _cut(cell: Text, room: int) -> None:
    """Cut `cell` to `room` cells, ending in "…" when anything is left out."""
    if cell.cell_len > room:
        cell.truncate(max(1, room - 1))
        cell.rstrip()
        cell.append("…")
