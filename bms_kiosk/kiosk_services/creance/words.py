"""Every word the créance service shows (SPEC, seeds 001/002: 2026 wording), in one place."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from bms_kiosk.i18n import fill
from decimal import Decimal
from typing import Any

from bms_client import messages
from bms_kiosk.kiosk_services.creance.amounts import AmountProblem
from bms_kiosk.screens.texts import UserMessage
from bms_kiosk.services.amounts import format_amount

TITLE = QT_TRANSLATE_NOOP("services", "PAYER UNE CRÉANCE")
LABEL = QT_TRANSLATE_NOOP("services", "Payer une créance")
SUMMARY = QT_TRANSLATE_NOOP("services", "Régler par carte bancaire un avis de sommes à payer (participations forfaitaires, franchises).")

# step 1: the reference
INTRO = QT_TRANSLATE_NOOP("services", "Vous avez reçu un avis de sommes à payer. Saisissez votre référence présente dans votre courrier "
         "pour accéder au paiement.")
WHERE_LINK = QT_TRANSLATE_NOOP("services", "Où trouver la référence de votre avis ?")
WHERE_TEXT = QT_TRANSLATE_NOOP("services", "La référence de l'avis se trouve en en-tête du courrier « Avis de sommes à payer », en haut à "
              "droite : 16 chiffres suivis d'une lettre. Saisissez les 16 chiffres, puis touchez la lettre.")
REFERENCE_LABEL = QT_TRANSLATE_NOOP("services", "Référence de l'avis * :")
DIGITS_HINT = QT_TRANSLATE_NOOP("services", "Les 16 chiffres :")
LETTER_HINT = QT_TRANSLATE_NOOP("services", "Puis la lettre :")
SEARCH = QT_TRANSLATE_NOOP("services", "RECHERCHER")
REFERENCE_HELP = QT_TRANSLATE_NOOP("services", "Saisissez les 16 chiffres de la référence de votre avis sur le clavier de gauche, puis la "
                  "lettre sur le clavier de droite. Touchez ensuite RECHERCHER.")
REFERENCE_NOT_OPEN = messages.REFERENCE_NOT_OPEN
REFERENCE_FORMAT = messages.REFERENCE_FORMAT
BELOW_MINIMUM = messages.BELOW_MINIMUM
SEARCHING = QT_TRANSLATE_NOOP("services", "Recherche de votre créance…")

# step 2: the créance and the amount
CREANCE_HEADING = QT_TRANSLATE_NOOP("services", "Créance (Référence : {reference})")
CAISSE = QT_TRANSLATE_NOOP("services", "Caisse gestionnaire : {caisse}")
INITIAL = QT_TRANSLATE_NOOP("services", "Montant initial dû : {amount}")
REMAINING = QT_TRANSLATE_NOOP("services", "Montant restant dû : {amount}")
OTHERS = QT_TRANSLATE_NOOP("services", "Autres références de courrier dont vous êtes redevable")
OTHERS_FOUND = QT_TRANSLATE_NOOP("services", "{n} références trouvé(es)")
ALSO_PAY = QT_TRANSLATE_NOOP("services", "Payer aussi la référence %1")  # a row's spoken name
OTHER_ROW = QT_TRANSLATE_NOOP("services", "{reference} — émis le {issued}\nMontant initial dû : {initial} · restant dû : {remaining}")
SELECTED = QT_TRANSLATE_NOOP("services", "{n} références sélectionné(es)")
TOTAL = QT_TRANSLATE_NOOP("services", "Solde total à payer : {amount}")
AMOUNT_LABEL = QT_TRANSLATE_NOOP("services", "Montant du paiement * :")
AMOUNT_VALUE = QT_TRANSLATE_NOOP("services", "{amount} €")
ABANDON = QT_TRANSLATE_NOOP("services", "ABANDONNER")
PAY = QT_TRANSLATE_NOOP("services", "PAYER")
CREANCE_HELP = QT_TRANSLATE_NOOP("services", "Cochez les autres références que vous voulez régler, puis saisissez le montant du paiement sur "
                "le clavier. Touchez PAYER, puis présentez votre carte bancaire sur le terminal de paiement.")


def amount_rule(config: Any) -> str:
    return fill(messages.PAYMENT_RANGE, minimum=config.payment_min, maximum=config.payment_max, personal=False)


def amount_problem(problem: str | None, config: Any, owed: Decimal) -> str:
    """What is said under the amount before PAYER is enabled ("" when nothing is wrong)."""
    if problem in (None, AmountProblem.EMPTY):
        return ""
    if problem == AmountProblem.NOT_AN_AMOUNT:
        return QT_TRANSLATE_NOOP("services", "Saisissez un montant en euros, par exemple 25,50.")
    if problem == AmountProblem.OUT_OF_RANGE:
        return fill("%1.", amount_rule(config), personal=False)  # the rule, translated, as a sentence
    return fill(QT_TRANSLATE_NOOP("services", "Le montant ne peut pas dépasser le solde total à payer ({amount})."), amount=format_amount(owed))


# step 3: the payment terminal
PRESENT = QT_TRANSLATE_NOOP("services", "Présentez votre carte sur le terminal de paiement")
PRESENT_HINT = QT_TRANSLATE_NOOP("services", "Suivez les indications du terminal de paiement, situé à droite de l'écran.")
PREPARING = QT_TRANSLATE_NOOP("services", "Préparation de votre paiement…")

# step 4: the outcome
ACCEPTED, KEEP = messages.PAYMENT_ACCEPTED_FIRST, messages.PAYMENT_KEEP_DETAILS
THANKS = QT_TRANSLATE_NOOP("services", "Nous vous remercions pour votre paiement, nous le traitons dans les plus brefs délais.")
PRINT_RECEIPT = QT_TRANSLATE_NOOP("services", "Imprimer le reçu du paiement")
FAILED = messages.PAYMENT_FAILED
NOTHING_TAKEN = QT_TRANSLATE_NOOP("services", "Aucun montant n'a été débité. Vous pouvez réessayer ou utiliser un autre moyen de paiement.")
FAILED_REASONS = {
    "PaymentRefusedError": QT_TRANSLATE_NOOP("services", "Le paiement a été refusé par votre banque."),
    "CardholderAbandonedError": QT_TRANSLATE_NOOP("services", "Le paiement a été annulé sur le terminal."),
    "InputTimeoutError": QT_TRANSLATE_NOOP("services", "Le terminal n'a pas reçu de réponse à temps."),
    "TerminalUnreachableError": QT_TRANSLATE_NOOP("services", "Le terminal de paiement ne répond pas."),
    "TerminalBusyError": QT_TRANSLATE_NOOP("services", "Le terminal de paiement est occupé."),
}
UNKNOWN_TITLE = QT_TRANSLATE_NOOP("services", "Paiement à vérifier")
UNKNOWN_TEXT = QT_TRANSLATE_NOOP("services", "Le terminal de paiement n'a pas confirmé votre paiement. Aucun nouveau débit ne sera demandé "
                "pour cette opération : adressez-vous à l'accueil, un technicien vérifiera auprès du terminal.")
PAID_AMOUNT = QT_TRANSLATE_NOOP("services", "Montant : {amount}")
AUTHORISATION = QT_TRANSLATE_NOOP("services", "Numéro d'autorisation : {number}")
BANK_CARD = QT_TRANSLATE_NOOP("services", "Carte bancaire : **** **** **** {last4}")
PAY_REFUSED_TITLE = QT_TRANSLATE_NOOP("services", "Paiement impossible")


def accepted_message(amount: str, authorisation: str, card_last4: str) -> UserMessage:
    return UserMessage(ACCEPTED, "\n".join((
        KEEP,
        fill(PAID_AMOUNT, amount=format_amount(amount)),
        fill(AUTHORISATION, number=authorisation),
        fill(BANK_CARD, last4=card_last4),
        "",
        THANKS)))


def failed_message(error: Exception | None) -> UserMessage:
    reason = FAILED_REASONS.get(type(error).__name__, "") if error is not None else ""
    return UserMessage(FAILED, " ".join(filter(None, (reason, NOTHING_TAKEN))))


UNKNOWN_MESSAGE = UserMessage(UNKNOWN_TITLE, UNKNOWN_TEXT)


def _not_eligible(config: Any) -> UserMessage:
    return UserMessage("Paiement en ligne non disponible",
                       "Le paiement en ligne de vos créances est proposé lorsque le solde de vos participations "
                       f"forfaitaires et franchises est compris entre {config.creance_eligibility_min:g}€ et "
                       f"{config.creance_eligibility_max:g}€. Adressez-vous à l'accueil pour régler votre avis.")


# backend outcomes shown on the outcome screen (texts.service_outcome)
OUTCOMES = {
    "service_not_eligible": _not_eligible,
    "remaining_below_minimum": UserMessage(QT_TRANSLATE_NOOP("services", "Montant trop faible"), BELOW_MINIMUM),
}


# the receipt preview's summary lines (%1: data)
SUMMARY_PAID = QT_TRANSLATE_NOOP("services", "Montant payé : %1")
SUMMARY_AUTHORISATION = QT_TRANSLATE_NOOP("services", "Autorisation n° %1")
SUMMARY_CARD = QT_TRANSLATE_NOOP("services", "Carte : %1")
SUMMARY_REFERENCE = QT_TRANSLATE_NOOP("services", "Référence : %1")
SUMMARY_REFERENCES = QT_TRANSLATE_NOOP("services", "Références : %1")


def receipt_lines(receipt: Any) -> tuple[str, ...]:
    """What the receipt says, in large type beside its preview (``receipt``: PaymentReceipt)."""

    lines = [fill(SUMMARY_PAID, format_amount(receipt.amount)), fill(SUMMARY_AUTHORISATION, receipt.authorisation_number),
             fill(SUMMARY_CARD, receipt.masked_card)]
    if receipt.avis_references:
        lines.append(fill(SUMMARY_REFERENCES if len(receipt.avis_references) > 1 else SUMMARY_REFERENCE,
                          ", ".join(receipt.avis_references)))
    return tuple(lines)
