"""Every user-facing French text that depends on an error, in one place (DESIGN.md: errors)."""

from __future__ import annotations

from dataclasses import dataclass

from bms_kiosk.hardware.card_errors import (
    CardError,
    CardRemovedError,
    MalformedCardError,
    NoReaderError,
    NotVitaleError,
    PcscUnavailableError,
)

INSERT_CARD = "Insérez votre carte Vitale"
INSERT_CARD_HINT = "Puce vers le bas, dans le lecteur situé sous l'écran."
READING = "Lecture de votre carte Vitale en cours…"
READING_HINT = "Merci de ne pas retirer votre carte."
REMOVE_CARD = "Retirez votre carte Vitale"
READER_MISSING = "Le lecteur de carte est momentanément indisponible"
READER_MISSING_HINT = "La borne ne peut pas lire de carte pour le moment. Adressez-vous à l'accueil."
UNAVAILABLE = "Service momentanément indisponible"
UNAVAILABLE_HINT = "Veuillez nous excuser. Réessayez dans quelques instants ou adressez-vous à l'accueil."
INACTIVITY_QUESTION = "Êtes-vous toujours là ?"
INACTIVITY_CONTINUE = "Continuer"


@dataclass(frozen=True)
class UserMessage:
    title: str
    text: str


def card_error_message(error: CardError) -> UserMessage:
    if isinstance(error, NotVitaleError):
        return UserMessage("Cette carte n'est pas une carte Vitale",
                           "Retirez cette carte et insérez votre carte Vitale.")
    if isinstance(error, MalformedCardError):
        return UserMessage("Votre carte Vitale ne peut pas être lue",
                           "Les informations de la carte sont illisibles. Retirez votre carte et "
                           "adressez-vous à l'accueil : un conseiller vous aidera.")
    if isinstance(error, CardRemovedError):
        return UserMessage("La carte a été retirée", "Insérez de nouveau votre carte Vitale.")
    if isinstance(error, (NoReaderError, PcscUnavailableError)):
        return UserMessage(READER_MISSING, READER_MISSING_HINT)
    return UserMessage("Votre carte Vitale ne peut pas être lue",
                       "Retirez votre carte et réessayez. Si le problème persiste, adressez-vous à l'accueil.")


def inactivity_text(seconds: int, can_extend: bool) -> str:
    plural = "s" if seconds > 1 else ""
    ending = (f"Sans réponse, votre session se terminera dans {seconds} seconde{plural} "
              "et vos informations seront effacées.")
    if not can_extend:
        ending += " Vous ne pouvez plus prolonger votre session."
    return ending


PRINT_FAILED = "L'impression n'a pas abouti"
NOT_PRINTED = ("Votre attestation n'a pas été imprimée. Vous pouvez la télécharger depuis votre compte ameli "
               "ou vous adresser à l'accueil.")
_PRINTER_REASONS = (
    ("media-empty", "L'imprimante n'a plus de papier."),
    ("media-needed", "L'imprimante n'a plus de papier."),
    ("media-jam", "Le papier est coincé dans l'imprimante."),
    ("door-open", "L'imprimante est ouverte."),
    ("cover-open", "L'imprimante est ouverte."),
    ("marker-supply-empty", "L'imprimante n'a plus d'encre."),
    ("toner-empty", "L'imprimante n'a plus d'encre."),
    ("offline", "L'imprimante ne répond pas."),
)


def printer_error_message(error: Exception) -> UserMessage:
    from bms_kiosk.hardware.printer_errors import PrintTimeoutError

    reasons = tuple(getattr(error, "reasons", ())) + tuple(getattr(error, "printer_reasons", ()))
    cause = "L'imprimante n'est pas disponible pour le moment."
    for key, text in _PRINTER_REASONS:
        if any(r.startswith(key) for r in reasons):
            cause = text
            break
    else:
        if isinstance(error, PrintTimeoutError):
            cause = "L'impression a pris trop de temps et a été annulée."
    return UserMessage(PRINT_FAILED, f"{cause} {NOT_PRINTED}")
