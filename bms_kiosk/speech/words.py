"""Every phrase the terminal says that is not a screen's own text: French sources, translated at
the moment they are said (``bms_kiosk.i18n.tr``, context ``CONTEXT``)."""

from __future__ import annotations

from bms_kiosk.i18n import tr

CONTEXT = "speech"

# masked entries (code de sécurité, SMS code, technician code): never the digit
STAR = "étoile"
DIGIT_ERASED = "effacé"
CODE_ERASED = "code effacé"
CODE_TYPED = "%n chiffre(s) saisi(s)"
NO_DIGIT = "aucun chiffre saisi"

# states of a control
DISABLED = "indisponible"
SELECTED = "sélectionné"
NOT_SELECTED = "non sélectionné"
FOCUS_ON = "Curseur sur : %1"

# the headset and the speech mode
HEADSET_IN = ("Casque branché. Guidage vocal activé. Flèches haut et bas : se déplacer. "
              "OK : valider. Retour : revenir en arrière. Aide : aide de l'écran. "
              "Répéter : réentendre. Plus et moins : volume. Page haut et page bas : vitesse.")
HEADSET_OUT = "Casque débranché."
SPEECH_ON = ("Guidage vocal activé, sans casque : les informations personnelles ne sont pas lues. "
             "Branchez un casque pour les entendre.")
PERSONAL_HIDDEN = "Information personnelle : branchez un casque pour l'entendre."
PERSONAL_SHORT = "Information personnelle."
HEADSET_TEST = "Test du casque. Vous entendez la synthèse vocale de la borne."
VOLUME = "volume %n"
RATE_FASTER = "plus rapide"
RATE_SLOWER = "plus lent"
NOTHING_TO_REPEAT = "rien à répéter"

# the inactivity warning (and any screen that leaves by itself)
COUNTDOWN = "%n seconde(s)"

# the speech engine's state (maintenance screen)
ENGINE_TITLE = "SYNTHÈSE VOCALE"
ENGINE_OFF = "ARRÊTÉE"
ENGINE_STARTING = "DÉMARRAGE"
ENGINE_READY = "PRÊTE"
ENGINE_SPEAKING = "EN COURS"
ENGINE_FAILED = "EN PANNE"
TEST_HEADSET = "TESTER LE CASQUE"
ENGINE_LINE = "Moteur : %1"
HEADSET_LINE_IN = "Casque : branché"
HEADSET_LINE_OUT = "Casque : non branché"
RESTARTS_LINE = "Relances après blocage : %1"


def say(source: str, n: int = -1) -> str:
    """A phrase of this module in the display language."""
    text = tr(CONTEXT, source, n)
    if n >= 0:  # no translator for French: plural forms by hand, as Qt's %n rule would do
        text = text.replace("%n", str(n))
        text = text.replace("(s)", "s" if n > 1 else "")
    return text


def fill(source: str, value: str) -> str:
    return tr(CONTEXT, source).replace("%1", value)
