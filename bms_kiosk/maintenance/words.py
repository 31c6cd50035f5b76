"""The technicians' screens' words (maintenance, technician code): French sources marked for Qt's
translation tools (context ``maintenance``), shown in the display language.

Fixed texts are set as they are (the window's walk translates them, ``screens.translation``);
a line made with a value is made by ``tr`` in the display language when shown, and made again
when the language changes (the maintenance screen keeps what it last showed): no template is
filled ahead, so the ever-changing values (latency, uptime) are never kept.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "maintenance"

# the code screen
TITLE_ACCESS = QT_TRANSLATE_NOOP("maintenance", "ACCÈS TECHNICIEN")
CODE_QUESTION = QT_TRANSLATE_NOOP("maintenance", "SAISISSEZ LE CODE TECHNICIEN :")
VALIDATE = QT_TRANSLATE_NOOP("maintenance", "VALIDER >")
QUIT_BACK = QT_TRANSLATE_NOOP("maintenance", "< QUITTER")
WRONG_CODE = (QT_TRANSLATE_NOOP("maintenance", "Code incorrect. Il reste %1 essai."),
              QT_TRANSLATE_NOOP("maintenance", "Code incorrect. Il reste %1 essais."))
LOCKED = QT_TRANSLATE_NOOP("maintenance", "Trop de codes incorrects : accès verrouillé pendant %1.")
NOT_CONFIGURED = QT_TRANSLATE_NOOP("maintenance", "Accès technicien non configuré (commande bms-kiosk set-technician-code).")

# the maintenance screen
TITLE = QT_TRANSLATE_NOOP("maintenance", "MAINTENANCE")
QUIT = QT_TRANSLATE_NOOP("maintenance", "QUITTER")
TABS = (QT_TRANSLATE_NOOP("maintenance", "ÉTAT"), QT_TRANSLATE_NOOP("maintenance", "RÉGLAGES"),
        QT_TRANSLATE_NOOP("maintenance", "PAIEMENTS (%1)"), QT_TRANSLATE_NOOP("maintenance", "JOURNAL"))
SETTINGS_HEADERS = (QT_TRANSLATE_NOOP("maintenance", "Réglage"), QT_TRANSLATE_NOOP("maintenance", "Valeur"),
                    QT_TRANSLATE_NOOP("maintenance", "Description"))
READER, PRINTER, BACKEND = (QT_TRANSLATE_NOOP("maintenance", "LECTEUR DE CARTE"),
                            QT_TRANSLATE_NOOP("maintenance", "IMPRIMANTE"), QT_TRANSLATE_NOOP("maintenance", "SERVEUR"))
TERMINAL = QT_TRANSLATE_NOOP("maintenance", "BORNE")
COUNTERS = QT_TRANSLATE_NOOP("maintenance", "COMPTEURS DEPUIS LE DÉMARRAGE")
ACTIONS = {"test_print": QT_TRANSLATE_NOOP("maintenance", "PAGE DE TEST"),
           "resume": QT_TRANSLATE_NOOP("maintenance", "REPRENDRE L'IMPRIMANTE"),
           "cancel_jobs": QT_TRANSLATE_NOOP("maintenance", "ANNULER TOUS LES TRAVAUX")}
REFRESH = QT_TRANSLATE_NOOP("maintenance", "ACTUALISER")
OUT_OF_SERVICE = (QT_TRANSLATE_NOOP("maintenance", "MODE HORS SERVICE : NON"),
                  QT_TRANSLATE_NOOP("maintenance", "MODE HORS SERVICE : OUI"))
IN_SERVICE, BROKEN = QT_TRANSLATE_NOOP("maintenance", "EN SERVICE"), QT_TRANSLATE_NOOP("maintenance", "EN PANNE")
READY, NOT_READY = QT_TRANSLATE_NOOP("maintenance", "PRÊTE"), QT_TRANSLATE_NOOP("maintenance", "NON PRÊTE")
REACHABLE, UNREACHABLE = QT_TRANSLATE_NOOP("maintenance", "JOIGNABLE"), QT_TRANSLATE_NOOP("maintenance", "INJOIGNABLE")
PCSC_SERVICE = QT_TRANSLATE_NOOP("maintenance", "Service PC/SC (pcscd) : %1")
CARD_IN = QT_TRANSLATE_NOOP("maintenance", "   carte : %1, ATR %2")
NO_CARD = QT_TRANSLATE_NOOP("maintenance", "   pas de carte")
QUEUE = QT_TRANSLATE_NOOP("maintenance", "File : %1")
STATE = QT_TRANSLATE_NOOP("maintenance", "État : %1")
REASONS = QT_TRANSLATE_NOOP("maintenance", "Raisons : %1")
NO_REASON = QT_TRANSLATE_NOOP("maintenance", "aucune")
QUEUED_JOBS = QT_TRANSLATE_NOOP("maintenance", "Travaux en attente : %1")
MESSAGE = QT_TRANSLATE_NOOP("maintenance", "Message : %1")
REACHABLE_LINE = (QT_TRANSLATE_NOOP("maintenance", "Joignable : non"), QT_TRANSLATE_NOOP("maintenance", "Joignable : oui"))
LATENCY = QT_TRANSLATE_NOOP("maintenance", "Latence : %1 ms")
API_VERSION = QT_TRANSLATE_NOOP("maintenance", "Version de l'API : %1")
ROW = QT_TRANSLATE_NOOP("maintenance", "%1 : %2")  # a label and its value
YES, NO = QT_TRANSLATE_NOOP("maintenance", "oui"), QT_TRANSLATE_NOOP("maintenance", "non")
PAYMENTS_HINT = QT_TRANSLATE_NOOP("maintenance", "Paiements par carte dont l'issue est inconnue : ils ne seront jamais redemandés au terminal. Vérifiez le journal du terminal de paiement pour chaque ordre, puis réglez-le : bms-kiosk settle-payment ORDRE accepte --authorisation N --card-last4 NNNN (ou : echoue). Le résultat est transmis au serveur au contrôle suivant.")  # noqa: E501
NO_UNKNOWN_PAYMENT = QT_TRANSLATE_NOOP("maintenance", "Aucun paiement à vérifier.")

# the terminal panel's rows
TERMINAL_ID = QT_TRANSLATE_NOOP("maintenance", "Identifiant")
SOFTWARE = QT_TRANSLATE_NOOP("maintenance", "Logiciel")
UP_SINCE = QT_TRANSLATE_NOOP("maintenance", "En service depuis")
CONFIGURATION = QT_TRANSLATE_NOOP("maintenance", "Configuration")
OUT_OF_SERVICE_MODE = QT_TRANSLATE_NOOP("maintenance", "Mode hors service")

# the counters' rows
CARDS = QT_TRANSLATE_NOOP("maintenance", "Cartes insérées")
SESSIONS = QT_TRANSLATE_NOOP("maintenance", "Sessions ouvertes")
JOURNEYS = QT_TRANSLATE_NOOP("maintenance", "Parcours « %1 »")
PRINTS = QT_TRANSLATE_NOOP("maintenance", "Impressions réussies")
PRINT_FAILURES = QT_TRANSLATE_NOOP("maintenance", "Impressions en échec")
CARD_ERRORS = QT_TRANSLATE_NOOP("maintenance", "Cartes illisibles")
FAILURES = QT_TRANSLATE_NOOP("maintenance", "Services indisponibles (erreurs)")
OUT_OF_SERVICE_COUNT = QT_TRANSLATE_NOOP("maintenance", "Passages hors service")

# actions' results
BUSY = QT_TRANSLATE_NOOP("maintenance", "Action en cours…")
TEST_PAGE_PRINTED = QT_TRANSLATE_NOOP("maintenance", "Page de test imprimée (travail %1).")
RESUMED = QT_TRANSLATE_NOOP("maintenance", "Imprimante reprise : la file accepte et imprime de nouveau.")
CANCELLED = QT_TRANSLATE_NOOP("maintenance", "%1 travail(aux) annulé(s).")
FAILED = QT_TRANSLATE_NOOP("maintenance", "Échec : %1 (%2)")

# values of the diagnostics (maintenance.diag)
VALUES = (QT_TRANSLATE_NOOP("maintenance", "joignable"), QT_TRANSLATE_NOOP("maintenance", "injoignable"),
          QT_TRANSLATE_NOOP("maintenance", "carte Vitale"), QT_TRANSLATE_NOOP("maintenance", "autre carte"),
          QT_TRANSLATE_NOOP("maintenance", "aucun lecteur"))


def tr(source: str, *args: object) -> str:
    """``source`` in the display language, %1, %2… replaced by ``args`` (each in the display language
    too when it is a catalogue text: a diagnostic's word, a printer's cause; else as it is)."""
    from bms_kiosk import i18n

    text = QCoreApplication.translate(CONTEXT, source)
    for index, value in enumerate(args, start=1):
        text = text.replace(f"%{index}", i18n.displayed(str(value)))
    return text


MINUTES = (QT_TRANSLATE_NOOP("maintenance", "%1 minute"), QT_TRANSLATE_NOOP("maintenance", "%1 minutes"))


def access_message(result: object) -> tuple[str, ...]:
    """What the code screen says of a refused code (``maintenance.access.AccessResult``): a template
    and its values, for ``tr``; () when there is nothing to say."""
    from bms_kiosk.maintenance.access import Outcome

    outcome = getattr(result, "outcome")
    if outcome is Outcome.WRONG:
        left = int(getattr(result, "attempts_left"))
        return WRONG_CODE[left > 1], str(left)
    if outcome is Outcome.LOCKED:
        minutes = max(1, round(int(getattr(result, "locked_seconds")) / 60))
        return LOCKED, tr(MINUTES[minutes > 1], minutes)
    if outcome is Outcome.NOT_CONFIGURED:
        return (NOT_CONFIGURED,)
    return ()


def action_failed(error: Exception) -> tuple[str, ...]:
    """A technician's printer action failed: the cause, and the error's type and reasons (template, values)."""
    from bms_kiosk.screens.texts import printer_cause

    reasons = ", ".join(getattr(error, "printer_reasons", ()) or getattr(error, "reasons", ()) or ())
    return FAILED, printer_cause(error), f"{type(error).__name__}{', ' + reasons if reasons else ''}"
