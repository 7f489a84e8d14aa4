"""PHQ-9 responses scored per second on one core (target: at least 100,000/s).

Scores 10,000 random complete PHQ-9 sheets (about three in four raise an item-9 alert) five
times in one process (one thread, so one core) and prints the best and median rates with the
machine's load average, since other work on the machine lowers the figure. Prints figures only;
it never asserts. Run it with ``.venv/bin/python bench/scoring.py``.
"""

import os
import random
import statistics
import time

from remission.clinical.instruments import score

SHEETS = 10_000
ROUNDS = 5


def main() -> None:
    rng = random.Random(2026)
    sheets = [{f"q{n}": rng.randint(0, 3) for n in range(1, 10)} for _ in range(SHEETS)]
    score("phq9", sheets[0])  # the definitions are read and prepared once, before timing
    rates = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for sheet in sheets:
            score("phq9", sheet)
        rates.append(SHEETS / (time.perf_counter() - started))
    alerts = sum(1 for sheet in sheets if score("phq9", sheet).alerts)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"PHQ-9 scored per second on one core: best {max(rates):,.0f}, median "
        f"{statistics.median(rates):,.0f} ({ROUNDS} rounds of {SHEETS:,} sheets; target 100,000)"
    )
    print(f"sheets raising an item-9 alert: {alerts:,} of {SHEETS:,}; load average {load}")


if __name__ == "__main__":
    main()
