"""Content packs: the words of an instrument in one language, kept apart from its scoring rules.

Licensed text (QIDS, MADRS, C-SSRS, WSAS, CADSS) and translations are loaded by a clinic under its
own licence; the free instruments ship theirs in ``data/packs/``. The format is documented in
``docs/content-packs.md``. Parsing is pure: it takes decoded data, never a path.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from remission.clinical.instruments.model import Instrument
from remission.clinical.instruments.reading import Reader

PACK_FORMAT = 1
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True, slots=True)
class ItemText:
    text: str
    options: Mapping[int, str]


@dataclass(frozen=True, slots=True)
class ContentPack:
    """Every item's text and every option's label for one instrument in one language."""

    instrument: str
    language: str
    title: str
    stem: str | None
    source: str
    licence: str
    attribution: str | None
    items: Mapping[str, ItemText]


def parse_pack(
    data: Mapping[str, object], name: str, instruments: Mapping[str, Instrument]
) -> ContentPack:
    """Check a decoded pack against its instrument: every item has text, every option a label."""
    r = Reader(data, name)
    if r.integer("pack_format") != PACK_FORMAT:
        r.fail("pack_format", f"this version reads pack_format {PACK_FORMAT}")
    instrument_id = r.string("instrument")
    if instrument_id not in instruments:
        r.fail("instrument", f"unknown instrument {instrument_id!r}")
    instrument = instruments[instrument_id]
    language = r.string("language")
    if not LANGUAGE_TAG.match(language):
        r.fail("language", f"expected a language tag such as 'en' or 'de-CH', got {language!r}")
    set_labels = _option_labels(r, instrument)
    items = _items(r.table("items"), instrument, set_labels)
    pack = ContentPack(
        instrument=instrument_id,
        language=language,
        title=r.string("title"),
        stem=r.optional_string("stem"),
        source=r.string("source"),
        licence=r.string("licence"),
        attribution=r.optional_string("attribution"),
        items=MappingProxyType(items),
    )
    r.done()
    return pack


def _option_labels(r: Reader, instrument: Instrument) -> dict[str, dict[int, str]]:
    """Labels shared by every item that uses an option set (``[option_labels.frequency]``)."""
    if not r.has("option_labels"):
        return {}
    table = r.table("option_labels")
    used = {item.option_set for item in instrument.items}
    labels = {}
    for set_name in list(table.data):
        if set_name not in used:
            table.fail(set_name, f"{instrument.id} has no option set {set_name!r}")
        labels[set_name] = table.labels(set_name)
    table.done()
    return labels


def _items(
    r: Reader, instrument: Instrument, set_labels: Mapping[str, Mapping[int, str]]
) -> dict[str, ItemText]:
    texts = {}
    for item in instrument.items:
        if not r.has(item.id):
            r.fail(item.id, "missing: a pack gives the text of every item")
        entry = r.table(item.id)
        labels = {**set_labels.get(item.option_set, {})}
        if entry.has("options"):
            labels.update(entry.labels("options"))
        if sorted(labels) != sorted(item.values):
            expected = list(item.values)
            entry.fail("options", f"labels for values {sorted(labels)}, expected {expected}")
        texts[item.id] = ItemText(entry.string("text"), MappingProxyType(labels))
        entry.done()
    r.done()
    return texts
