"""Mon attestation de droits (SPEC, seed 004): who it is for, the ticket modérateur option, print.

    menu → att_choice → [att_option] → att_loading → att_preview → (shared print step)
                                                  ↘ att_outcome (no open rights, address unknown, rejected)
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
import logging
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from bms_client import messages
from bms_client.models import french_date
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

# SPEC's wording for the backend's outcomes, adapted to the kiosk: nothing can be given here and
# nothing will print, so each says what to do instead.
NO_OPEN_RIGHTS_HINT = QT_TRANSLATE_NOOP("services", "Adressez-vous à l'accueil pour faire le point sur votre situation.")
NO_OPEN_RIGHTS = f"{messages.NO_OPEN_RIGHTS} {NO_OPEN_RIGHTS_HINT}"
OUTCOMES = {
    "no_open_rights": UserMessage(QT_TRANSLATE_NOOP("services", "Aucun droit ouvert"), NO_OPEN_RIGHTS),
    "address_unknown": UserMessage(
        QT_TRANSLATE_NOOP("services", "Votre adresse n'est pas à jour"),
        QT_TRANSLATE_NOOP("services", "Nous ne connaissons pas votre adresse actuelle : votre attestation ne peut pas être délivrée sur "
        "cette borne. Indiquez votre nouvelle adresse à un conseiller de l'accueil, ou depuis votre compte "
        "ameli ; vous pourrez ensuite obtenir votre attestation.")),
    "attestation_rejected": UserMessage(QT_TRANSLATE_NOOP("services", "Informations à mettre à jour"), messages.ATTESTATION_REJECTED),
}


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"


def not_covered_text(names: list[str]) -> str:
    """The choice screen's one line on the people of the card who are not offered, and why."""
    if not names:
        return ""
    if len(names) == 1:
        return (f"{names[0]} n'a pas de droits ouverts : cette personne ne peut pas figurer sur une "
                "attestation. Adressez-vous à l'accueil pour faire le point.")
    return (f"{_names(names)} n'ont pas de droits ouverts : ces personnes ne peuvent pas figurer sur une "
            "attestation. Adressez-vous à l'accueil pour faire le point.")


def left_out_text(names: list[str]) -> str:
    """Beside the preview of an attestation for everyone: who is not on it, and why."""
    if len(names) == 1:
        return f"{names[0]} ne figure pas sur cette attestation : pas de droits ouverts."
    return f"{_names(names)} ne figurent pas sur cette attestation : pas de droits ouverts."


def _has_open_rights(session: Any, nir: str) -> bool:
    entry = session.data.get("rights", {}).get(nir)
    return entry is not None and entry.rights.rights_from is not None


@dataclass(frozen=True)
class ChoiceView:
    """The choice screen's model: the people offered (open rights), and one line on the others."""

    people: tuple[Any, ...]  # bms_client Beneficiary
    not_covered: str


def _refused(session: Any) -> str:
    """SPEC: no open rights → not offered. Nobody on the card has any: the menu says so."""
    card = session.card
    if card is None or "rights" not in session.data:
        return ""
    return "" if any(_has_open_rights(session, p.nir) for p in card.beneficiaries) else NO_OPEN_RIGHTS


# the preview's summary lines (%1…: data)
SUMMARY_FOR = QT_TRANSLATE_NOOP("services", "Pour : %1")
SUMMARY_FOR_ALL = QT_TRANSLATE_NOOP("services", "Pour : les %1 bénéficiaires")
SUMMARY_RIGHTS_SPAN = QT_TRANSLATE_NOOP("services", "Droits ouverts du %1 au %2")
SUMMARY_RIGHTS_EACH = QT_TRANSLATE_NOOP("services", "Droits ouverts : les dates de chaque personne sont sur le document")
SUMMARY_EXONERATION = QT_TRANSLATE_NOOP("services", "Exonération du ticket modérateur : %1")
SUMMARY_DOCTOR = QT_TRANSLATE_NOOP("services", "Médecin traitant : %1")
SUMMARY_ISSUED = QT_TRANSLATE_NOOP("services", "Délivrée le %1")


def summary_lines(data: Any) -> tuple[str, ...]:
    """What the attestation says, in large type beside its preview (``data``: AttestationData)."""
    from bms_kiosk.i18n import fill

    people = data.beneficiaries
    names = [p.display_name for p in people]
    lines = [fill(SUMMARY_FOR, ", ".join(names)) if len(names) <= 4 else fill(SUMMARY_FOR_ALL, len(names))]
    spans = sorted({(p.rights_from, p.rights_to) for p in people if p.rights_from is not None})
    if len(spans) == 1:
        start, end = spans[0]
        lines.append(fill(SUMMARY_RIGHTS_SPAN, french_date(start), french_date(end) if end else "—"))
    elif spans:
        lines.append(SUMMARY_RIGHTS_EACH)
    exonerated = [p.display_name for p in people if p.exoneration_tm]
    if data.include_exoneration and exonerated:
        lines.append(fill(SUMMARY_EXONERATION, ", ".join(exonerated)))
    doctors = {p.medecin_traitant for p in people if p.medecin_traitant}
    if len(doctors) == 1:
        lines.append(fill(SUMMARY_DOCTOR, doctors.pop()))
    lines.append(fill(SUMMARY_ISSUED, french_date(data.issued_on)))
    return tuple(lines)


class AttestationFlow:
    """The service's behaviour; ``ctx`` is the journey core (session, client, run, go, show)."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def start(self) -> None:
        session = self.ctx.session
        session.data.pop("choice", None)
        session.data.pop("options", None)
        people = session.card.beneficiaries
        offered = tuple(p for p in people if _has_open_rights(session, p.nir))
        others = [p.display_name for p in people if p not in offered]
        if others:
            log.info("attestation: %d person(s) without open rights not offered", len(others))
        self.ctx.show(State.CHOICE, ChoiceView(offered, not_covered_text(others)))
        self.ctx.go(State.CHOICE)

    def confirm_beneficiary(self, choice: str) -> None:
        """choice: ALL or one person's NIR."""
        session = self.ctx.session
        if self.ctx.state != State.CHOICE or session.card is None:
            return
        if choice != ALL and not _has_open_rights(session, choice):
            return  # never offered
        session.data["choice"] = choice
        rights = session.data.get("rights", {})
        people = [p for p in session.card.beneficiaries
                  if choice in (ALL, p.nir) and _has_open_rights(session, p.nir)]
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
        lines: list[str] = []
        card = self.ctx.session.card
        if card is not None and self.ctx.session.data.get("choice", ALL) == ALL:
            # the document for everyone must not leave someone out silently: whoever the backend
            # left out is named beside the preview
            on_it = {b.nir for b in data.beneficiaries}
            left_out = [p.display_name for p in card.beneficiaries if p.nir not in on_it]
            if left_out:
                lines.append(left_out_text(left_out))
        self.ctx.show_document(KEY, pdf, (*lines, *summary_lines(data)))


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
    refused=_refused,
)
