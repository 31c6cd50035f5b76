"""Every phrase the terminal says that is not a screen's own text: French sources marked for Qt's
translation tools (``QT_TRANSLATE_NOOP("speech", …)``, extracted by ``pyside6-lupdate``) and
translated at the moment they are said, in the display language (``bms_kiosk.i18n``)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "speech"

# masked entries (code de sécurité, SMS code, technician code): never the digit
STAR = QT_TRANSLATE_NOOP("speech", "étoile")
DIGIT_ERASED = QT_TRANSLATE_NOOP("speech", "effacé")
CODE_ERASED = QT_TRANSLATE_NOOP("speech", "code effacé")
CODE_TYPED = QT_TRANSLATE_NOOP("speech", "%n chiffre(s) saisi(s)")
NO_DIGIT = QT_TRANSLATE_NOOP("speech", "aucun chiffre saisi")

# states of a control
DISABLED = QT_TRANSLATE_NOOP("speech", "indisponible")
SELECTED = QT_TRANSLATE_NOOP("speech", "sélectionné")
NOT_SELECTED = QT_TRANSLATE_NOOP("speech", "non sélectionné")
FOCUS_ON = QT_TRANSLATE_NOOP("speech", "Curseur sur : %1")

# the headset and the speech mode
# (one literal each: the translation tools read one string per mark)
HEADSET_IN = QT_TRANSLATE_NOOP("speech", "Casque branché. Guidage vocal activé. Flèches haut et bas : se déplacer. OK : valider. Retour : revenir en arrière. Aide : aide de l'écran. Répéter : réentendre. Plus et moins : volume. Page haut et page bas : vitesse.")  # noqa: E501
HEADSET_OUT = QT_TRANSLATE_NOOP("speech", "Casque débranché.")
SPEECH_ON = QT_TRANSLATE_NOOP("speech", "Guidage vocal activé, sans casque : les informations personnelles ne sont pas lues. Branchez un casque pour les entendre.")  # noqa: E501
PERSONAL_HIDDEN = QT_TRANSLATE_NOOP("speech", "Information personnelle : branchez un casque pour l'entendre.")
PERSONAL_SHORT = QT_TRANSLATE_NOOP("speech", "Information personnelle.")
HEADSET_TEST = QT_TRANSLATE_NOOP("speech", "Test du casque. Vous entendez la synthèse vocale de la borne.")
VOLUME = QT_TRANSLATE_NOOP("speech", "volume %n")
RATE_FASTER = QT_TRANSLATE_NOOP("speech", "plus rapide")
RATE_SLOWER = QT_TRANSLATE_NOOP("speech", "plus lent")
NOTHING_TO_REPEAT = QT_TRANSLATE_NOOP("speech", "rien à répéter")

# the speech engine's state (maintenance screen)
ENGINE_TITLE = QT_TRANSLATE_NOOP("speech", "SYNTHÈSE VOCALE")
ENGINE_OFF = QT_TRANSLATE_NOOP("speech", "ARRÊTÉE")
ENGINE_STARTING = QT_TRANSLATE_NOOP("speech", "DÉMARRAGE")
ENGINE_READY = QT_TRANSLATE_NOOP("speech", "PRÊTE")
ENGINE_SPEAKING = QT_TRANSLATE_NOOP("speech", "EN COURS")
ENGINE_FAILED = QT_TRANSLATE_NOOP("speech", "EN PANNE")
TEST_HEADSET = QT_TRANSLATE_NOOP("speech", "TESTER LE CASQUE")
ENGINE_LINE = QT_TRANSLATE_NOOP("speech", "Moteur : %1")
HEADSET_LINE_IN = QT_TRANSLATE_NOOP("speech", "Casque : branché")
HEADSET_LINE_OUT = QT_TRANSLATE_NOOP("speech", "Casque : non branché")
RESTARTS_LINE = QT_TRANSLATE_NOOP("speech", "Relances après blocage : %1")
VOICE_LINE = QT_TRANSLATE_NOOP("speech", "Voix : %1")


def say(source: str, n: int = -1) -> str:
    """A phrase of this module in the display language."""
    text = QCoreApplication.translate(CONTEXT, source, None, n)
    if n >= 0:  # no translator for French: plural forms by hand, as Qt's %n rule would do
        text = text.replace("%n", str(n))
        text = text.replace("(s)", "s" if n > 1 else "")
    return text


def fill(source: str, value: str) -> str:
    return QCoreApplication.translate(CONTEXT, source).replace("%1", value)
