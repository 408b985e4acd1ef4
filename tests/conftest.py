"""Shared fixtures: the demo stories under tests/fixtures and a private data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = FIXTURES / "demo"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's saves, profile or settings."""
    monkeypatch.setenv("ISS_ADVENTURE_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def demo_story() -> Story:
    return load_story(DEMO)


@pytest.fixture(scope="session")
def demo(demo_story: Story) -> Machine:
    return Machine(demo_story)
