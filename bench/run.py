"""Run every ``bench/bench_*.py`` module's ``main()``; each prints its own figures.

Benchmarks print numbers for people to read; the test suite never asserts timings.
"""

import importlib
from pathlib import Path


def main() -> None:
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"== {path.stem}")
        importlib.import_module(path.stem).main()


if __name__ == "__main__":
    main()
