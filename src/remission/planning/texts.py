"""Plain words for the patient's version of a care plan (English and German through gettext).

Every option of the rule set has a plain description here (a test checks it); the clinician's
pages show the rule set's own titles. Nothing here is a recommendation: it names what was chosen.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PLAIN: dict[str, Promise] = {
    "start_antidepressant": _("Starting an antidepressant medicine"),
    "optimise_dose": _("Adjusting the dose of your current antidepressant"),
    "switch_same_class": _("Changing to another antidepressant of the same kind"),
    "switch_other_class": _("Changing to an antidepressant of a different kind"),
    "switch_vortioxetine": _("Changing to the antidepressant vortioxetine"),
    "switch_tca": _("Changing to an older kind of antidepressant (a tricyclic)"),
    "switch_maoi": _("Changing to an antidepressant called an MAO inhibitor, with a special diet"),
    "combine_mirtazapine": _("Adding a second antidepressant, mirtazapine"),
    "augment_aripiprazole": _("Adding a medicine that supports the antidepressant: aripiprazole"),
    "augment_brexpiprazole": _("Adding a medicine that supports the antidepressant: brexpiprazole"),
    "augment_quetiapine_xr": _("Adding a medicine that supports the antidepressant: quetiapine"),
    "augment_olanzapine": _("Adding a medicine that supports the antidepressant: olanzapine"),
    "augment_risperidone": _("Adding a medicine that supports the antidepressant: risperidone"),
    "augment_cariprazine": _("Adding a medicine that supports the antidepressant: cariprazine"),
    "augment_lithium": _("Adding lithium to the antidepressant, with regular blood tests"),
    "augment_t3": _("Adding thyroid hormone (T3) to the antidepressant"),
    "augment_bupropion": _("Adding a medicine that supports the antidepressant: bupropion"),
    "augment_modafinil": _("Adding a medicine that supports the antidepressant: modafinil"),
    "augment_lamotrigine": _("Adding a medicine that supports the antidepressant: lamotrigine"),
    "antidepressant_with_antipsychotic": _(
        "An antidepressant together with a medicine against psychotic symptoms"
    ),
    "esketamine": _("Esketamine nasal spray at the clinic, with an antidepressant tablet"),
    "ketamine_iv": _("A series of ketamine infusions at the clinic"),
    "ketamine_with_psychotherapy": _(
        "A series of ketamine infusions together with talking therapy"
    ),
    "rtms": _("Magnetic stimulation of the brain (rTMS), on most weekdays for several weeks"),
    "itbs": _("A shorter form of magnetic stimulation of the brain (iTBS)"),
    "itbs_accelerated": _("Intensive magnetic stimulation of the brain over a few days"),
    "ect": _("Electroconvulsive therapy (ECT), under a short general anaesthetic"),
    "psychotherapy_cbt": _("Cognitive behavioural therapy: working on thoughts and actions"),
    "psychotherapy_ba": _("Behavioural activation: step by step back to activities that matter"),
    "psychotherapy_ipt": _("Interpersonal therapy: working on relationships and life changes"),
    "psychotherapy_stpp": _("Short-term psychodynamic therapy"),
    "psychotherapy_act": _("Acceptance and commitment therapy"),
    "psychotherapy_mbct": _("Mindfulness-based cognitive therapy"),
    "psychotherapy_cbasp": _("CBASP, a therapy made for long-lasting depression"),
    "psychotherapy_psychodynamic_long_term": _("Long-term psychodynamic therapy (about 18 months)"),
    "psychotherapy_dbt": _("Dialectical behaviour therapy skills"),
    "psychotherapy_trauma_focused": _("Therapy that works carefully with past trauma"),
    "psychotherapy_systemic": _("Family or systemic therapy, with the people close to you"),
    "intensive_outpatient": _("An intensive day programme at the clinic"),
    "combined_psychotherapy_medication": _("Talking therapy together with medication"),
}


def plain(option_id: str, title: str) -> str:
    """The plain description of an option; the rule set's title if none is written yet."""
    text = PLAIN.get(option_id)
    return str(text) if text is not None else title
