"""The few private Textual APIs this game relies on, each behind one helper.

Checked against Textual 8.2.8 (pinned in pyproject.toml). When Textual is upgraded, read the
named private methods in its source again; the tests that exercise them are noted below.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Self, cast

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.terminal_theme import TerminalTheme
from textual._border import get_box
from textual._compositor import ChopsUpdate, Compositor
from textual._segment_tools import make_blank
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.content import Content
from textual.css.styles import StylesBase
from textual.dom import DOMNode
from textual.filter import ANSIToTruecolor
from textual.geometry import Region, Size, Spacing
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual, visualize
from textual.widget import Widget
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.scrollbar import ScrollBar


class NoRelayoutOnResize(Widget):
    """A widget whose new size or virtual size asks for no second layout pass.

    Textual 8.2.8: `Widget._size_updated(size, virtual_size, container_size, layout=True)`
    requests a layout when the virtual size changes; for a widget that is not scrollable (or
    only repaints) that second pass is wasted work on every choice (tests/tui/test_play.py,
    the choice latency in `make bench`).
    """

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


def own_vertical_scrollbar(view: ScrollView, make: Callable[[], ScrollBar]) -> ScrollBar:
    """`view`'s vertical scrollbar, created by `make` the first time (instead of Textual's).

    Textual 8.2.8: `ScrollView.vertical_scrollbar` builds the bar lazily into
    `_vertical_scrollbar` and starts it with `App._start_widget(parent, bar)`; this does the
    same with a bar of our own class (tests/tui/test_play.py scrolls it).
    """
    if view._vertical_scrollbar is None:
        bar = make()
        bar.display = False
        view._vertical_scrollbar = bar
        view.app._start_widget(view, bar)
    return view._vertical_scrollbar


def clear_notifications(app: App[Any]) -> None:
    """Clear the app's notifications, costing nothing when there are none.

    Textual 8.2.8: `App.clear_notifications()` always schedules the toast rack's refresh,
    about 2 ms a choice in `make bench`; `App._notifications` (a `Notifications`, with
    `__len__`) says whether there is anything to clear (tests/tui/test_player_keys.py).
    """
    if len(app._notifications):
        app.clear_notifications()


def dim_footer_keys(footer: Widget, enabled: Mapping[str, bool]) -> None:
    """Dim or light `footer`'s keys where they are, by their action's entry in `enabled`, as
    new `FooterKey(disabled=not enabled)`s would be.

    Textual 8.2.8: `FooterKey` (in the private `textual.widgets._footer`) keeps `disabled` in
    `_disabled` (a click on a disabled key rings the bell instead of pressing the key) and
    adds the class `-disabled` (dimmed by its CSS); nothing else reads it
    (tests/tui/test_replaying.py).
    """
    for key in footer.query(FooterKey):
        disabled = not enabled.get(key.action, True)
        if key._disabled != disabled:
            key._disabled = disabled
            key.set_class(disabled, "-disabled")


def forget_closed_watchers(node: DOMNode) -> None:
    """Drop the watchers of `node`'s reactives that belong to widgets already removed.

    Textual 8.2.8: `DOMNode.watch(obj, name, callback)`, and `data_bind`, which uses it, keep
    `(watcher, callback)` in `obj.__watchers[name]`, and drop the closed watchers only when
    that reactive changes next (`Reactive._check_watchers`, with the same test as here). The
    Footer's `compact` never changes, and every `FooterKey` it composes binds it, so each
    refresh of the footer's keys (two a scene with the typewriter) left its dozen removed
    keys alive, with their styles and drawn lines, for as long as the screen lived: ~20 KB
    a key, ~20 MB per 50 scenes (textual#6666, open; tests/tui/test_memory.py counts keys).
    """
    watchers: dict[str, list[tuple[DOMNode, object]]] = getattr(node, "__watchers", {})
    for pairs in watchers.values():
        pairs[:] = [(watcher, callback) for watcher, callback in pairs if not watcher._closing]


class RepaintedWithOwner(Widget):
    """A scrollbar whose refreshes during its owner's layout ask for no frame of their own.

    Textual 8.2.8: while the screen lays out a scroll view, `Widget._arrange_scrollbars` sets
    the bar's `window_size`/`window_virtual_size` and `ScrollView._size_updated` (which sees a
    new virtual size on every reflow) calls `_scroll_update`, each refreshing the bar. Those
    refreshes come before the layout's own frame, which repaints the view's region, bar and
    all; the `Update` message they also post would paint a second frame of the same bar after
    every choice. Inside `owner_layout(view)` the bar is marked dirty (so its lines are
    rendered anew in that frame) but posts no `Update` (tests/tui/test_play.py counts frames).
    """

    _in_owner_layout = False

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        if self._in_owner_layout and not layout and not recompose:
            self._repaint_required = False  # painted by the owner's layout frame
        return self


class QuietScrollView(ScrollView):
    """A scroll view whose `RepaintedWithOwner` bars are repainted by its layout's frame."""

    def _arrange_scrollbars(self, region: Region) -> Iterable[tuple[Widget, Region]]:
        with _owner_layout(self):
            return list(super()._arrange_scrollbars(region))

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        with _owner_layout(self):
            return super()._size_updated(size, virtual_size, container_size, layout)


