"""The slow drills (``make drills``): crash, backup/restore at scale, load. Each exits non-zero on
failure; this runs them in turn and stops at the first failure."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRILLS = [
    ["crash.py", "--trials", "3", "--submissions", "1000"],
    ["restore.py", "--patients", "10000"],
    ["load.py", "--patients", "10000", "--users", "50", "--seconds", "60"],
]

if __name__ == "__main__":
    for drill in DRILLS:
        print(f"\n=== {' '.join(drill)} ===", flush=True)
        subprocess.run([sys.executable, str(HERE / drill[0]), *drill[1:]], check=True)  # noqa: S603
