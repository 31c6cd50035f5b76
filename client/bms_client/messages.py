"""The French texts of the téléservices' errors and outcomes, written once for every channel.

The reference backend puts them in its answers (``detail.message``); the client's typed errors
(errors.py) fall back on them when an answer carries none. Wording: SPEC.md. Standard library only.
"""

from __future__ import annotations

# --- terminal and session
TERMINAL_UNAUTHORISED = ("Cette borne n'est pas autorisée à accéder au service. "
                         "Merci de vous adresser à un conseiller.")
SESSION_EXPIRED = "Votre session a expiré. Merci de vous identifier à nouveau."
UNAVAILABLE = "Service momentanément indisponible. Merci de réessayer plus tard."
UNKNOWN_ACCOUNT = "Nous ne trouvons pas votre compte. Merci de vous adresser à un conseiller."
WRONG_CODE = "Code incorrect. Il vous reste {attempts_left} {tries}."
LAST_TRY = ("Attention : c'est votre dernier essai. Après un nouveau code incorrect, votre accès à la borne "
            "sera bloqué et vous devrez vous adresser à l'accueil.")
ACCOUNT_LOCKED = ("Votre compte est bloqué sur la borne après plusieurs codes erronés. "
                  "Merci de vous adresser à un conseiller à l'accueil.")
NO_MOBILE = "Aucun numéro de mobile n'est connu pour votre compte : utilisez votre code de sécurité."

# --- fields
INVALID_FIELD = "Valeur incorrecte : {field}."
BAD_NIR = "Numéro de sécurité sociale incorrect."
REFERENCE_FORMAT = "La référence de l'avis comporte 16 chiffres suivis d'une lettre majuscule."
AMOUNT_FORMAT = "Le montant doit être en euros avec au plus 2 décimales."
AMOUNT_INCORRECT = "Montant incorrect."
AUTHORISATION_FORMAT = "Numéro d'autorisation incorrect."
CARD_LAST4_FORMAT = "Les 4 derniers chiffres de la carte sont attendus."
FIELD_MESSAGES = {
    "reference": REFERENCE_FORMAT,
    "lines": REFERENCE_FORMAT,
    "amount": AMOUNT_FORMAT,
    "card_nirs": BAD_NIR,
}

# --- droits
NOT_ELIGIBLE = "Ce service n'est pas disponible pour vous."
NOT_ON_CARD = "Cette personne ne figure pas sur la carte."
NO_OPEN_RIGHTS = "Aucun droit ouvert : ce service ne peut pas vous être proposé."
ADDRESS_UNKNOWN = ("Votre attestation est en cours de composition. Merci de bien vouloir nous préciser "
                   "votre nouvelle adresse dont nous n'avons pas connaissance.")
ATTESTATION_REJECTED = ("Nous ne pouvons satisfaire votre demande car les informations vous concernant "
                        "doivent être mises à jour. Veuillez contacter votre caisse.")
NO_IJ = "Aucune indemnité journalière n'a été versée sur la période."
NO_RELEVE = "Aucun relevé fiscal n'est disponible pour votre compte."
RELEVE_EXPIRED = "Le relevé fiscal n'est disponible que {months} mois après sa publication."

# --- créances
REFERENCE_NOT_OPEN = "Cette référence de courrier n'est pas ouverte au paiement en ligne."
BELOW_MINIMUM = ("Le montant restant dû pour cette référence de courrier est inférieur au montant "
                 "minimum de paiement en ligne : merci d'utiliser un autre moyen de paiement.")
SERVICE_NOT_ELIGIBLE = ("Le paiement en ligne de vos créances n'est pas disponible pour votre compte : "
                        "merci d'utiliser un autre moyen de paiement.")
PAYMENT_RANGE = "Vous pouvez payer entre {minimum:g}€ et {maximum:g}€ par paiement"
AMOUNT_ABOVE_OWED = "Le montant du paiement dépasse le solde des références sélectionnées."
PAYMENT_UNKNOWN = "Paiement inconnu."
PAYMENT_ACCEPTED = ("Votre paiement a été accepté. Nous vous conseillons de conserver vos informations "
                    "de paiement.")
PAYMENT_FAILED = "Votre transaction de paiement a échoué."

# --- conflicts (idempotency keys, requests in progress)
KEY_REUSED = "Clé d'idempotence déjà utilisée pour une autre demande."
ORDER_IN_PROGRESS = "Demande déjà en cours d'enregistrement : réessayez."
RESULT_ALREADY_RECORDED = "Le résultat de ce paiement est déjà enregistré."
REQUEST_PENDING = "Une demande est déjà en cours de traitement."

# --- organismes complémentaires
OC_BLOCKED = ("La transmission automatique des remboursements vers votre complémentaire est bloquée. "
              "Sélectionnez l'une de vos complémentaires pour l'activer.")
OC_EXCLUSIONS = {
    "css": "Une Complémentaire santé solidaire (ou CMU-C, ACS) fait partie du chevauchement : "
           "la sélection n'est pas proposée. Veuillez contacter votre caisse.",
    "too_many_beneficiaries": "Trop de bénéficiaires sont concernés : la sélection n'est pas proposée. "
                              "Veuillez contacter votre caisse.",
    "partner_regime": "Votre régime partenaire ne permet pas la sélection : veuillez contacter votre caisse.",
}
NO_OVERLAP = "Aucun chevauchement de complémentaires n'est à régler."
OC_NOT_CONCERNED = "Cette personne n'est pas concernée par le chevauchement."
OC_UNKNOWN = "Organisme complémentaire inconnu pour cette personne."
OC_CHOICE_MISSING = "Un choix est attendu pour chaque bénéficiaire concerné."

# --- limits
TOO_LARGE = "Requête trop volumineuse."
SMS_TOO_SOON = "Un code vient de vous être envoyé. Merci de patienter avant d'en demander un autre."
SMS_WAIT = "Vous pourrez demander un nouveau code dans {seconds} {unit}."


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def wrong_code(attempts_left: int) -> str:
    """"Code incorrect. Il vous reste 1 essai." / "… 2 essais." """
    return WRONG_CODE.format(attempts_left=attempts_left, tries=_plural(attempts_left, "essai"))


def sms_too_soon(retry_after: int | None = None) -> str:
    """An SMS code asked for again too soon; ``retry_after``: seconds before another may be sent."""
    if not retry_after or retry_after <= 0:
        return SMS_TOO_SOON
    return f"{SMS_TOO_SOON} {SMS_WAIT.format(seconds=retry_after, unit=_plural(retry_after, 'seconde'))}"
