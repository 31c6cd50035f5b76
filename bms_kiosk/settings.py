"""The kiosk's settings: the client's table (connection, business thresholds) plus the terminal's own.

Reader, journey delays, printer, technicians. One TOML file (``--config`` or ``$BMS_KIOSK_CONFIG``)
sets any of them. This module imports no Qt.
"""

from __future__ import annotations

import os
from typing import Any, Mapping

from bms_client.config import SETTINGS as CLIENT_SETTINGS
from bms_client.config import Config as ClientConfig
from bms_client.config import ConfigError, Setting
from bms_client.config import load_config as _load

CONFIG_ENV = "BMS_KIOSK_CONFIG"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name Qt's lupdate looks for
    """A setting's help, marked for the maintenance screen's English (this module imports no Qt)."""
    return text

KIOSK_SETTINGS: tuple[Setting, ...] = (
    # --- terminal
    Setting("caisse_name", "CPAM de démonstration", str, QT_TRANSLATE_NOOP("maintenance", "Caisse de rattachement affichée par la borne")),
    Setting("fullscreen", True, bool, QT_TRANSLATE_NOOP("maintenance", "Fenêtre plein écran sans bordure")),
    Setting("hide_cursor", True, bool, QT_TRANSLATE_NOOP("maintenance", "Cacher le pointeur de la souris (écran tactile)")),
    Setting("log_level", "INFO", str, QT_TRANSLATE_NOOP("maintenance", "Niveau de journalisation"),
            choices=("DEBUG", "INFO", "WARNING", "ERROR")),
    Setting("apdu_trace", False, bool, QT_TRANSLATE_NOOP("maintenance", "Tracer les APDU dans le journal (diagnostic, jamais en service)")),
    # --- card reader
    Setting("card_source", "pcsc", str, QT_TRANSLATE_NOOP("maintenance", "Source des cartes : lecteur PC/SC réel ou simulation en mémoire"),
            choices=("pcsc", "simulated")),
    Setting("reader_name", "", str, QT_TRANSLATE_NOOP("maintenance", "Début du nom du lecteur à utiliser (vide : le premier trouvé)")),
    Setting("reader_poll_delay", 0.25, float, QT_TRANSLATE_NOOP("maintenance", "Intervalle de surveillance du lecteur, en secondes"),
            minimum=0.05, maximum=5.0),
    # --- delays of the journey (seconds)
    Setting("inactivity_delay", 60.0, float, QT_TRANSLATE_NOOP("maintenance", "Inactivité avant l'avertissement, en secondes"),
            minimum=5.0, maximum=600.0),
    Setting("inactivity_answer_delay", 30.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Temps laissé pour répondre à l'avertissement d'inactivité (au moins 20 s)"),
            minimum=20.0, maximum=300.0),
    Setting("inactivity_max_extensions", 10, int,
            QT_TRANSLATE_NOOP("maintenance", "Nombre de prolongations possibles (« Continuer »), au moins 10"), minimum=10, maximum=100),
    Setting("error_return_delay", 15.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Écrans lus une fois (accès bloqué, service indisponible, impression en échec) : temps sans "
            "toucher l'écran avant l'avertissement « Êtes-vous toujours là ? », en secondes"),
            minimum=3.0, maximum=120.0),
    # --- printer
    Setting("printer_queue", "", str, QT_TRANSLATE_NOOP("maintenance", "File CUPS de l'imprimante (vide : imprimante fichier de démonstration)")),
    Setting("cups_server", "", str, QT_TRANSLATE_NOOP("maintenance", "Serveur CUPS (socket ou hôte ; vide : celui du système)")),
    Setting("print_timeout_delay", 60.0, float, QT_TRANSLATE_NOOP("maintenance", "Temps maximum pour qu'un travail soit imprimé, en secondes"),
            minimum=5.0, maximum=600.0),
    Setting("demo_output_dir", "demo-output", str, QT_TRANSLATE_NOOP("maintenance", "Dossier de l'imprimante fichier de démonstration")),
    # --- card payment terminal (Caisse-AP over IP)
    Setting("payment_terminal_host", "127.0.0.1", str, QT_TRANSLATE_NOOP("maintenance", "Adresse IP du terminal de paiement (Caisse-AP sur IP)")),
    Setting("payment_terminal_port", 8888, int, QT_TRANSLATE_NOOP("maintenance", "Port TCP du terminal de paiement"), minimum=1, maximum=65535),
    Setting("payment_terminal_till_id", "BMSKIOSK0001", str,
            QT_TRANSLATE_NOOP("maintenance", "Identifiant protocole de la caisse (CJ, 12 caractères, attribué par l'Association du Paiement)")),
    Setting("payment_terminal_till_number", "01", str, QT_TRANSLATE_NOOP("maintenance", "Numéro de caisse envoyé au terminal (CA, 2 chiffres)")),
    Setting("payment_terminal_connect_delay", 10.0, float, QT_TRANSLATE_NOOP("maintenance", "Délai de connexion au terminal de paiement, en secondes"),
            minimum=0.1, maximum=60.0),
    Setting("payment_terminal_payment_delay", 180.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Durée maximum d'un paiement sur le terminal (carte, code, autorisation), en secondes"),
            minimum=1.0, maximum=600.0),
    Setting("payment_terminal_settle_delay", 0.3, float,
            QT_TRANSLATE_NOOP("maintenance", "Attente d'une suite après une réponse complète du terminal (le protocole n'a pas de fin de message), "
            "en secondes"), minimum=0.01, maximum=5.0),
    Setting("payment_outbox_dir", "/var/lib/bms-kiosk/payment-outbox", str,
            QT_TRANSLATE_NOOP("maintenance", "Dossier des résultats de paiement pas encore accusés par le serveur (numéro d'ordre, statut, "
            "autorisation, 4 derniers chiffres)")),
    # --- accessibility: speech through a headset, the keypad (bms_kiosk/speech)
    Setting("speech_engine", "speechd", str,
            QT_TRANSLATE_NOOP("maintenance", "Synthèse vocale : speech-dispatcher (espeak-ng), moteur muet de Qt (mock) ou aucune (none)"),
            choices=("speechd", "mock", "none")),
    Setting("speech_enabled", False, bool,
            QT_TRANSLATE_NOOP("maintenance", "Guidage vocal par le haut-parleur sans casque (jamais d'information personnelle)")),
    Setting("speech_headset", False, bool,
            QT_TRANSLATE_NOOP("maintenance", "Casque branché (en attendant la détection de la prise) : tout est lu, en privé")),
    Setting("speech_rate", 0.0, float, QT_TRANSLATE_NOOP("maintenance", "Vitesse de la voix (-1 lente, 0 normale, 1 rapide)"),
            minimum=-1.0, maximum=1.0),
    Setting("speech_volume", 0.8, float, QT_TRANSLATE_NOOP("maintenance", "Volume de la voix (0,1 à 1)"), minimum=0.1, maximum=1.0),
    Setting("speech_stuck_delay", 20.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Marge avant de relancer une synthèse restée « en cours » au-delà de la durée de son texte, en secondes"),
            minimum=1.0, maximum=300.0),
    # --- technicians, diagnostics, supervision
    Setting("technician_code_hash", "", str,
            QT_TRANSLATE_NOOP("maintenance", "Empreinte (scrypt salé) du code technicien ; `bms-kiosk set-technician-code` la calcule"),
            secret=True),
    Setting("technician_max_attempts", 5, int, QT_TRANSLATE_NOOP("maintenance", "Codes technicien faux avant verrouillage de l'accès"),
            minimum=1, maximum=20),
    Setting("technician_lockout_delay", 300.0, float, QT_TRANSLATE_NOOP("maintenance", "Durée du verrouillage de l'accès technicien, en secondes"),
            minimum=1.0, maximum=86400.0),
    Setting("technician_gesture_delay", 5.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Appui long dans le coin haut gauche de l'accueil pour l'accès technicien, en secondes"),
            minimum=0.05, maximum=30.0),
    Setting("maintenance_idle_delay", 300.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Inactivité avant de quitter l'écran de maintenance, en secondes"), minimum=1.0, maximum=3600.0),
    Setting("audit_log_path", "/var/log/bms-kiosk/audit.jsonl", str,
            QT_TRANSLATE_NOOP("maintenance", "Journal d'audit des accès et actions technicien (JSON lines, sans donnée personnelle)")),
    Setting("metrics_address", "127.0.0.1", str,
            QT_TRANSLATE_NOOP("maintenance", "Adresse d'écoute des métriques Prometheus (127.0.0.1 : la borne seule ; 0.0.0.0 : le réseau de "
            "l'agence)")),
    Setting("metrics_port", 9464, int, QT_TRANSLATE_NOOP("maintenance", "Port des métriques Prometheus (0 : pas de métriques)"),
            minimum=0, maximum=65535),
    Setting("health_check_delay", 5.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Intervalle des vérifications lecteur / imprimante / serveur (hors service automatique), en secondes"),
            minimum=0.1, maximum=300.0),
)

SETTINGS: tuple[Setting, ...] = CLIENT_SETTINGS[:1] + KIOSK_SETTINGS + CLIENT_SETTINGS[1:]


class Config(ClientConfig):
    settings = SETTINGS

    def _check(self, values: Mapping[str, Any]) -> None:
        if len(values["payment_terminal_till_id"]) != 12:
            raise ConfigError("payment_terminal_till_id: attendu 12 caractères")
        if not (len(values["payment_terminal_till_number"]) == 2 and values["payment_terminal_till_number"].isdigit()):
            raise ConfigError("payment_terminal_till_number: attendu 2 chiffres")


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Defaults, then the TOML file named by ``path`` or by ``$BMS_KIOSK_CONFIG``."""
    return _load(path, env=CONFIG_ENV, config_class=Config)


__all__ = ["CONFIG_ENV", "KIOSK_SETTINGS", "SETTINGS", "Config", "ConfigError", "Setting", "load_config"]
