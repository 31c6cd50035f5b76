"""Ma complémentaire santé: choosing one's organisme complémentaire when two overlap (SPEC "Sélection
d'un organisme complémentaire en cas de chevauchement", seed 003).

    login (overlap open) → oc_loading → oc_notice ─ PLUS TARD → menu (asked again next login)
                                    └ SÉLECTIONNER → oc_choice → oc_confirm → oc_sending → oc_sent
    login (request pending) → oc_loading → oc_status (DEMANDE EN COURS …) → menu
    menu → oc_loading → oc_choice | oc_status | oc_outcome (not offered: CSS, 5 or more, partner regime)

The choice is sent once: a second tap on CONFIRMER is not sent again, and any repeat carries the same
idempotency key (one per set of choices), which the backend answers from what it recorded.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from bms_kiosk.i18n import fill
import logging
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bms_client import messages
from bms_client.models import french_date

from bms_kiosk.flow.states import Core
from bms_kiosk.flow.steps import ServiceSpec, Step, own_screen, outcome_screen, progress_screen
from bms_kiosk.screens.texts import UserMessage

log = logging.getLogger(__name__)

KEY = "oc"
REQUESTED_ON = QT_TRANSLATE_NOOP("services", "Demande faite le {date}")
HANDLED_WITHIN = QT_TRANSLATE_NOOP("services", "traitée sous {days} jours")
CONTRACT = QT_TRANSLATE_NOOP("services", "Contrat du %1")  # %1: jj/mm/aaaa
TITLE = QT_TRANSLATE_NOOP("services", "MA COMPLÉMENTAIRE SANTÉ")
OVERLAP = "oc_overlap"  # session.data: the login said the account has an overlap (menu entry)
STATE = "oc_state"  # session.data: the backend's last answer (this visit only)
CHOICES = "oc_choices"  # session.data: (idempotency key, {nir: oc_id})
AT_LOGIN = "oc_at_login"  # session.data: the step was shown before the menu
SENDING = "oc_sending"  # session.data: the idempotency key being sent


class State(StrEnum):
    LOADING = "oc_loading"
    NOTICE = "oc_notice"
    CHOICE = "oc_choice"
    CONFIRM = "oc_confirm"
    SENDING = "oc_sending"
    SENT = "oc_sent"
    STATUS = "oc_status"
    OUTCOME = "oc_outcome"


# --- words (SPEC's, said once)
NOTICE = messages.OC_BLOCKED
LATER = QT_TRANSLATE_NOOP("services", "PLUS TARD")
SELECT = QT_TRANSLATE_NOOP("services", "SÉLECTIONNER")
QUESTION = QT_TRANSLATE_NOOP("services", "Pour chaque bénéficiaire, choisissez l'organisme auquel vous souhaitez que soient transmis "
            "vos remboursements.")
OTHER_HIDDEN = QT_TRANSLATE_NOOP("services", "L'autre organisme complémentaire ne sera plus visible dans votre compte ameli sous {days} jours. "
                "Pour plus d'informations, contactez votre complémentaire.")
ADHERENT_NOTE = QT_TRANSLATE_NOOP("services", "*Le numéro d'adhérent/de contrat figure sur la carte ou l'attestation délivrée par votre "
                 "organisme complémentaire.")
CONFIRM_TITLE = QT_TRANSLATE_NOOP("services", "Confirmer mon choix de complémentaire")
SENT_TITLE = QT_TRANSLATE_NOOP("services", "Votre choix a bien été envoyé !")
SENT_TEXT = QT_TRANSLATE_NOOP("services", "Les relevés de paiements non transmis sont dans votre compte ameli "
             "(rubrique\u00a0«\u00a0Mes paiements\u00a0») : transmettez-les à votre complémentaire pour vous faire "
             "rembourser.")
STATUS_TITLE = QT_TRANSLATE_NOOP("services", "DEMANDE EN COURS")
CONTINUE = QT_TRANSLATE_NOOP("services", "CONTINUER >")
CHOICE_HELP = QT_TRANSLATE_NOOP("services", "Pour chaque personne, touchez la carte de l'organisme complémentaire à conserver, puis VALIDER. "
               "Le numéro d'adhérent figure sur la carte ou l'attestation de votre complémentaire.")
NOTICE_HELP = QT_TRANSLATE_NOOP("services", "Deux organismes complémentaires sont enregistrés pour la même personne : vos remboursements ne leur "
               "sont plus transmis. Touchez SÉLECTIONNER pour choisir celui à conserver, ou PLUS TARD : la question "
               "vous sera posée à votre prochaine connexion.")
WHAT_TO_DO = QT_TRANSLATE_NOOP("services", "Adressez-vous à l'accueil de votre caisse d'assurance maladie (CPAM) : un conseiller choisira "
              "avec vous l'organisme à conserver. Vos autres démarches restent possibles sur la borne.")


def _too_many(config: Any) -> UserMessage:
    count = int(getattr(config, "oc_max_beneficiaries", 5))
    return UserMessage("Choix non proposé sur la borne",
                       f"{count} personnes ou plus de votre foyer sont concernées : le choix de la complémentaire "
                       f"ne peut pas se faire sur la borne. {WHAT_TO_DO}")


OUTCOMES = {
    "css": UserMessage("Choix non proposé sur la borne",
                       "Une Complémentaire santé solidaire (ou une CMU-C, une ACS) fait partie des contrats en "
                       f"conflit : le choix de la complémentaire ne peut pas se faire sur la borne. {WHAT_TO_DO}"),
    "too_many_beneficiaries": _too_many,
    "partner_regime": UserMessage("Choix non proposé sur la borne",
                                  "Vous relevez d'un régime partenaire de l'Assurance Maladie : le choix de la "
                                  f"complémentaire ne peut pas se faire sur la borne. {WHAT_TO_DO}"),
    "no_overlap": UserMessage("Aucun choix à faire",
                              "Aucun chevauchement de complémentaires n'est enregistré pour votre compte : "
                              "vos remboursements sont transmis normalement."),
}


def words(reason: str, config: Any) -> UserMessage:
    entry = OUTCOMES.get(reason) or OUTCOMES["no_overlap"]
    return entry(config) if callable(entry) else entry


# --- view models (screens show them, never the backend's JSON)
@dataclass(frozen=True)
class OcCard:
    oc_id: str
    name: str
    adherent: str
    contract: str  # "Contrat du jj/mm/aaaa"

    def __repr__(self) -> str:
        return f"OcCard({self.oc_id})"


@dataclass(frozen=True)
class Person:
    nir: str
    name: str
    birth: str  # jj/mm/aaaa
    ocs: tuple[OcCard, ...]

    def __repr__(self) -> str:  # no NIR, no name in a log or a traceback
        return f"Person({len(self.ocs)} OC)"


@dataclass(frozen=True)
class ChoiceView:
    people: tuple[Person, ...]
    note: str  # "L'autre organisme … sous 7 jours. …"


@dataclass(frozen=True)
class ConfirmView:
    rows: tuple[tuple[Person, OcCard], ...]
    note: str


@dataclass(frozen=True)
class StatusView:
    title: str
    lines: tuple[str, ...]  # "Demande faite le jj/mm/aaaa", "traitée sous 7 jours"
    label: str  # "DEMANDE EN COURS — Demande faite le … — traitée sous 7 jours"


def people_of(state: dict[str, Any]) -> tuple[Person, ...]:
    return tuple(Person(o["beneficiary_nir"], f"{o['prenom'].capitalize()} {o['nom'].upper()}",
                        french_date(o["date_naissance"]),
                        tuple(OcCard(oc["id"], oc["name"], oc["adherent"], fill(CONTRACT, french_date(oc['contract_date'])))
                              for oc in o["ocs"]))
                 for o in state["overlaps"])


def status_of(state: dict[str, Any]) -> StatusView:
    request, days = state["request"], int(state.get("processing_days", 7))
    return StatusView(STATUS_TITLE, (fill(REQUESTED_ON, date=french_date(request['requested_at'])), fill(HANDLED_WITHIN, days=days)),
                      request["label"])


class OcFlow:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    # --- before the menu
    def at_login(self, info: Any) -> bool:
        self.ctx.session.data[OVERLAP] = bool(info.oc_overlap)
        if not info.oc_overlap:
            return False
        self.ctx.session.data[AT_LOGIN] = True
        self._load()
        return True

    # --- from the menu
    def start(self) -> None:
        self.ctx.session.data[AT_LOGIN] = False
        self._load()

    def _load(self) -> None:
        if not self.ctx.go(State.LOADING):
            return
        self.ctx.run(self.ctx.client().oc_overlaps, self._loaded, self._not_loaded)

    def _not_loaded(self, error: Exception) -> None:
        if self.ctx.session.data.get(AT_LOGIN):  # never in the way of the services: the menu
            log.warning("OC overlap not read at login: %s", type(error).__name__)
            self.ctx.go(Core.MENU)
        else:
            self.ctx.on_backend_error(error)

    def _loaded(self, state: dict[str, Any]) -> None:
        data = self.ctx.session.data
        data[STATE] = state
        status, at_login = state["status"], data.get(AT_LOGIN)
        log.info("OC overlap: %s%s", status, " (login)" if at_login else "")
        if status == "open":
            self._show_choice()
            if at_login:
                self.ctx.go(State.NOTICE)
            else:
                self.ctx.go(State.CHOICE)
        elif status == "pending":
            self.ctx.show(State.STATUS, status_of(state))
            self.ctx.go(State.STATUS)
        elif at_login:  # excluded or none: the menu (its entry says why, with words)
            self.ctx.go(Core.MENU)
        else:
            reason = (state.get("exclusion") or {}).get("reason", "no_overlap")
            self.ctx.message_shown.emit(State.OUTCOME, words(reason, self.ctx.config))
            self.ctx.go(State.OUTCOME)

    def _show_choice(self) -> None:
        state = self.ctx.session.data[STATE]
        days = int(state.get("processing_days", 7))
        self.ctx.show(State.CHOICE, ChoiceView(people_of(state), fill(OTHER_HIDDEN, days=days)))

    # --- the steps
    def notice(self, select: object) -> None:
        if self.ctx.state != State.NOTICE:
            return
        self.ctx.go(State.CHOICE if select else Core.MENU)

    def choose(self, chosen: object) -> None:
        state = self.ctx.session.data.get(STATE)
        if self.ctx.state != State.CHOICE or state is None or not isinstance(chosen, dict):
            return
        people = people_of(state)
        if {p.nir for p in people} != set(chosen):
            return  # one choice per person, all in one go (the screen's VALIDER waits for them)
        rows = tuple((p, next(oc for oc in p.ocs if oc.oc_id == chosen[p.nir])) for p in people)
        previous = self.ctx.session.data.get(CHOICES)
        key = previous[0] if previous and previous[1] == chosen else uuid.uuid4().hex
        self.ctx.session.data[CHOICES] = (key, dict(chosen))
        self.ctx.show(State.CONFIRM, ConfirmView(rows, fill(OTHER_HIDDEN, days=int(state.get("processing_days", 7)))))
        self.ctx.go(State.CONFIRM)

    def confirm(self, _value: object) -> None:
        data = self.ctx.session.data
        stored = data.get(CHOICES)
        if stored is None or data.get(SENDING) == stored[0] or not self.ctx.go(State.SENDING):
            return  # a second tap
        key, chosen = stored
        data[SENDING] = key
        client = self.ctx.client()
        self.ctx.run(lambda: client.choose_oc(chosen, idempotency_key=key), self._sent,
                     lambda e: self.ctx.outcome_or_fail(e, State.OUTCOME))

    def _sent(self, state: dict[str, Any]) -> None:
        self.ctx.session.data[STATE] = state
        log.info("OC choice sent: %s", state.get("status"))
        if state.get("status") != "pending":
            self.ctx.fail("oc choice answer")
            return
        self.ctx.show(State.SENT, status_of(state))
        self.ctx.go(State.SENT)

    def go_on(self, _value: object) -> None:
        if self.ctx.state == State.STATUS:
            self.ctx.go(Core.MENU)


SCREENS = f"{__name__}.screens"  # its own screens (Qt), imported by the window only


SERVICE = ServiceSpec(
    key=KEY,
    label=QT_TRANSLATE_NOOP("services", "Ma complémentaire santé"),
    summary=QT_TRANSLATE_NOOP("services", "Choisir l'organisme complémentaire auquel vos remboursements sont transmis."),
    title=TITLE,
    order=45,
    flow=OcFlow,
    entries=(State.LOADING,),
    eligible=lambda session: bool(session.data.get(OVERLAP)),
    at_login=OcFlow.at_login,
    login_entries=(State.LOADING,),
    steps=(
        Step(State.LOADING, progress_screen(State.LOADING, QT_TRANSLATE_NOOP("services", "Recherche de vos complémentaires…")),
             moves=(State.NOTICE, State.CHOICE, State.STATUS, State.OUTCOME, Core.MENU), guarded=False, busy=True),
        Step(State.NOTICE, own_screen(SCREENS, "NoticeScreen"), moves=(State.CHOICE,), accept=OcFlow.notice),
        Step(State.CHOICE, own_screen(SCREENS, "ChoiceScreen"), moves=(State.CONFIRM,), back=Core.MENU,
             accept=OcFlow.choose),
        Step(State.CONFIRM, own_screen(SCREENS, "ConfirmScreen"), moves=(State.SENDING,), back=State.CHOICE,
             accept=OcFlow.confirm),
        Step(State.SENDING, progress_screen(State.SENDING, QT_TRANSLATE_NOOP("services", "Envoi de votre choix…")),
             moves=(State.SENT, State.OUTCOME), guarded=False, busy=True),
        Step(State.SENT, own_screen(SCREENS, "SentScreen")),
        Step(State.STATUS, own_screen(SCREENS, "StatusScreen"), accept=OcFlow.go_on),
        Step(State.OUTCOME, outcome_screen(State.OUTCOME), back=Core.MENU),
    ),
    outcomes=OUTCOMES,
)
