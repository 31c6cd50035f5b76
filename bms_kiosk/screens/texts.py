"""Where errors become words: every French text that depends on an error, in one place (DESIGN.md).

Typed errors (card, printer, backend codes, technician access) map to ``UserMessage``s here and
nowhere else; no sentence is split or parsed. A service's own outcomes (a backend code it
expects, e.g. ``no_ij``) are declared by the service as ``{code or reason: UserMessage}`` and
looked up by ``service_outcome``, here too. The backend's own ``message_fr`` is never shown:
SPEC gives the kiosk's wording for every case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP

from bms_client import messages
from bms_kiosk.i18n import Language, fill
from bms_kiosk.hardware.card_errors import (
    CardError,
    CardRemovedError,
    MalformedCardError,
    NoReaderError,
    NotVitaleError,
    PcscUnavailableError,
)

INSERT_CARD = QT_TRANSLATE_NOOP("texts", "Insérez votre carte Vitale")
INSERT_CARD_HINT = QT_TRANSLATE_NOOP("texts", "Puce vers le bas, dans le lecteur situé sous l'écran.")
READING = QT_TRANSLATE_NOOP("texts", "Lecture de votre carte Vitale en cours…")
READING_HINT = QT_TRANSLATE_NOOP("texts", "Merci de ne pas retirer votre carte.")
REMOVE_CARD = QT_TRANSLATE_NOOP("texts", "Retirez votre carte Vitale")
READER_MISSING = QT_TRANSLATE_NOOP("texts", "Le lecteur de carte est momentanément indisponible")
READER_MISSING_HINT = QT_TRANSLATE_NOOP("texts", "La borne ne peut pas lire de carte pour le moment. Adressez-vous à l'accueil.")
UNAVAILABLE = QT_TRANSLATE_NOOP("texts", "Service momentanément indisponible")
UNAVAILABLE_HINT = QT_TRANSLATE_NOOP("texts", "Veuillez nous excuser. Réessayez dans quelques instants ou adressez-vous à l'accueil.")
INACTIVITY_QUESTION = QT_TRANSLATE_NOOP("texts", "Êtes-vous toujours là ?")
INACTIVITY_CONTINUE = QT_TRANSLATE_NOOP("texts", "Continuer")
CLOSE = QT_TRANSLATE_NOOP("texts", "Fermer")
CONFIRM = QT_TRANSLATE_NOOP("texts", "CONFIRMER >")
PRINTED_IN_FRENCH = QT_TRANSLATE_NOOP("texts", "Le document imprimé est en français.")  # said in the other languages
HELLO = QT_TRANSLATE_NOOP("texts", "Bonjour %1.")  # %1: the person's name
HELP_TITLE = QT_TRANSLATE_NOOP("texts", "AIDE")
IDENTIFICATION = QT_TRANSLATE_NOOP("texts", "IDENTIFICATION")
THANKS = QT_TRANSLATE_NOOP("texts", "Merci de votre visite. N'oubliez pas votre carte.")

# the header's display choices (screens/display_toggles.py): (button text, accessible name);
# a language's name is said in that language
LANGUAGE_BUTTONS = {Language.FR: ("FR", "Français"), Language.EN: ("EN", "English")}
# their spoken names, in the display language ("Français" and "English" are each said in their own)
LARGE_TEXT_BUTTON = ("Aa", QT_TRANSLATE_NOOP("texts", "Grands caractères"))
HIGH_CONTRAST_BUTTON = ("◐", QT_TRANSLATE_NOOP("texts", "Contraste élevé"))


# --- AIDE of the screens that end a step: what each button of the screen does, whole sentences
HELP_BACK = QT_TRANSLATE_NOOP("texts", "Touchez RETOUR pour revenir à l'étape précédente.")
HELP_HOME = QT_TRANSLATE_NOOP("texts", "Touchez ACCUEIL pour choisir un autre service.")
HELP_FINISH = QT_TRANSLATE_NOOP("texts", "Touchez TERMINER quand vous avez fini, puis retirez votre carte Vitale.")
HELP_COUNTER = QT_TRANSLATE_NOOP("texts", "En cas de difficulté, adressez-vous à l'accueil.")
HELP_PRINTED = QT_TRANSLATE_NOOP("texts", "Votre document sort dans le bac situé sous l'écran : pensez à le prendre.")
HELP_RETRY = QT_TRANSLATE_NOOP("texts", "Touchez RÉESSAYER pour lancer de nouveau l'impression.")
HELP_CARD_ERROR = QT_TRANSLATE_NOOP("texts", "La carte n'a pas pu être lue. Retirez-la, vérifiez qu'il s'agit bien de votre carte Vitale et "
                   "insérez-la de nouveau, puce vers le bas. Si le problème persiste, adressez-vous à l'accueil : "
                   "un conseiller vous aidera.")
HELP_LOCKED = QT_TRANSLATE_NOOP("texts", "Après plusieurs codes incorrects, l'accès à vos services est bloqué sur la borne, pour votre "
               "sécurité. Un conseiller de l'accueil peut vous aider. Touchez TERMINER puis retirez votre "
               "carte Vitale.")


def message_help(lead: str = "", *, back: bool = False, home: bool = False, finish: bool = False) -> str:
    """The AIDE of a message screen: ``lead`` (what this screen is about), then what its buttons do."""
    parts = [lead] if lead else []
    parts += [text for on, text in ((back, HELP_BACK), (home, HELP_HOME), (finish, HELP_FINISH)) if on]
    return " ".join(parts + [HELP_COUNTER])


@dataclass(frozen=True)
class UserMessage:
    title: str
    text: str


def card_error_message(error: CardError) -> UserMessage:
    if isinstance(error, NotVitaleError):
        return UserMessage(QT_TRANSLATE_NOOP("texts", "Cette carte n'est pas une carte Vitale"),
                           QT_TRANSLATE_NOOP("texts", "Retirez cette carte et insérez votre carte Vitale."))
    if isinstance(error, MalformedCardError):
        return UserMessage(QT_TRANSLATE_NOOP("texts", "Votre carte Vitale ne peut pas être lue"),
                           QT_TRANSLATE_NOOP("texts", "Les informations de la carte sont illisibles. Retirez votre "
                                             "carte et adressez-vous à l'accueil : un conseiller vous aidera."))
    if isinstance(error, CardRemovedError):
        return UserMessage(QT_TRANSLATE_NOOP("texts", "La carte a été retirée"),
                           QT_TRANSLATE_NOOP("texts", "Insérez de nouveau votre carte Vitale."))
    if isinstance(error, (NoReaderError, PcscUnavailableError)):
        return UserMessage(READER_MISSING, READER_MISSING_HINT)
    return UserMessage(QT_TRANSLATE_NOOP("texts", "Votre carte Vitale ne peut pas être lue"),
                       QT_TRANSLATE_NOOP("texts", "Retirez votre carte et réessayez. Si le problème persiste, adressez-vous à l'accueil."))


INACTIVITY_ENDING = (QT_TRANSLATE_NOOP("texts", "Sans réponse, votre session se terminera dans %1 seconde "
                                                "et vos informations seront effacées."),
                     QT_TRANSLATE_NOOP("texts", "Sans réponse, votre session se terminera dans %1 secondes "
                                                "et vos informations seront effacées."))
NO_MORE_TIME = QT_TRANSLATE_NOOP("texts", "Vous ne pouvez plus prolonger votre session.")


def inactivity_text(seconds: int, can_extend: bool) -> str:
    ending = fill(INACTIVITY_ENDING[seconds > 1], seconds, personal=False)
    if not can_extend:
        ending += " " + NO_MORE_TIME
    return ending


PRINT_FAILED = QT_TRANSLATE_NOOP("texts", "L'impression n'a pas abouti")
_PRINTER_REASONS = (
    ("media-empty", QT_TRANSLATE_NOOP("texts", "L'imprimante n'a plus de papier.")),
    ("media-needed", QT_TRANSLATE_NOOP("texts", "L'imprimante n'a plus de papier.")),
    ("media-jam", QT_TRANSLATE_NOOP("texts", "Le papier est coincé dans l'imprimante.")),
    ("door-open", QT_TRANSLATE_NOOP("texts", "L'imprimante est ouverte.")),
    ("cover-open", QT_TRANSLATE_NOOP("texts", "L'imprimante est ouverte.")),
    ("marker-supply-empty", QT_TRANSLATE_NOOP("texts", "L'imprimante n'a plus d'encre.")),
    ("toner-empty", QT_TRANSLATE_NOOP("texts", "L'imprimante n'a plus d'encre.")),
    ("offline", QT_TRANSLATE_NOOP("texts", "L'imprimante ne répond pas.")),
)


def printer_cause(error: Exception) -> str:
    """One sentence saying why a print (or a technician's printer action) failed."""
    from bms_kiosk.hardware.printer_errors import PrintTimeoutError

    reasons = tuple(getattr(error, "reasons", ())) + tuple(getattr(error, "printer_reasons", ()))
    cause = QT_TRANSLATE_NOOP("texts", "L'imprimante n'est pas disponible pour le moment.")
    for key, text in _PRINTER_REASONS:
        if any(r.startswith(key) for r in reasons):
            cause = text
            break
    else:
        if isinstance(error, PrintTimeoutError):
            cause = QT_TRANSLATE_NOOP("texts", "L'impression a pris trop de temps et a été annulée.")
    return cause


def print_failed_message(error: Exception, not_printed: str) -> UserMessage:
    """``not_printed``: the document's own sentence ("Votre attestation n'a pas été imprimée. …")."""
    return UserMessage(PRINT_FAILED, f"{printer_cause(error)} {not_printed}")


# --- backend
SESSION_EXPIRED = UserMessage(QT_TRANSLATE_NOOP("texts", "Votre session a expiré"), messages.SESSION_EXPIRED)
ACCOUNT_LOCKED = UserMessage(QT_TRANSLATE_NOOP("texts", "Accès bloqué"), messages.ACCOUNT_LOCKED)
SMS_TOO_SOON = messages.SMS_TOO_SOON
NO_MOBILE_REASON = "no_mobile"  # the backend's not_eligible reason when no SMS can be sent
NO_MOBILE = messages.NO_MOBILE


def unavailable_message(error: Exception | None = None) -> UserMessage:
    """What the "service momentanément indisponible" screen says after ``error`` (any type)."""
    from bms_client.errors import SessionExpiredError

    if isinstance(error, SessionExpiredError):
        return SESSION_EXPIRED
    return UserMessage(UNAVAILABLE, UNAVAILABLE_HINT)


def wrong_code_text(attempts_left: int) -> str:
    """"Il vous reste 2 essais." / "1 essai.", and before the last one, that the access will be blocked."""
    tries = messages.TRY if attempts_left == 1 else messages.TRIES
    text = fill(messages.WRONG_CODE, personal=False, attempts_left=attempts_left, tries=tries)
    return f"{text} {messages.LAST_TRY}" if attempts_left == 1 else text


def sms_too_soon_text(retry_after: int | None) -> str:
    """An SMS code asked for again before the backend allows it; ``retry_after`` in seconds, when known."""
    if not retry_after or retry_after <= 0:
        return messages.SMS_TOO_SOON
    unit = messages.SECOND if retry_after == 1 else messages.SECONDS
    return f"{messages.SMS_TOO_SOON} {fill(messages.SMS_WAIT, personal=False, seconds=retry_after, unit=unit)}"


def outcome_key(error: Exception) -> str:
    """The stable code a service's outcome table is keyed by: the not_eligible reason, else the code."""
    return str(getattr(error, "reason", "") or getattr(error, "code", ""))


def service_outcome(error: Exception, outcomes: Mapping[str, Any], config: Any = None) -> UserMessage | None:
    """The service's words for an expected backend outcome; None when the service does not expect it.

    ``outcomes`` values are UserMessages, or functions of the settings for words that quote one
    (a business threshold such as the relevé fiscal's 6 months)."""
    from bms_client.errors import BackendError

    if not isinstance(error, BackendError):
        return None
    words = outcomes.get(outcome_key(error))
    return words(config) if callable(words) else words


# --- out of service (the health monitor's policy)
OUT_OF_SERVICE = QT_TRANSLATE_NOOP("texts", "Borne hors service")
OUT_OF_SERVICE_HINT = QT_TRANSLATE_NOOP("texts", "Aucun service n'est disponible sur cette borne pour le moment. Adressez-vous à l'accueil.")
MAINTENANCE_HINT = QT_TRANSLATE_NOOP("texts", "La borne est en maintenance. Merci de vous adresser à l'accueil.")
BACKEND_DOWN = QT_TRANSLATE_NOOP("texts", "Service momentanément indisponible")
BACKEND_DOWN_HINT = QT_TRANSLATE_NOOP("texts", "Réessayez plus tard ou adressez-vous à l'accueil.")
PRINTER_DOWN = QT_TRANSLATE_NOOP("texts", "Impression momentanément indisponible")
PRINTER_DOWN_HINT = QT_TRANSLATE_NOOP("texts", "Les services qui impriment un document ne sont pas proposés pour le moment.")
PRINTER_DOWN_REASON = QT_TRANSLATE_NOOP("texts", "Indisponible : l'imprimante ne fonctionne pas pour le moment.")