@contextmanager
def _owner_layout(view: Widget) -> Iterator[None]:
    bars: list[RepaintedWithOwner] = []
    for bar in (view._vertical_scrollbar, view._horizontal_scrollbar):
        if isinstance(bar, RepaintedWithOwner):
            bars.append(bar)
    for owned in bars:
        owned._in_owner_layout = True
    try:
        yield
    finally:
        for owned in bars:
            owned._in_owner_layout = False


class RepaintsChangedLines(Widget):
    """A widget whose whole repaint redraws only the lines whose cells changed.

    Textual 8.2.8: `Widget._set_dirty()` with no region (a refresh, a new size) clears the
    widget's `_styles_cache` (the finished lines, borders and all) and every line is drawn
    again through it. A scrollbar is refreshed whole on every choice (its window and length
    change, and its height with the choices'), though most of its lines (the track above and
    below the thumb) stay the same. Here the finished lines are kept, and at the next
    drawing only the lines whose content differs from what was drawn are marked dirty in the
    cache (`_styles_cache.set_dirty`); a line past the old height has no cached line and is
    drawn anyway (tests/tui/test_scrollbar.py compares with a full redraw).
    """

    _drawn: list[Strip] | None = None  # the content lines behind the cached finished lines
    _compare = False  # a whole repaint is pending: compare at the next drawing

    def _set_dirty(self, *regions: Region) -> None:
        if regions or self._drawn is None:
            self._drawn = None  # not known line by line any more: all of it next time
            super()._set_dirty(*regions)
            return
        kept = dict(self._styles_cache._cache)
        super()._set_dirty()  # everything else a whole repaint does (the content, the regions)
        self._styles_cache._cache.update(kept)
        self._styles_cache._dirty_lines.clear()
        self._compare = True

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._compare or self._drawn is None:
            width, height = self.size
            lines = Visual.to_strips(self, visualize(self, self.render()), width, height,
                                     self.visual_style)
            drawn = self._drawn
            if self._compare and drawn is not None:
                changed = [Region(0, y, width, 1) for y, line in enumerate(lines)
                           if y >= len(drawn) or (line is not drawn[y]
                                                  and list(line) != list(drawn[y]))]
                if changed:  # (no region at all would clear the whole cache)
                    self._styles_cache.set_dirty(*changed)
            self._compare = False
            self._drawn = lines
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """The line drawn for the comparison (Textual's `Widget.render_line` would draw the
        whole widget a second time, the same way: `Visual.to_strips` of `render()`)."""
        drawn = self._drawn
        if drawn is None:
            return super().render_line(y)
        return drawn[y] if y < len(drawn) else Strip.blank(self.size.width,
                                                           self.visual_style.rich_style)


