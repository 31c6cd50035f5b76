"""Mon attestation de droits (SPEC, seed 004): who it is for, the ticket modérateur option, print.

    menu → att_choice → [att_option] → att_loading → att_preview → (shared print step)
                                                  ↘ att_outcome (no open rights, address unknown, rejected)
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
import logging
from dataclasses import replace
from enum import StrEnum
from typing import Any

from bms_client import messages
from bms_kiosk.flow.states import Core, PrintRole
from bms_kiosk.flow.steps import BackBy, Document, ServiceSpec, Step, outcome_screen, progress_screen
from bms_kiosk.screens.texts import UserMessage

log = logging.getLogger(__name__)

KEY = "attestation"
TITLE = QT_TRANSLATE_NOOP("services", "MON ATTESTATION DE DROITS")
ALL = "all"


class State(StrEnum):
    CHOICE = "att_choice"
    OPTION = "att_option"
    LOADING = "att_loading"
    OUTCOME = "att_outcome"


DOCUMENT = Document(
    prefix="att",
    job_title="attestation-droits",
    headline=QT_TRANSLATE_NOOP("services", "Voici votre attestation de droits."),
    preview_hint=QT_TRANSLATE_NOOP("services", "Vérifiez-la, puis touchez IMPRIMER."),
    printing_hint=QT_TRANSLATE_NOOP("services", "Votre attestation s'imprime. Elle sortira dans le bac situé sous l'écran."),
    printed_title=QT_TRANSLATE_NOOP("services", "Votre attestation a été imprimée"),
    printed_hint=QT_TRANSLATE_NOOP("services", "Récupérez-la dans le bac situé sous l'écran."),
    not_printed=QT_TRANSLATE_NOOP("services", "Votre attestation n'a pas été imprimée. Vous pouvez la télécharger depuis votre compte ameli "
                 "ou vous adresser à l'accueil."),
    preview_help=QT_TRANSLATE_NOOP("services", "Voici votre attestation. Touchez IMPRIMER pour l'obtenir sur papier : elle sort dans le bac "
                  "situé sous l'écran. Touchez RETOUR pour modifier votre choix."),
    back=BackBy((State.OPTION, State.CHOICE),
                lambda session: State.OPTION if session.data.get("options") else State.CHOICE),
)

# SPEC's wording for the backend's outcomes (web wording adapted to the kiosk).
OUTCOMES = {
    "no_open_rights": UserMessage(QT_TRANSLATE_NOOP("services", "Aucun droit ouvert"),
                                  QT_TRANSLATE_NOOP("services", "Aucun droit ouvert : ce service ne peut pas vous être proposé. "
                                  "Adressez-vous à l'accueil pour faire le point sur votre situation.")),
    "address_unknown": UserMessage(QT_TRANSLATE_NOOP("services", "Adresse inconnue"), messages.ADDRESS_UNKNOWN),
    "attestation_rejected": UserMessage(QT_TRANSLATE_NOOP("services", "Informations à mettre à jour"), messages.ATTESTATION_REJECTED),
}


class AttestationFlow:
    """The service's behaviour; ``ctx`` is the journey core (session, client, run, go, show)."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def start(self) -> None:
        data = self.ctx.session.data
        data.pop("choice", None)
        data.pop("options", None)
        self.ctx.show(State.CHOICE, list(self.ctx.session.card.beneficiaries))
        self.ctx.go(State.CHOICE)

    def confirm_beneficiary(self, choice: str) -> None:
        """choice: ALL or one person's NIR."""
        session = self.ctx.session
        if self.ctx.state != State.CHOICE or session.card is None:
            return
        session.data["choice"] = choice
        rights = session.data.get("rights", {})
        people = [p for p in session.card.beneficiaries if choice in (ALL, p.nir)]
        with_tm = [(p.nir, f"{p.nom} {p.prenom.title()}") for p in people
                   if (entry := rights.get(p.nir)) is not None and entry.rights.exoneration_tm]
        session.data["options"] = with_tm
        if with_tm:
            self.ctx.show(State.OPTION, with_tm)
            self.ctx.go(State.OPTION)
        else:
            self._load({})

    def confirm_options(self, answers: dict[str, bool]) -> None:
        if self.ctx.state == State.OPTION:
            self._load(answers)

    def _load(self, answers: dict[str, bool]) -> None:
        if not self.ctx.go(State.LOADING):
            return
        client, terminal_id = self.ctx.client(), self.ctx.config.terminal_id
        choice = self.ctx.session.data.get("choice", ALL)
        nir = None if choice == ALL else choice
        include = any(answers.values())

        def work() -> tuple[Any, bytes]:
            # reportlab costs ~100 ms to import: paid on a worker thread at the first document.
            from bms_kiosk.services.documents import build_attestation_pdf

            data = client.attestation(nir, include)
            # One mention per person: keep it only for those who answered OUI.
            people = tuple(replace(b, exoneration_tm=b.exoneration_tm and answers.get(b.nir, False))
                           for b in data.beneficiaries)
            data = replace(data, beneficiaries=people, include_exoneration=include, terminal_id=terminal_id)
            return data, build_attestation_pdf(data)

        self.ctx.run(work, self._built, lambda error: self.ctx.outcome_or_fail(error, State.OUTCOME))

    def _built(self, result: tuple[Any, bytes]) -> None:
        data, pdf = result
        log.info("attestation built: %d beneficiaire(s), %d bytes", len(data.beneficiaries), len(pdf))
        self.ctx.show_document(KEY, pdf)


def _choice_screen(spec: ServiceSpec) -> Any:
    from bms_kiosk.kiosk_services.attestation.screens import AttestationChoiceScreen

    return AttestationChoiceScreen(State.CHOICE)


def _option_screen(spec: ServiceSpec) -> Any:
    from bms_kiosk.kiosk_services.attestation.screens import AttestationOptionScreen

    return AttestationOptionScreen(State.OPTION)


SERVICE = ServiceSpec(
    key=KEY,
    label=QT_TRANSLATE_NOOP("services", "Mon attestation de droits"),
    summary=QT_TRANSLATE_NOOP("services", "Justifie de vos droits à l'assurance maladie et de votre médecin traitant."),
    title=TITLE,
    order=10,
    flow=AttestationFlow,
    entries=(State.CHOICE,),
    steps=(
        Step(State.CHOICE, _choice_screen, moves=(State.OPTION, State.LOADING), back=Core.MENU,
             accept=AttestationFlow.confirm_beneficiary),
        Step(State.OPTION, _option_screen, moves=(State.LOADING,), back=State.CHOICE,
             accept=AttestationFlow.confirm_options),
        Step(State.LOADING, progress_screen(State.LOADING, QT_TRANSLATE_NOOP("services", "Préparation de votre attestation…")),
             moves=(DOCUMENT.state(PrintRole.PREVIEW), State.OUTCOME), guarded=False, busy=True),
        Step(State.OUTCOME, outcome_screen(State.OUTCOME), back=State.CHOICE),
    ),
    document=DOCUMENT,
    outcomes=OUTCOMES,
)
