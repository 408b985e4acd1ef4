"""The worked example in docs/scene-format.md loads, checks clean and plays to its ending."""

from __future__ import annotations

import re
from pathlib import Path

from iss_adventure.engine.analysis import check
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine

DOC = Path(__file__).resolve().parents[2] / "docs" / "scene-format.md"


def _example_files() -> dict[str, str]:
    text = DOC.read_text()
    files = {}
    for name in ("story.yaml", "shift/wake.yaml", "shift/leak.yaml"):
        match = re.search(rf"`{re.escape(name)}`[^\n]*:\n\n```yaml\n(.*?)```", text, re.S)
        assert match, f"example for {name} not found in the doc"
        files[name] = match.group(1)
    return files


def test_worked_example_is_a_sound_story(tmp_path: Path) -> None:
    for name, content in _example_files().items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    story = load_story(tmp_path)
    report = check(story)
    assert report.ok and report.complete and not report.warnings, report.problems
    assert [e.witness for e in report.endings] == [["help"]]
    machine = Machine(story)
    state = machine.new_game()
    views = {v.id: v for v in machine.choices(state)}
    assert views["report"].reason == "You have not found the leak yet."
    state = machine.choose(machine.choose(state, "search"), "report")
    assert machine.is_ending(state)
    assert any("medal" in p for p in machine.paragraphs(state))
