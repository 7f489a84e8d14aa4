"""Load and validate every table of the history core at once.

Call :func:`load_tables` from a start-up check (e.g. a Django system check): a broken or missing
table then fails loudly with :class:`~remission.clinical.history.tables.TableError` before any
patient is assessed. The tables are cached, so later calls cost nothing.
"""

from remission.clinical.history.checklist import pseudo_resistance_checklist
from remission.clinical.history.doses import table_info
from remission.clinical.history.tables import TableInfo


def load_tables() -> tuple[TableInfo, ...]:
    """Every table's name, version and sources: antidepressants, augmentation, checklist."""
    return (*table_info(), pseudo_resistance_checklist().info)
