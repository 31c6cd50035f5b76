"""Mon relevé fiscal: the year and its taxable total, available for 6 months after publication.

    menu → rf_loading → rf_preview → (shared print step)
                     ↘ rf_outcome (``releve_expired``: past its months; ``no_releve``)
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from bms_kiosk.i18n import fill
import logging
from datetime import date
from enum import StrEnum
from typing import Any

from bms_client.models import french_date
from bms_kiosk.flow.states import Core, PrintRole
from bms_kiosk.flow.steps import Document, ServiceSpec, Step, outcome_screen, progress_screen
from bms_kiosk.screens.texts import UserMessage

log = logging.getLogger(__name__)

KEY = "releve_fiscal"
INCOME = QT_TRANSLATE_NOOP("services", "Revenus {year} : total imposable {amount}.")
AVAILABLE_UNTIL = QT_TRANSLATE_NOOP("services", "Disponible sur la borne jusqu'au {date}.")
TITLE = QT_TRANSLATE_NOOP("services", "MON RELEVÉ FISCAL")


class State(StrEnum):
    LOADING = "rf_loading"
    OUTCOME = "rf_outcome"


DOCUMENT = Document(
    prefix="rf",
    job_title="releve-fiscal",
    headline=QT_TRANSLATE_NOOP("services", "Voici votre relevé fiscal."),
    preview_hint=QT_TRANSLATE_NOOP("services", "Vérifiez-le, puis touchez IMPRIMER."),
    printing_hint=QT_TRANSLATE_NOOP("services", "Votre relevé fiscal s'imprime. Il sortira dans le bac situé sous l'écran."),
    printed_title=QT_TRANSLATE_NOOP("services", "Votre relevé fiscal a été imprimé"),
    printed_hint=QT_TRANSLATE_NOOP("services", "Récupérez-le dans le bac situé sous l'écran."),
    not_printed=QT_TRANSLATE_NOOP("services", "Votre relevé fiscal n'a pas été imprimé. Vous pouvez le télécharger depuis votre compte ameli "
                 "ou vous adresser à l'accueil."),
    preview_help=QT_TRANSLATE_NOOP("services", "Voici votre relevé fiscal : le montant imposable de l'année, à vérifier sur votre "
                  "déclaration de revenus. Touchez IMPRIMER pour l'obtenir sur papier."),
    back=Core.MENU,
)


def _expired(config: Any) -> UserMessage:
    months = int(getattr(config, "releve_fiscal_months", 6))
    return UserMessage("Relevé fiscal plus disponible sur la borne",
                       f"Le relevé fiscal n'est proposé sur la borne que pendant {months} mois après sa "
                       "publication : ce délai est passé. Vous le retrouvez dans votre compte ameli "
                       "(rubrique « Mes paiements ») ; un conseiller de l'accueil peut aussi vous le remettre.")


OUTCOMES = {
    "releve_expired": _expired,
    "no_releve": UserMessage("Aucun relevé fiscal",
                             "Aucun relevé fiscal n'est disponible pour votre compte : votre caisse ne vous a "
                             "versé aucune somme imposable. Adressez-vous à l'accueil pour toute question."),
}


class ReleveFlow:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def start(self) -> None:
        if not self.ctx.go(State.LOADING):
            return
        client, session, config = self.ctx.client(), self.ctx.session, self.ctx.config
        assure = session.card.assure
        entry = session.data.get("rights", {}).get(assure.nir)

        def work() -> tuple[Any, bytes]:
            from bms_kiosk.kiosk_services.releve.document import ReleveData, build_releve_pdf

            data = ReleveData.from_api(client.releve_fiscal(), assure_nir=assure.nir,
                                       assure_name=assure.display_name,
                                       caisse_name=entry.caisse_name if entry else "",
                                       caisse_code=entry.caisse_code if entry else "",
                                       issued_on=date.today(), terminal_id=config.terminal_id)
            return data, build_releve_pdf(data)

        self.ctx.run(work, self._built, lambda e: self.ctx.outcome_or_fail(e, State.OUTCOME))

    def _built(self, result: tuple[Any, bytes]) -> None:
        from bms_kiosk.services.amounts import format_amount

        data, pdf = result
        log.info("relevé fiscal built (%d bytes)", len(pdf))
        self.ctx.show_document(KEY, pdf, (
            fill(INCOME, year=data.year, amount=format_amount(data.total_imposable)),
            fill(AVAILABLE_UNTIL, date=french_date(data.available_until))))


SERVICE = ServiceSpec(
    key=KEY,
    label=QT_TRANSLATE_NOOP("services", "Mon relevé fiscal"),
    summary=QT_TRANSLATE_NOOP("services", "Le montant imposable de l'année, pour votre déclaration de revenus."),
    title=TITLE,
    order=30,
    flow=ReleveFlow,
    entries=(State.LOADING,),
    steps=(
        Step(State.LOADING, progress_screen(State.LOADING, QT_TRANSLATE_NOOP("services", "Préparation de votre relevé fiscal…")),
             moves=(DOCUMENT.state(PrintRole.PREVIEW), State.OUTCOME),
             guarded=False, busy=True),
        Step(State.OUTCOME, outcome_screen(State.OUTCOME), back=Core.MENU),
    ),
    document=DOCUMENT,
    outcomes=OUTCOMES,
)
