"""Questionnaires a patient answers through a one-time link, without signing in.

The link's token is exchanged for a short session at first use and the browser is sent on to a
token-free address, so the token never appears in logs, history or a Referer header
(security-targets T15): the answer to the token address carries ``Referrer-Policy: no-referrer``.
The later pages keep the site's ``same-origin`` policy; ``no-referrer`` there would make browsers
send ``Origin: null`` with the form, which Django's CSRF check rightly refuses. An expired or used
link gets a friendly page, never an error.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from remission.access import ANYONE, route
from remission.accounts.crisis import crisis_lines_for
from remission.clinical.instruments import InstrumentError, get_instrument
from remission.measures import services
from remission.measures.forms import InstrumentForm
from remission.measures.models import RiskAlert, SelfReportLink, Source
from remission.measures.texts import pack_for

SESSION_KEY = "self_report_link"
ALERTED_KEY = "self_report_alerted"


def _no_referrer(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    return response


@route(ANYONE)
def start(request: HttpRequest, token: str) -> HttpResponse:
    link = services.link_for_token(token)
    if link is None or not services.link_usable(link):
        return _no_referrer(_unavailable(request, link))
    services.open_link(link)
    request.session.cycle_key()
    request.session[SESSION_KEY] = link.pk
    return _no_referrer(redirect("selfreport:form"))


@route(ANYONE, methods=["GET", "POST"])
def form(request: HttpRequest) -> HttpResponse:
    link = _session_link(request)
    if link is None or not services.link_usable(link):
        return _unavailable(request, link)
    translation.activate(link.language)
    answered = services.answered_instruments(link)
    remaining = [i for i in link.instruments if i not in answered]
    if not remaining:
        return redirect("selfreport:done")
    instrument = get_instrument(remaining[0])
    pack = pack_for(link.patient.clinic_id, instrument.id, link.language)
    complete = request.POST.get("autosave") != "1"
    questionnaire = InstrumentForm(
        request.POST or None, instrument=instrument, pack=pack, partial=not complete
    )
    if request.method == "POST" and questionnaire.is_valid():
        try:
            recorded = services.record_assessment(
                None,
                link.patient,
                instrument.id,
                questionnaire.answers(),
                source=Source.SELF_REPORT_LINK,
                language=link.language,
                link=link,
                complete=complete,
            )
        except InstrumentError as error:
            questionnaire.add_core_error(error)
        else:
            if recorded.alerts:
                request.session[ALERTED_KEY] = True
            if not complete:
                return render(
                    request,
                    "measures/selfreport/crisis_box.html",
                    {
                        "alerted": request.session.get(ALERTED_KEY, False),
                        "crisis_lines": crisis_lines_for(link.patient.clinic),
                    },
                )
            if len(remaining) == 1:
                services.finish_link(link)
            return redirect("selfreport:done" if len(remaining) == 1 else "selfreport:form")
    return render(
        request,
        "measures/selfreport/form.html",
        {
            "form": questionnaire,
            "instrument": instrument,
            "pack": pack,
            "step": len(answered) + 1,
            "steps": len(link.instruments),
            "clinic": link.patient.clinic,
            "alerted": request.session.get(ALERTED_KEY, False),
            "crisis_lines": crisis_lines_for(link.patient.clinic),
        },
    )


@route(ANYONE)
def done(request: HttpRequest) -> HttpResponse:
    link = _session_link(request)
    if link is None:
        return _unavailable(request, None)
    translation.activate(link.language)
    alerted = (
        request.session.pop(ALERTED_KEY, False)
        or RiskAlert.objects.filter(assessment__link=link).exists()
    )
    request.session.pop(SESSION_KEY, None)
    return render(
        request,
        "measures/selfreport/done.html",
        {
            "clinic": link.patient.clinic,
            "alerted": alerted,
            "crisis_lines": crisis_lines_for(link.patient.clinic),
        },
    )


def _session_link(request: HttpRequest) -> SelfReportLink | None:
    link_id = request.session.get(SESSION_KEY)
    if link_id is None:
        return None
    return (
        SelfReportLink.objects.select_related("patient", "patient__clinic")
        .filter(pk=link_id)
        .first()
    )


def _unavailable(request: HttpRequest, link: SelfReportLink | None) -> HttpResponse:
    if link is not None:
        translation.activate(link.language)
    reason = "used" if link is not None and link.used_at else "expired"
    return render(
        request,
        "measures/selfreport/unavailable.html",
        {
            "reason": reason,
            "clinic": link.patient.clinic if link else None,
            "title": _("This link"),
        },
        status=410,
    )
