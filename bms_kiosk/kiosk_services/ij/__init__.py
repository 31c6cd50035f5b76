"""Mon attestation de paiement d'indemnités journalières: the periods paid, one or all, print.

    menu → ij_loading → ij_choice → ij_loading → ij_preview → (shared print step)
                     ↘ ij_outcome (no IJ paid: ``no_ij``)
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from bms_kiosk.i18n import fill
import logging
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from bms_client.models import french_date
from bms_kiosk.flow.states import Core, PrintRole
from bms_kiosk.flow.steps import Document, ServiceSpec, Step, choice_screen, outcome_screen, progress_screen
from bms_kiosk.screens.texts import UserMessage

log = logging.getLogger(__name__)

KEY = "attestation_ij"
ALL_PERIODS = QT_TRANSLATE_NOOP("services", "Toutes les périodes ({n}) — {amount}")
PERIOD = QT_TRANSLATE_NOOP("services", "Du {start} au {end} — {days} jours — {amount}")
TITLE = QT_TRANSLATE_NOOP("services", "MON ATTESTATION D'INDEMNITÉS JOURNALIÈRES")
ALL = "all"
PERIODS = "ij_periods"  # session.data: the periods the backend returned (this visit only)


class State(StrEnum):
    LOADING = "ij_loading"
    CHOICE = "ij_choice"
    OUTCOME = "ij_outcome"


DOCUMENT = Document(
    prefix="ij",
    job_title="attestation-ij",
    headline=QT_TRANSLATE_NOOP("services", "Voici votre attestation de paiement d'indemnités journalières."),
    preview_hint=QT_TRANSLATE_NOOP("services", "Vérifiez-la, puis touchez IMPRIMER."),
    printing_hint=QT_TRANSLATE_NOOP("services", "Votre attestation s'imprime. Elle sortira dans le bac situé sous l'écran."),
    printed_title=QT_TRANSLATE_NOOP("services", "Votre attestation a été imprimée"),
    printed_hint=QT_TRANSLATE_NOOP("services", "Récupérez-la dans le bac situé sous l'écran."),
    not_printed=QT_TRANSLATE_NOOP("services", "Votre attestation n'a pas été imprimée. Vous pouvez la télécharger depuis votre compte ameli "
                 "ou vous adresser à l'accueil."),
    preview_help=QT_TRANSLATE_NOOP("services", "Voici votre attestation de paiement d'indemnités journalières. Touchez IMPRIMER pour "
                  "l'obtenir sur papier. Touchez RETOUR pour choisir une autre période."),
    back=State.CHOICE,
)

OUTCOMES = {
    "no_ij": UserMessage("Aucune indemnité journalière",
                         "Aucune indemnité journalière ne vous a été versée sur la période. Si vous êtes "
                         "en arrêt de travail, le paiement peut prendre quelques jours après la réception "
                         "de votre arrêt ; adressez-vous à l'accueil pour toute question."),
}

QUESTION = QT_TRANSLATE_NOOP("services", "VOUS SOUHAITEZ UNE ATTESTATION POUR :")
HELP = QT_TRANSLATE_NOOP("services", "Choisissez « Toutes les périodes » pour une attestation qui récapitule toutes les indemnités "
        "versées, ou une seule période. Touchez ensuite CONFIRMER.")


# the preview's summary lines (%1…: data)
SUMMARY_FOR = QT_TRANSLATE_NOOP("services", "Pour : %1")
SUMMARY_PERIOD = QT_TRANSLATE_NOOP("services", "Du %1 au %2 : %3 jours, %4")
SUMMARY_PERIODS = QT_TRANSLATE_NOOP("services", "%1 périodes, du %2 au %3")
SUMMARY_TOTAL = QT_TRANSLATE_NOOP("services", "Total versé : %1")


def summary_lines(data: Any) -> tuple[str, ...]:
    """What the attestation says, in large type beside its preview (``data``: IjData)."""
    from bms_kiosk.services.documents import format_amount

    periods = data.periods
    lines = [fill(SUMMARY_FOR, data.assure_name)]
    if len(periods) <= 3:
        lines += [fill(SUMMARY_PERIOD, french_date(p.start), french_date(p.end), p.days, format_amount(p.total)) for p in periods]
    else:
        lines.append(fill(SUMMARY_PERIODS, len(periods), french_date(periods[0].start), french_date(periods[-1].end)))
    lines.append(fill(SUMMARY_TOTAL, format_amount(data.total)))
    return tuple(lines)


class IjFlow:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def start(self) -> None:
        if not self.ctx.go(State.LOADING):
            return
        client = self.ctx.client()
        self.ctx.run(client.attestation_ij, self._loaded, lambda e: self.ctx.outcome_or_fail(e, State.OUTCOME))

    def _loaded(self, answer: dict[str, Any]) -> None:
        from bms_kiosk.kiosk_services.ij.document import IjPeriod
        from bms_kiosk.services.amounts import format_amount

        periods = tuple(IjPeriod.from_api(p) for p in answer["periods"])
        if not periods:
            self.ctx.message_shown.emit(State.OUTCOME, OUTCOMES["no_ij"])
            self.ctx.go(State.OUTCOME)
            return
        self.ctx.session.data[PERIODS] = (periods, date.fromisoformat(answer["issued_on"]))
        log.info("IJ: %d period(s)", len(periods))
        total = sum((Decimal(p.total) for p in periods), Decimal("0"))
        rows: list[tuple[str, object]] = [(fill(ALL_PERIODS, n=len(periods), amount=format_amount(total)), ALL)]
        rows += [(fill(PERIOD, start=french_date(p.start), end=french_date(p.end), days=p.days, amount=format_amount(p.total)), index)
                 for index, p in enumerate(periods)]
        self.ctx.show(State.CHOICE, rows)
        self.ctx.go(State.CHOICE)

    def choose(self, value: object) -> None:
        stored = self.ctx.session.data.get(PERIODS)
        if self.ctx.state != State.CHOICE or stored is None or value is None:
            return
        periods, issued_on = stored
        chosen = periods if value == ALL else (periods[int(value)],)  # type: ignore[call-overload]
        session, config = self.ctx.session, self.ctx.config
        assure = session.card.assure
        entry = session.data.get("rights", {}).get(assure.nir)
        if not self.ctx.go(State.LOADING):
            return

        def work() -> tuple[bytes, tuple[str, ...]]:
            from bms_kiosk.kiosk_services.ij.document import IjData, build_ij_pdf

            data = IjData(assure.nir, assure.display_name, entry.caisse_name if entry else "",
                          entry.caisse_code if entry else "", chosen, issued_on, config.terminal_id)
            return build_ij_pdf(data), summary_lines(data)

        self.ctx.run(work, lambda built: self.ctx.show_document(KEY, *built))


SERVICE = ServiceSpec(
    key=KEY,
    label=QT_TRANSLATE_NOOP("services", "Mon attestation de paiement d'indemnités journalières"),
    summary=QT_TRANSLATE_NOOP("services", "Les indemnités journalières versées, par période ou toutes ensemble."),
    title=TITLE,
    order=20,
    flow=IjFlow,
    entries=(State.LOADING,),
    steps=(
        Step(State.LOADING, progress_screen(State.LOADING, QT_TRANSLATE_NOOP("services", "Recherche de vos indemnités journalières…")),
             moves=(State.CHOICE, State.OUTCOME, DOCUMENT.state(PrintRole.PREVIEW)),
             guarded=False, busy=True),
        Step(State.CHOICE, choice_screen(State.CHOICE, QUESTION, HELP), moves=(State.LOADING,), back=Core.MENU,
             accept=IjFlow.choose),
        Step(State.OUTCOME, outcome_screen(State.OUTCOME), back=Core.MENU),
    ),
    document=DOCUMENT,
    outcomes=OUTCOMES,
)
