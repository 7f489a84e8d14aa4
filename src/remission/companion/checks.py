"""A system check: every exercise and information page exists in every portal language."""

from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage, Error, register

from remission.companion import education, skills

TEMPLATES = Path(__file__).parent / "templates" / "companion" / "learn"


@register()
def check_content_is_complete(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for exercise in skills.EXERCISES:
        texts = [exercise.title, exercise.summary, *exercise.steps]
        texts += [prompt.label for prompt in exercise.prompts]
        if exercise.caution:
            texts.append(exercise.caution)
        if any(not text.en.strip() or not text.de.strip() for text in texts):
            errors.append(
                Error(
                    f"Exercise {exercise.slug!r} lacks a text in one language.", id="companion.E001"
                )
            )
        if exercise.approach not in skills.APPROACHES:
            errors.append(
                Error(f"Exercise {exercise.slug!r}: unknown approach.", id="companion.E002")
            )
    for page in education.PAGES:
        for language in skills.LANGUAGES:
            if not (TEMPLATES / language / f"{page.slug}.html").exists():
                errors.append(
                    Error(
                        f"Information page {page.slug!r} has no {language} version.",
                        id="companion.E003",
                    )
                )
    return errors
