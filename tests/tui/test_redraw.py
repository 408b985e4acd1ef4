"""What a choice redraws: only what changed (the choice latency in `make bench`)."""

from __future__ import annotations

from collections.abc import Callable

from textual.strip import Strip

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.text import literal, same
from iss_adventure.tui.widgets.station import StationMap

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]


def play(app: ISSApp) -> PlayScreen:
    screen = app.screen
    assert isinstance(screen, PlayScreen), screen
    return screen


def test_same_compares_styles_as_well_as_text() -> None:
    assert same(literal("Unity", "bold"), literal("Unity", "bold"))
    assert not same(literal("Unity", "bold"), literal("Unity"))  # Content's == says equal
    assert not same(literal("Unity"), None) and same(None, None)


async def test_a_new_location_repaints_only_the_lines_it_changes(
        make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        station = play(app).query_one(StationMap)
        height = station.size.height
        painted: list[int] = []
        render_line = station.render_line

        def counted(y: int) -> Strip:
            painted.append(y)
            return render_line(y)

        station.render_line = counted  # type: ignore[method-assign]
        await pilot.press("1")  # Unity -> Zvezda: two modules and the line under the map
        await pilot.pause()
        assert station.location == "Zvezda"
        assert station.size.height == height
        lines = station.render().split("\n")
        changed = sorted(y for y, line in enumerate(lines) if "Unity" in line.plain
                         or "Zvezda" in line.plain or "segment" in line.plain)
        assert sorted(set(painted)) == changed
        assert "◉ Kira: Zvezda" in screen_text(app)
        assert "Russian segment" in screen_text(app)
        painted.clear()
        station.show("Zvezda")  # the same place again: nothing to repaint
        await pilot.pause()
        assert painted == []