class _ChangedCellsCompositor(Compositor):
    """Textual's compositor, drawing only the widget lines that a frame writes out.

    Textual 8.2.8: for a partial update (`render_partial_update`) the compositor makes the
    spans of the screen to write (from the dirty regions), then `_render_chops` asks every
    visible widget that overlaps them for all its lines (`_get_renders`, front to back) and
    divides each line at the cuts of the line (every place a widget starts or ends): the
    first piece found for a cut wins, and `ChopsUpdate` writes only the pieces that meet the
    spans (a piece left `None` is skipped). The containers behind a screen's widgets, and the
    widgets beside the ones that changed, were drawn and divided on every choice though none
    of it was written. Here a widget is asked only for the lines where a piece that meets the
    spans (every piece, for a full update or a screenshot) is still empty, and only such
    pieces are filled, each cropped out of its line (`_piece`; Textual divides the whole
    line, a new strip for every piece, though often one of them is used): the same pieces,
    from the same widgets, where they are written (tests/tui/test_redraw.py adds up the
    frames of a game on a terminal and compares them with a full repaint; `make bench`,
    choice latency).
    """

    _spans: list[tuple[int, int, int]] | None = None  # the partial update being drawn

    def render_partial_update(self) -> ChopsUpdate | None:
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        crop = Region.from_union(list(update_regions)).intersection(self.size.region)
        spans = list(self._regions_to_spans(update_regions))
        self._spans = spans
        try:
            chops = self._render_chops(crop, {y for y, _, _ in spans}.__contains__)
        finally:
            self._spans = None
        return ChopsUpdate(chops, spans, [cut_set[1:] for cut_set in self.cuts])

    def _render_chops(self, crop: Region,
                      is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        needed = self._needed_cuts(cuts)
        # for each line written, the cuts whose pieces are still to fill, in order
        empty: list[list[int]] = [
            ([cut for cut in cut_set[:-1] if needed is None or cut in needed[line]]
             if is_rendered_line(line) else []) for line, cut_set in enumerate(cuts)]
        crop_overlaps = crop.overlaps
        for widget, (region, clip) in self.visible_widgets.items():
            if not crop_overlaps(clip):
                continue
            x, y, width, height = region.intersection(clip)
            if not width or not height:
                continue
            last = x + width  # x and last are cuts of each of its lines
            wanted: list[int] = []
            for line in range(y, min(y + height, len(empty))):
                starts = empty[line]
                if starts:  # is one of the pieces still to fill within this widget?
                    index = bisect_left(starts, x)
                    if index < len(starts) and starts[index] < last:
                        wanted.append(line)
            if not wanted:
                continue  # nothing of it is written: not asked, nothing divided
            top, bottom = wanted[0], wanted[-1] + 1
            strips = widget.render_lines(Region(x - region.x, top - region.y, width,
                                                bottom - top))
            for line in wanted:
                if line - top >= len(strips):
                    break
                chops_line, starts, line_cuts = chops[line], empty[line], cuts[line]
                strip = strips[line - top]
                length = strip.cell_length
                index = bisect_left(line_cuts, x)
                while line_cuts[index] < last:  # its pieces: only those filled are cut out
                    cut, end = line_cuts[index], line_cuts[index + 1]
                    if end - x > length:  # (as `Strip.divide`: no piece past the line)
                        break
                    if cut in starts:
                        chops_line[cut] = _piece(strip, cut - x, end - x)
                        starts.remove(cut)
                    index += 1
        return cast("Sequence[Mapping[int, Strip]]", chops)  # as Textual's: all filled by now

    def _needed_cuts(self, cuts: list[list[int]]) -> list[set[int]] | None:
        """For each line, the cuts whose pieces meet the spans written (None: all of them)."""
        if self._spans is None:
            return None
        needed: list[set[int]] = [set() for _ in cuts]
        for y, x1, x2 in self._spans:
            line = cuts[y]
            needed[y].update(cut for cut, end in pairwise(line) if cut < x2 and end > x1)
        return needed


def _piece(strip: Strip, start: int, end: int) -> Strip:
    """Cells `start` to `end` of `strip`, cut as `Strip.divide` cuts it (`Segment.divide`),
    without the other pieces and without keeping it in `strip`'s caches: a frame's pieces
    are written once, and kept they lived as long as the line they came from (in its
    widget's styles cache, until the next scene): ~40 strips of eight objects each a choice,
    that the garbage collector walked again and again."""
    if start == 0 and end >= strip.cell_length:
        return strip
    pieces = list(Segment.divide(strip._segments, [start, end] if start else [end]))
    return Strip(pieces[-1], end - start)


def draw_changed_cells_only(screen: Screen[Any]) -> None:
    """Give `screen` a compositor that draws only the widget lines a frame writes out (call it
    in the screen's `__init__`; see `_ChangedCellsCompositor`). Textual 8.2.8:
    `Screen.__init__` creates `Screen._compositor`, used from the first layout on."""
    screen._compositor = _ChangedCellsCompositor()


class _PlainLinesCache(StylesCache):
    """Textual's styles cache, finishing a content line of a plain widget in one step.

    Textual 8.2.8: `StylesCache.render_line` finishes every line the same general way: it
    reads the borders and outlines, pads the content line to the content width (a new
    strip), adds the padding (a new list), runs the hatch, tint and opacity steps, adds the
    side borders (another list) and makes the strip; `render` then filters it (the app's
    `ANSIToTruecolor`: a third strip, kept with the line). For a widget with no outline,
    hatch, tint or opacity (the prose, the choices, the header, the panels) a content line
    is its left border, padding, the content line, padding and right border: that is what
    this makes, in one list and one strip, filtered already when the app's only filter is
    `ANSIToTruecolor` (which changes nothing in a filtered line). The content line comes
    from the widget's `line_segments(y)` if it has one (the segments and width of the line
    `render_line(y)` makes, without that strip) and it gives them. Every other line (a
    border or padding row, a widget with any of those styles) is Textual's.
    tests/tui/test_redraw.py compares both caches' lines, segment by segment.
    """

    _plain = False  # the widget being drawn has none of those styles
    _segments_of: Callable[[int], tuple[list[Segment], int] | None] | None = None

    _truecolor: ANSIToTruecolor | None = None  # the app's only line filter, if it is that
    _sides: tuple[Segment | None, Segment | None] | None = None  # this drawing's side borders

    def get_inner_outer(self, base_background: Color,  # type: ignore[override]
                        background: Color) -> tuple[VisualStyle, VisualStyle]:
        """Textual's, from one shared cache: Textual's is an `lru_cache` on the method, so
        its keys held every styles cache that asked (and so every widget's, after the
        widget was gone, up to 1024 of them: tests/tui/test_memory.py counts them)."""
        return _SHARED_STYLES.get_inner_outer(base_background, background)

    def render_widget(self, widget: Widget, crop: Region) -> list[Strip]:
        self._plain = widget.opacity == 1.0 and _plain(widget.styles)
        self._segments_of = getattr(widget, "line_segments", None)
        self._sides = None
        filters = widget.get_line_filters()
        self._truecolor = filters[0] if len(filters) == 1 and \
            type(filters[0]) is ANSIToTruecolor else None
        try:
            return super().render_widget(widget, crop)
        finally:
            self._segments_of = None

    def render_line(self, styles: StylesBase, y: int, size: Size, content_size: Size,
                    padding: Spacing, base_background: Color, background: Color,
                    render_content_line: Callable[[int], Strip],
                    border_title: tuple[Content, Color, Color, Any] | None,
                    border_subtitle: tuple[Content, Color, Color, Any] | None,
                    opacity: float, ansi_theme: TerminalTheme, native_ansi: bool) -> Strip:
        gutter = styles.gutter
        content_y = y - gutter.top
        content_width, content_height = content_size
        if content_y < 0 or content_y >= content_height or y >= size.height - gutter.bottom \
                or not self._plain:
            return super().render_line(
                styles, y, size, content_size, padding, base_background, background,
                render_content_line, border_title, border_subtitle, opacity, ansi_theme,
                native_ansi)
        inner: RichStyle = self.get_inner_outer(base_background, background)[0].rich_style
        segments_of = self._segments_of
        content = segments_of(content_y) if segments_of is not None else None
        if content is None:
            line = render_content_line(content_y)
            content = (line._segments, line.cell_length)
        line_segments, length = content
        short = content_width - length
        if short < 0:
            line_segments = list(Strip(line_segments, length).adjust_cell_length(
                content_width, inner))
        sides = self._sides
        if sides is None:
            sides = self._sides = _sides(self, styles, base_background, background, opacity)
        left, right = sides
        segments: list[Segment] = [left] if left is not None else []
        if padding.left:
            segments.append(make_blank(padding.left, inner))
        segments.extend(line_segments)
        if short > 0:  # as `Strip.adjust_cell_length` pads it, without a strip between
            segments.append(Segment(" " * short, inner))
        if padding.right:
            segments.append(make_blank(padding.right, inner))
        if right is not None:
            segments.append(right)
        truecolor = self._truecolor
        if truecolor is None:
            return Strip(segments, size.width)
        # The line filtered already, and its own filtered line: `render` filters every line
        # it returns (a new strip each time a line is drawn anew, kept with the line), and
        # filtering a filtered line changes nothing (its colours are truecolour already).
        strip = Strip(truecolor.apply(segments, background), size.width)
        strip._filter_cache[(truecolor, background)] = strip
        return strip


_SHARED_STYLES = StylesCache()


def _plain(styles: StylesBase) -> bool:
    """No outline, hatch, tint or text opacity: nothing but padding and borders around the
    text."""
    return not (any(edge for edge, _ in styles.outline) or styles.has_rule("hatch")
                or styles.tint.a or styles.text_opacity != 1.0)


def _sides(cache: StylesCache, styles: StylesBase, base_background: Color, background: Color,
           opacity: float) -> tuple[Segment | None, Segment | None]:
    """The left and right border cells of a content line, as `StylesCache.render_line` makes
    them (None: no border on that side)."""
    _, (right, right_color), _, (left, left_color) = styles.border
    inner, outer = cache.get_inner_outer(base_background, background)
    left_cell = right_cell = None
    if left:
        left_style = VisualStyle(foreground=base_background + left_color.multiply_alpha(opacity))
        left_cell = get_box(left, inner, outer, left_style)[1][0]
    if right:
        right_style = VisualStyle(
            foreground=base_background + right_color.multiply_alpha(opacity))
        right_cell = get_box(right, inner, outer, right_style)[1][2]
    return left_cell, right_cell


def draw_plain_lines_quickly(widget: Widget) -> None:
    """Finish `widget`'s content lines in one step while it has no border, outline, hatch,
    tint or opacity (see `_PlainLinesCache`; call it in the widget's `__init__`). Textual
    8.2.8: `Widget.__init__` creates `Widget._styles_cache`, which `render_lines` uses."""
    widget._styles_cache = _PlainLinesCache()


def drawn_both_ways(widget: Widget) -> tuple[list[Strip], list[Strip]]:
    """All of `widget`'s lines, finished by `_PlainLinesCache` and by Textual's own styles
    cache (fresh ones both, filters applied): the two must be the same (tests)."""
    region = Region(0, 0, *widget.region.size)
    return (_PlainLinesCache().render_widget(widget, region),
            StylesCache().render_widget(widget, region))
