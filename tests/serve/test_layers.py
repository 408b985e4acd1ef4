"""`serve` runs games as processes: it never imports the Textual front end or plain mode."""

from __future__ import annotations

import subprocess
import sys


def test_serve_never_imports_the_front_ends() -> None:
    code = ("import sys, iss_adventure.serve.server, iss_adventure.serve.run; "
            "print(sorted(m for m in sys.modules if m.startswith(('iss_adventure.tui', "
            "'iss_adventure.plain', 'textual.app'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"
