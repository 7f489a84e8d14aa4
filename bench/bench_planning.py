"""Planning core: cold rule-set load, profile parsing, and a plan for each clinical vignette."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import measure
from remission.clinical.planning import parse_profile, plan, rule_set

VIGNETTES = Path(__file__).resolve().parents[1] / "tests" / "clinical" / "planning" / "vignettes"


def _cold_load() -> object:
    rule_set.cache_clear()
    return rule_set()


def main() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(VIGNETTES.glob("*.json"))]
    profiles = [parse_profile(json.loads(text)) for text in texts]
    figures = (
        ("load and validate the rule set (cold)", _cold_load),
        (
            f"parse {len(texts)} vignette profiles",
            lambda: [parse_profile(json.loads(t)) for t in texts],
        ),
        (f"plan {len(profiles)} vignettes", lambda: [plan(profile) for profile in profiles]),
    )
    for label, action in figures:
        print(f"{label:<40} {measure(action, runs=20)}")


if __name__ == "__main__":
    main()
