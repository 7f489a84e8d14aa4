"""Run every ``bench/bench_*.py`` in its own process (``make bench``); each prints its figures.

Benchmarks print numbers for people to read; the test suite never asserts timings.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for path in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {path.stem} ===", flush=True)
        subprocess.run([sys.executable, str(path)], check=True)
