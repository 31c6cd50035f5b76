"""Mes messages: the messages and notifications of the person's account not yet expired, newest first.

    menu → msg_loading → msg_list → msg_open (RETOUR: the list)
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bms_client.models import french_date
from bms_kiosk.flow.states import Core
from bms_kiosk.flow.steps import ServiceSpec, Step, own_screen, progress_screen

log = logging.getLogger(__name__)

KEY = "messages"
TITLE = QT_TRANSLATE_NOOP("services", "MES MESSAGES")
LIST = "messages"  # session.data: this visit's messages (wiped with the session)
KINDS = {"message": "Message", "notification": "Notification"}
EMPTY = QT_TRANSLATE_NOOP("services", "Vous n'avez aucun message ni aucune notification.")
LIST_HINT = QT_TRANSLATE_NOOP("services", "Touchez un message pour le lire.")
OPEN_HELP = QT_TRANSLATE_NOOP("services", "Voici le message en entier. Touchez RETOUR pour revenir à la liste de vos messages, ou ACCUEIL "
             "pour choisir un autre service.")
HELP = QT_TRANSLATE_NOOP("services", "Voici les messages et les notifications de votre compte ameli, du plus récent au plus ancien. "
        "Touchez-en un pour le lire en entier. Ils restent visibles pendant {months} mois.")


class State(StrEnum):
    LOADING = "msg_loading"
    LIST = "msg_list"
    OPEN = "msg_open"


@dataclass(frozen=True)
class Row:
    heading: str  # "12/03/2026 — Notification"
    title: str
    body: str

    def __repr__(self) -> str:
        return f"Row({self.heading!r})"


def rows_of(messages: list[Any]) -> tuple[Row, ...]:
    return tuple(Row(f"{french_date(m.created_at)} — {KINDS.get(m.kind, 'Message')}",
                     m.title, m.body) for m in messages)


class MessagesFlow:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def start(self) -> None:
        if not self.ctx.go(State.LOADING):
            return
        self.ctx.run(self.ctx.client().messages, self._loaded)

    def _loaded(self, messages: list[Any]) -> None:
        rows = rows_of(messages)  # the backend gives them newest first
        self.ctx.session.data[LIST] = rows
        log.info("messages: %d", len(rows))
        self.ctx.show(State.LIST, rows)
        self.ctx.go(State.LIST)

    def open(self, index: object) -> None:
        rows = self.ctx.session.data.get(LIST, ())
        if self.ctx.state != State.LIST or not isinstance(index, int) or not 0 <= index < len(rows):
            return
        self.ctx.show(State.OPEN, rows[index])
        self.ctx.go(State.OPEN)


SCREENS = f"{__name__}.screens"  # its own screens (Qt), imported by the window only


SERVICE = ServiceSpec(
    key=KEY,
    label=QT_TRANSLATE_NOOP("services", "Mes messages"),
    summary=QT_TRANSLATE_NOOP("services", "Les messages et notifications de votre compte ameli."),
    title=TITLE,
    order=50,
    flow=MessagesFlow,
    entries=(State.LOADING,),
    steps=(
        Step(State.LOADING, progress_screen(State.LOADING, QT_TRANSLATE_NOOP("services", "Recherche de vos messages…")),
             moves=(State.LIST,), guarded=False, busy=True),
        Step(State.LIST, own_screen(SCREENS, "ListScreen"), moves=(State.OPEN,), back=Core.MENU,
             accept=MessagesFlow.open),
        Step(State.OPEN, own_screen(SCREENS, "OpenScreen"), back=State.LIST),
    ),
)
