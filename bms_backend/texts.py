"""Every French text the reference API answers with (SPEC.md wording): the words live here only."""

from __future__ import annotations

MSG_REFERENCE_NOT_OPEN = "Cette référence de courrier n'est pas ouverte au paiement en ligne."
MSG_BELOW_MINIMUM = ("Le montant restant dû pour cette référence de courrier est inférieur au montant "
                     "minimum de paiement en ligne : merci d'utiliser un autre moyen de paiement.")
MSG_SERVICE_NOT_ELIGIBLE = ("Le paiement en ligne de vos créances n'est pas disponible pour votre compte : "
                            "merci d'utiliser un autre moyen de paiement.")
MSG_ADDRESS_UNKNOWN = ("Votre attestation est en cours de composition. Merci de bien vouloir nous préciser "
                       "votre nouvelle adresse dont nous n'avons pas connaissance.")
MSG_REJECTED = ("Nous ne pouvons satisfaire votre demande car les informations vous concernant doivent "
                "être mises à jour. Veuillez contacter votre caisse.")
MSG_NO_RIGHTS = "Aucun droit ouvert : ce service ne peut pas vous être proposé."
MSG_LOCKED = ("Votre compte est bloqué sur la borne après plusieurs codes erronés. "
              "Merci de vous adresser à un conseiller à l'accueil.")
MSG_PAYMENT_ACCEPTED = ("Votre paiement a été accepté. Nous vous conseillons de conserver vos informations "
                        "de paiement.")
MSG_PAYMENT_FAILED = "Votre transaction de paiement a échoué."
MSG_TERMINAL = "Borne non autorisée."
MSG_TOO_LARGE = "Requête trop volumineuse."
MSG_SMS_TOO_SOON = ("Un code vient de vous être envoyé. Merci de patienter avant d'en demander un autre.")
MSG_OC_BLOCKED = ("La transmission automatique des remboursements vers votre complémentaire est bloquée. "
                  "Sélectionnez l'une de vos complémentaires pour l'activer.")
OC_EXCLUSIONS = {
    "css": "Une Complémentaire santé solidaire (ou CMU-C, ACS) fait partie du chevauchement : "
           "la sélection n'est pas proposée. Veuillez contacter votre caisse.",
    "too_many_beneficiaries": "Trop de bénéficiaires sont concernés : la sélection n'est pas proposée. "
                              "Veuillez contacter votre caisse.",
    "partner_regime": "Votre régime partenaire ne permet pas la sélection : veuillez contacter votre caisse.",
}
FIELD_MESSAGES = {
    "reference": "La référence de l'avis comporte 16 chiffres suivis d'une lettre majuscule.",
    "lines": "La référence de l'avis comporte 16 chiffres suivis d'une lettre majuscule.",
    "amount": "Le montant doit être en euros avec au plus 2 décimales.",
    "card_nirs": "Numéro de sécurité sociale incorrect.",
}
MSG_CONFLICT = "Demande déjà en cours d'enregistrement : réessayez."
MSG_SESSION_EXPIRED = "Votre session a expiré. Merci de vous identifier à nouveau."
