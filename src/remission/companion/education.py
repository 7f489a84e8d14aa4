"""Psychoeducation pages for patients and families. Each page is written once per language
(``templates/companion/learn/<language>/<slug>.html``) and cites its sources."""

from dataclasses import dataclass

from django.utils.translation import get_language

from remission.companion.skills import Text


@dataclass(frozen=True)
class Page:
    slug: str
    title: Text
    summary: Text

    def template(self) -> str:
        language = "de" if (get_language() or "en").startswith("de") else "en"
        return f"companion/learn/{language}/{self.slug}.html"


PAGES = (
    Page(
        "what-is-trd",
        Text("What treatment-resistant depression is", "Was therapieresistente Depression ist"),
        Text(
            "Why some depressions need more than one or two attempts, and what that means.",
            "Warum manche Depressionen mehr als ein oder zwei Behandlungsversuche brauchen.",
        ),
    ),
    Page(
        "not-a-personal-failure",
        Text("It is not a personal failure", "Es ist kein persönliches Versagen"),
        Text(
            "Depression that does not lift quickly is common and nobody's fault.",
            "Eine Depression, die nicht schnell nachlässt, ist häufig und niemandes Schuld.",
        ),
    ),
    Page(
        "treatment-options",
        Text("Treatment options", "Behandlungsmöglichkeiten"),
        Text(
            "Medication steps, psychotherapies, ketamine and esketamine, TMS and ECT: the facts.",
            "Medikamentöse Schritte, Psychotherapien, Ketamin und Esketamin, TMS und EKT: die "
            "Fakten.",
        ),
    ),
    Page(
        "why-we-measure",
        Text("Why we ask you questionnaires", "Warum wir Sie Fragebögen ausfüllen lassen"),
        Text(
            "How short questionnaires help you and your team see what is working.",
            "Wie kurze Fragebögen Ihnen und Ihrem Team zeigen, was wirkt.",
        ),
    ),
    Page(
        "helping-someone-you-love",
        Text("Helping someone you love", "Einem geliebten Menschen helfen"),
        Text(
            "For family and friends: what helps, what to say, and looking after yourself.",
            "Für Angehörige und Freunde: was hilft, was man sagen kann und wie man auf sich "
            "selbst achtet.",
        ),
    ),
)

BY_SLUG = {page.slug: page for page in PAGES}
