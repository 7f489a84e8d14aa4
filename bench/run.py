"""Run every benchmark in turn (``make bench``); each prints its own figures."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["pages.py"]

if __name__ == "__main__":
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        subprocess.run([sys.executable, str(HERE / name)], check=True)
