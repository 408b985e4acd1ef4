"""The engine is pure: importing all of it loads neither Textual nor Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import iss_adventure.engine as engine


def test_engine_imports_neither_textual_nor_rich() -> None:
    modules = [f"iss_adventure.engine.{m.name}" for m in pkgutil.iter_modules(engine.__path__)]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "", f"engine pulled in: {out.stdout}"
    assert len(modules) >= 8
