"""The shipped definitions: every instrument, crosswalk table and bundled content pack, read from
``data/`` and checked together once per process (the Django system check calls
:func:`validate_all`)."""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

from remission.clinical.instruments.definitions import parse_instrument
from remission.clinical.instruments.errors import InstrumentDataError, UnknownInstrument
from remission.clinical.instruments.model import Instrument
from remission.clinical.instruments.packs import ContentPack, parse_pack
from remission.clinical.instruments.reading import decode
from remission.clinical.instruments.tables import Crosswalk, parse_crosswalk

DATA: Traversable = files("remission.clinical.instruments") / "data"


@dataclass(frozen=True, slots=True)
class Catalogue:
    instruments: Mapping[str, Instrument]
    crosswalks: tuple[Crosswalk, ...]
    packs: tuple[ContentPack, ...]


def load(root: Traversable | Path) -> Catalogue:
    """Read and check ``instruments/``, ``crosswalks/`` and ``packs/`` under ``root``."""
    instruments: dict[str, Instrument] = {}
    for name, data in _tables(root, "instruments"):
        instrument = parse_instrument(data, name)
        if f"instruments/{instrument.id}.toml" != name:
            raise InstrumentDataError(f"{name}: the file must be named after its id")
        instruments[instrument.id] = instrument
    crosswalks = tuple(
        parse_crosswalk(data, name, instruments) for name, data in _tables(root, "crosswalks")
    )
    _check_crosswalk_pairs(crosswalks)
    packs = tuple(parse_pack(data, name, instruments) for name, data in _tables(root, "packs"))
    _check_bundled_packs(packs, instruments)
    return Catalogue(MappingProxyType(instruments), crosswalks, packs)


def _tables(root: Traversable | Path, folder: str) -> list[tuple[str, dict[str, object]]]:
    tables = []
    for entry in sorted((root / folder).iterdir(), key=lambda entry: entry.name):
        if entry.name.endswith(".toml"):
            name = f"{folder}/{entry.name}"
            tables.append((name, decode(entry.read_text("utf-8"), "toml", name)))
    return tables


def _check_crosswalk_pairs(crosswalks: tuple[Crosswalk, ...]) -> None:
    seen: dict[frozenset[str], str] = {}
    for crosswalk in crosswalks:
        pair = frozenset((crosswalk.source_instrument, crosswalk.target))
        if pair in seen:
            raise InstrumentDataError(
                f"crosswalks/{crosswalk.id}: {seen[pair]} already converts between these"
            )
        seen[pair] = crosswalk.id


def _check_bundled_packs(
    packs: tuple[ContentPack, ...], instruments: Mapping[str, Instrument]
) -> None:
    """Only free instruments ship text, each in English at least, with its attribution."""
    for pack in packs:
        instrument = instruments[pack.instrument]
        name = f"packs/{pack.instrument}.{pack.language}.toml"
        if not instrument.text_ships:
            raise InstrumentDataError(f"{name}: {instrument.short_name} text must not ship")
        if instrument.attribution and not pack.attribution:
            raise InstrumentDataError(f"{name}: the text ships only with its attribution")
    shipped = {(pack.instrument, pack.language) for pack in packs}
    for instrument in instruments.values():
        if instrument.text_ships and (instrument.id, "en") not in shipped:
            raise InstrumentDataError(f"packs/{instrument.id}.en.toml: missing (text_ships = true)")


@functools.cache
def catalogue() -> Catalogue:
    return load(DATA)


def validate_all(root: Traversable | Path | None = None) -> Catalogue:
    """Load and check every data file; raise ``InstrumentDataError`` naming the file and the key.

    Without ``root`` this checks the shipped data (and caches it for the process).
    """
    return catalogue() if root is None else load(root)


def get_instrument(instrument_id: str) -> Instrument:
    instruments = catalogue().instruments
    try:
        return instruments[instrument_id]
    except KeyError:
        raise UnknownInstrument(instrument_id, tuple(instruments)) from None


def all_instruments() -> tuple[Instrument, ...]:
    return tuple(catalogue().instruments.values())
