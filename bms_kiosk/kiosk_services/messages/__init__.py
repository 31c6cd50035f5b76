"""Mes messages: the messages and notifications of the person's account not yet expired, newest first.

    menu → msg_loading → msg_list → msg_open (RETOUR: the list)
                            ↑  ↓ (messages plus anciens / plus récents: the next page from the backend)
                         msg_loading

A page holds the backend's ``MESSAGES_PER_PAGE`` messages: a person who pays often has hundreds (one
acknowledgement per payment, kept 6 months), and building them all stalled the screen for seconds.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
import functools
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bms_client.models import MESSAGES_PER_PAGE, french_date
from bms_kiosk.flow.states import Core
from bms_kiosk.flow.steps import ServiceSpec, Step, own_screen, progress_screen

log = logging.getLogger(__name__)

KEY = "messages"
TITLE = QT_TRANSLATE_NOOP("services", "MES MESSAGES")
PAGE = "messages"  # session.data: the page of messages shown (wiped with the session)
KINDS = {"message": "Message", "notification": "Notification"}
EMPTY = QT_TRANSLATE_NOOP("services", "Vous n'avez aucun message ni aucune notification.")
LIST_HINT = QT_TRANSLATE_NOOP("services", "Touchez un message pour le lire.")
PAGE_HINT = QT_TRANSLATE_NOOP("services", "Messages {first} à {last} sur {total}. Touchez un message pour le lire.")
NEWER = QT_TRANSLATE_NOOP("services", "Messages plus récents")
OLDER = QT_TRANSLATE_NOOP("services", "Messages plus anciens")
OPEN_HELP = QT_TRANSLATE_NOOP("services", "Voici le message en entier. Touchez RETOUR pour revenir à la liste de vos messages, ou ACCUEIL "
             "pour choisir un autre service.")
HELP = QT_TRANSLATE_NOOP("services", "Voici les messages et les notifications de votre compte ameli, du plus récent au plus ancien. "
        "Touchez-en un pour le lire en entier. Ils restent visibles pendant {months} mois.")


class State(StrEnum):
    LOADING = "msg_loading"
    LIST = "msg_list"
    OPEN = "msg_open"


class Turn(StrEnum):
    """The list's two other rows: the page before or after this one."""
    NEWER = "newer"
    OLDER = "older"


@dataclass(frozen=True)
class Row:
    heading: str  # "12/03/2026 — Notification"
    title: str
    body: str

    def __repr__(self) -> str:
        return f"Row({self.heading!r})"


@dataclass(frozen=True)
class Page:
    rows: tuple[Row, ...]
    offset: int  # 0: the newest
    total: int

    @property
    def newer(self) -> bool:
        return self.offset > 0

    @property
    def older(self) -> bool:
        return self.offset + len(self.rows) < self.total

    @property
    def whole(self) -> bool:
        return not (self.newer or self.older)


def rows_of(messages: Any) -> tuple[Row, ...]:
    return tuple(Row(f"{french_date(m.created_at)} — {KINDS.get(m.kind, 'Message')}",
                     m.title, m.body) for m in messages)


class MessagesFlow:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def start(self) -> None:
        self._load(0)

    def _load(self, offset: int) -> None:
        if not self.ctx.go(State.LOADING):
            return
        self.ctx.run(functools.partial(self.ctx.client().messages, offset), self._loaded)

    def _loaded(self, result: Any) -> None:
        page = Page(rows_of(result.items), result.offset, result.total)  # the backend gives them newest first
        self.ctx.session.data[PAGE] = page
        log.info("messages: %d from %d of %d", len(page.rows), page.offset, page.total)
        self.ctx.show(State.LIST, page)
        self.ctx.go(State.LIST)

    def open(self, choice: object) -> None:
        """A message (its index on the page), or the page before or after."""
        page: Page | None = self.ctx.session.data.get(PAGE)
        if self.ctx.state != State.LIST or page is None:
            return
        if choice == Turn.NEWER and page.newer:
            self._load(max(0, page.offset - MESSAGES_PER_PAGE))
        elif choice == Turn.OLDER and page.older:
            self._load(page.offset + len(page.rows))
        elif isinstance(choice, int) and 0 <= choice < len(page.rows):
            self.ctx.show(State.OPEN, page.rows[choice])
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
        Step(State.LIST, own_screen(SCREENS, "ListScreen"), moves=(State.OPEN, State.LOADING), back=Core.MENU,
             accept=MessagesFlow.open),
        Step(State.OPEN, own_screen(SCREENS, "OpenScreen"), back=State.LIST),
    ),
)
