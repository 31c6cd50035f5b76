"""The French texts of the téléservices' errors and outcomes, written once for every channel.

The reference backend puts them in its answers (``detail.message``); the client's typed errors
(errors.py) fall back on them when an answer carries none. Wording: SPEC.md. Standard library only.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name Qt's lupdate looks for
    """Marks a text for the kiosk's translation catalogue (bms_kiosk/translations); no Qt here."""
    return text


# --- terminal and session
TERMINAL_UNAUTHORISED = QT_TRANSLATE_NOOP("messages", "Cette borne n'est pas autorisée à accéder au service. "
                         "Merci de vous adresser à un conseiller.")
SESSION_EXPIRED = QT_TRANSLATE_NOOP("messages", "Votre session a expiré. Merci de vous identifier à nouveau.")
UNAVAILABLE = QT_TRANSLATE_NOOP("messages", "Service momentanément indisponible. Merci de réessayer plus tard.")
UNKNOWN_ACCOUNT = QT_TRANSLATE_NOOP("messages", "Nous ne trouvons pas votre compte. Merci de vous adresser à un conseiller.")
WRONG_CODE = QT_TRANSLATE_NOOP("messages", "Code incorrect. Il vous reste {attempts_left} {tries}.")
LAST_TRY = QT_TRANSLATE_NOOP("messages", "Attention : c'est votre dernier essai. Après un nouveau code incorrect, votre accès à la borne "
            "sera bloqué et vous devrez vous adresser à l'accueil.")
ACCOUNT_LOCKED = QT_TRANSLATE_NOOP("messages", "Votre compte est bloqué sur la borne après plusieurs codes erronés. "
                  "Merci de vous adresser à un conseiller à l'accueil.")
NO_MOBILE = QT_TRANSLATE_NOOP("messages", "Aucun numéro de mobile n'est connu pour votre compte : utilisez votre code de sécurité.")

# --- fields
INVALID_FIELD = QT_TRANSLATE_NOOP("messages", "Valeur incorrecte : {field}.")
BAD_NIR = QT_TRANSLATE_NOOP("messages", "Numéro de sécurité sociale incorrect.")
REFERENCE_FORMAT = QT_TRANSLATE_NOOP("messages", "La référence de l'avis comporte 16 chiffres suivis d'une lettre majuscule.")
AMOUNT_FORMAT = QT_TRANSLATE_NOOP("messages", "Le montant doit être en euros avec au plus 2 décimales.")
AMOUNT_INCORRECT = QT_TRANSLATE_NOOP("messages", "Montant incorrect.")
AUTHORISATION_FORMAT = QT_TRANSLATE_NOOP("messages", "Numéro d'autorisation incorrect.")
CARD_LAST4_FORMAT = QT_TRANSLATE_NOOP("messages", "Les 4 derniers chiffres de la carte sont attendus.")
FIELD_MESSAGES = {
    "reference": REFERENCE_FORMAT,
    "lines": REFERENCE_FORMAT,
    "amount": AMOUNT_FORMAT,
    "card_nirs": BAD_NIR,
}

# --- droits
NOT_ELIGIBLE = QT_TRANSLATE_NOOP("messages", "Ce service n'est pas disponible pour vous.")
NOT_ON_CARD = QT_TRANSLATE_NOOP("messages", "Cette personne ne figure pas sur la carte.")
NO_OPEN_RIGHTS = QT_TRANSLATE_NOOP("messages", "Aucun droit ouvert : ce service ne peut pas vous être proposé.")
ADDRESS_UNKNOWN = QT_TRANSLATE_NOOP("messages", "Votre attestation est en cours de composition. Merci de bien vouloir nous préciser "
                   "votre nouvelle adresse dont nous n'avons pas connaissance.")
ATTESTATION_REJECTED = QT_TRANSLATE_NOOP("messages", "Nous ne pouvons satisfaire votre demande car les informations vous concernant "
                        "doivent être mises à jour. Veuillez contacter votre caisse.")
NO_IJ = QT_TRANSLATE_NOOP("messages", "Aucune indemnité journalière n'a été versée sur la période.")
NO_RELEVE = QT_TRANSLATE_NOOP("messages", "Aucun relevé fiscal n'est disponible pour votre compte.")
RELEVE_EXPIRED = QT_TRANSLATE_NOOP("messages", "Le relevé fiscal n'est disponible que {months} mois après sa publication.")

# --- créances
REFERENCE_NOT_OPEN = QT_TRANSLATE_NOOP("messages", "Cette référence de courrier n'est pas ouverte au paiement en ligne.")
BELOW_MINIMUM = QT_TRANSLATE_NOOP("messages", "Le montant restant dû pour cette référence de courrier est inférieur au montant "
                 "minimum de paiement en ligne : merci d'utiliser un autre moyen de paiement.")
