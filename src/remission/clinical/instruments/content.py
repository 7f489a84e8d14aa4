"""Finding an instrument's words for a patient's language: a clinic's content packs first, then
the packs shipped with the free instruments (English; German where a source was found)."""

from collections.abc import Iterable

from remission.clinical.instruments.packs import ContentPack, parse_pack
from remission.clinical.instruments.reading import Syntax, decode
from remission.clinical.instruments.registry import catalogue, get_instrument


def read_content_pack(
    text: str, *, syntax: Syntax = "toml", name: str = "content pack"
) -> ContentPack:
    """Parse and check a clinic's pack (format: ``docs/content-packs.md``).

    Raises ``InstrumentDataError`` naming the pack, the key and the problem, e.g. an item
    without text or an option without a label.
    """
    return parse_pack(decode(text, syntax, name), name, catalogue().instruments)


def item_text(
    instrument_id: str, language: str, packs: Iterable[ContentPack] = ()
) -> ContentPack | None:
    """The pack to show ``instrument_id`` in ``language``, or None if there is no text for it.

    The clinic's ``packs`` come before the shipped ones; an exact language tag (``de-CH``) before
    its primary language (``de``). Licensed instruments have no shipped text: None unless the
    clinic loaded a pack.
    """
    get_instrument(instrument_id)
    candidates = [pack for pack in (*packs, *catalogue().packs) if pack.instrument == instrument_id]
    for tag in dict.fromkeys((language, language.split("-")[0])):
        for pack in candidates:
            if pack.language == tag:
                return pack
    return None
