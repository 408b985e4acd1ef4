"""`make bench`: runs every benchmarks/bench_*.py and prints its figures against targets.

Each module has `run() -> list[dict]` rows with name, value, unit, target and ok. Ratios are
measured side by side in one run, in CPU time where other processes could skew wall time.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE))
    names = sys.argv[1:] or sorted(p.stem for p in HERE.glob("bench_*.py"))
    failed = 0
    print(f"{'benchmark':58} {'figure':>16}  target")
    for name in names:
        module = importlib.import_module(name)
        for row in module.run():
            mark = "ok" if row["ok"] else "MISSED"
            failed += not row["ok"]
            figure = f"{row['value']:,.2f} {row['unit']}"
            print(f"{row['name']:58} {figure:>16}  {row['target']} [{mark}]", flush=True)
    print(f"{failed} target(s) missed" if failed else "all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
