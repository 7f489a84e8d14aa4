"""The words a form shows: a clinic's licensed content packs first, then the shipped ones."""

from remission.clinical.instruments import (
    ContentPack,
    InstrumentDataError,
    item_text,
    read_content_pack,
)
from remission.measures.models import InstrumentText


def clinic_packs(clinic_id: int) -> list[ContentPack]:
    packs = []
    for row in InstrumentText.objects.filter(clinic_id=clinic_id):
        try:
            packs.append(read_content_pack(row.content, name=f"{row.instrument}.{row.language}"))
        except InstrumentDataError:
            continue  # validated on upload; a pack broken by a later data change is skipped
    return packs


def pack_for(clinic_id: int, instrument_id: str, language: str) -> ContentPack | None:
    return item_text(instrument_id, language, clinic_packs(clinic_id))
