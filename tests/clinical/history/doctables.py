"""Read the worked tables of docs/algorithms, so that the tests assert what the docs show."""

from pathlib import Path

DASH = "\N{EN DASH}"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "algorithms"


def worked_table(page: str, name: str) -> list[dict[str, str]]:
    """The rows of the table after ``<!-- worked-table: name -->`` in ``docs/algorithms/page``."""
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    start = lines.index(f"<!-- worked-table: {name} -->") + 1
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    header, _separator, *rows = table
    if not rows:
        raise ValueError(f"{page}: the worked table {name!r} is empty")
    return [dict(zip(header, row, strict=True)) for row in rows]


def yes(cell: str) -> bool:
    if cell not in ("yes", "no"):
        raise ValueError(f"expected yes or no, not {cell!r}")
    return cell == "yes"


def optional_number(cell: str) -> int | None:
    """A whole number, or None for a dash."""
    return None if cell in (DASH, "not staged") else int(cell)