SERVICE_NOT_ELIGIBLE = QT_TRANSLATE_NOOP("messages", "Le paiement en ligne de vos créances n'est pas disponible pour votre compte : "
                        "merci d'utiliser un autre moyen de paiement.")
PAYMENT_RANGE = QT_TRANSLATE_NOOP("messages", "Vous pouvez payer entre {minimum:g}€ et {maximum:g}€ par paiement")
AMOUNT_ABOVE_OWED = QT_TRANSLATE_NOOP("messages", "Le montant du paiement dépasse le solde des références sélectionnées.")
PAYMENT_UNKNOWN = QT_TRANSLATE_NOOP("messages", "Paiement inconnu.")
PAYMENT_ACCEPTED_FIRST = QT_TRANSLATE_NOOP("messages", "Votre paiement a été accepté.")
PAYMENT_KEEP_DETAILS = QT_TRANSLATE_NOOP("messages", "Nous vous conseillons de conserver vos informations de paiement.")
PAYMENT_ACCEPTED = f"{PAYMENT_ACCEPTED_FIRST} {PAYMENT_KEEP_DETAILS}"
PAYMENT_FAILED = QT_TRANSLATE_NOOP("messages", "Votre transaction de paiement a échoué.")

# --- conflicts (idempotency keys, requests in progress)
KEY_REUSED = QT_TRANSLATE_NOOP("messages", "Clé d'idempotence déjà utilisée pour une autre demande.")
ORDER_IN_PROGRESS = QT_TRANSLATE_NOOP("messages", "Demande déjà en cours d'enregistrement : réessayez.")
RESULT_ALREADY_RECORDED = QT_TRANSLATE_NOOP("messages", "Le résultat de ce paiement est déjà enregistré.")
REQUEST_PENDING = QT_TRANSLATE_NOOP("messages", "Une demande est déjà en cours de traitement.")

# --- organismes complémentaires
OC_BLOCKED = QT_TRANSLATE_NOOP("messages", "La transmission automatique des remboursements vers votre complémentaire est bloquée. "
              "Sélectionnez l'une de vos complémentaires pour l'activer.")
OC_EXCLUSIONS = {
    "css": "Une Complémentaire santé solidaire (ou CMU-C, ACS) fait partie du chevauchement : "
           "la sélection n'est pas proposée. Veuillez contacter votre caisse.",
    "too_many_beneficiaries": "Trop de bénéficiaires sont concernés : la sélection n'est pas proposée. "
                              "Veuillez contacter votre caisse.",
    "partner_regime": "Votre régime partenaire ne permet pas la sélection : veuillez contacter votre caisse.",
}
NO_OVERLAP = QT_TRANSLATE_NOOP("messages", "Aucun chevauchement de complémentaires n'est à régler.")
OC_NOT_CONCERNED = QT_TRANSLATE_NOOP("messages", "Cette personne n'est pas concernée par le chevauchement.")
OC_UNKNOWN = QT_TRANSLATE_NOOP("messages", "Organisme complémentaire inconnu pour cette personne.")
OC_CHOICE_MISSING = QT_TRANSLATE_NOOP("messages", "Un choix est attendu pour chaque bénéficiaire concerné.")

# --- limits
TOO_LARGE = QT_TRANSLATE_NOOP("messages", "Requête trop volumineuse.")
SMS_TOO_SOON = QT_TRANSLATE_NOOP("messages", "Un code vient de vous être envoyé. Merci de patienter avant d'en demander un autre.")
SMS_WAIT = QT_TRANSLATE_NOOP("messages", "Vous pourrez demander un nouveau code dans {seconds} {unit}.")
# the words put in the texts above (marked one by one: the kiosk translates a field's value too)
TRY, TRIES = QT_TRANSLATE_NOOP("messages", "essai"), QT_TRANSLATE_NOOP("messages", "essais")
SECOND, SECONDS = QT_TRANSLATE_NOOP("messages", "seconde"), QT_TRANSLATE_NOOP("messages", "secondes")


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def wrong_code(attempts_left: int) -> str:
    """"Code incorrect. Il vous reste 1 essai." / "… 2 essais." """
    return WRONG_CODE.format(attempts_left=attempts_left, tries=_plural(attempts_left, TRY, TRIES))


def sms_too_soon(retry_after: int | None = None) -> str:
    """An SMS code asked for again too soon; ``retry_after``: seconds before another may be sent."""
    if not retry_after or retry_after <= 0:
        return SMS_TOO_SOON
    return f"{SMS_TOO_SOON} {SMS_WAIT.format(seconds=retry_after, unit=_plural(retry_after, SECOND, SECONDS))}"
