"""The settings table: every setting of the terminal, its default, its type and its help.

One declarative table gives the defaults, what a TOML file may override, and what the
maintenance screen shows. Business thresholds (SPEC.md) live here too, with the 2026 values
as defaults, and every channel (kiosk, reference backend, client CLI) reads them from here.

Precedence: table default < TOML file (``--config`` or ``$BMS_KIOSK_CONFIG``).
This module imports no Qt: the backend and the client use it as is.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator, Mapping

CONFIG_ENV = "BMS_KIOSK_CONFIG"


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the key and what was expected."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    type: type
    help: str
    secret: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None


SETTINGS: tuple[Setting, ...] = (
    # --- terminal
    Setting("terminal_id", "BMS-DEMO-0001", str, "Identifiant de la borne, imprimé sur les documents"),
    Setting("caisse_name", "CPAM de démonstration", str, "Caisse de rattachement affichée par la borne"),
    Setting("fullscreen", True, bool, "Fenêtre plein écran sans bordure"),
    Setting("hide_cursor", True, bool, "Cacher le pointeur de la souris (écran tactile)"),
    Setting("log_level", "INFO", str, "Niveau de journalisation",
            choices=("DEBUG", "INFO", "WARNING", "ERROR")),
    Setting("apdu_trace", False, bool, "Tracer les APDU dans le journal (diagnostic, jamais en service)"),
    # --- card reader
    Setting("card_source", "pcsc", str, "Source des cartes : lecteur PC/SC réel ou simulation en mémoire",
            choices=("pcsc", "simulated")),
    Setting("reader_name", "", str, "Début du nom du lecteur à utiliser (vide : le premier trouvé)"),
    Setting("reader_poll_delay", 0.25, float, "Intervalle de surveillance du lecteur, en secondes",
            minimum=0.05, maximum=5.0),
    # --- delays of the journey (seconds)
    Setting("inactivity_delay", 60.0, float, "Inactivité avant l'avertissement, en secondes",
            minimum=5.0, maximum=600.0),
    Setting("inactivity_answer_delay", 30.0, float,
            "Temps laissé pour répondre à l'avertissement d'inactivité (au moins 20 s)",
            minimum=20.0, maximum=300.0),
    Setting("inactivity_max_extensions", 10, int,
            "Nombre de prolongations possibles (« Continuer »), au moins 10", minimum=10, maximum=100),
    Setting("error_return_delay", 15.0, float, "Retour automatique à l'accueil après une erreur, en secondes",
            minimum=3.0, maximum=120.0),
    # --- printer
    Setting("printer_queue", "", str, "File CUPS de l'imprimante (vide : imprimante fichier de démonstration)"),
    Setting("cups_server", "", str, "Serveur CUPS (socket ou hôte ; vide : celui du système)"),
    Setting("print_timeout_delay", 60.0, float, "Temps maximum pour qu'un travail soit imprimé, en secondes",
            minimum=5.0, maximum=600.0),
    Setting("demo_output_dir", "demo-output", str, "Dossier de l'imprimante fichier de démonstration"),
    # --- backend
    Setting("backend_url", "", str, "URL de l'API téléservices (vide : serveur de référence embarqué)"),
    Setting("backend_terminal_key", "", str, "Identifiant secret de la borne auprès de l'API", secret=True),
    Setting("backend_ca_bundle", "", str, "Certificats d'autorité pour TLS (vide : ceux du système)"),
    Setting("backend_client_cert", "", str, "Certificat client TLS de la borne (PEM)"),
    Setting("backend_connect_timeout", 3.0, float, "Délai de connexion à l'API, en secondes",
            minimum=0.1, maximum=60.0),
    Setting("backend_read_timeout", 10.0, float, "Délai de réponse de l'API, en secondes",
            minimum=0.1, maximum=120.0),
    Setting("backend_retries", 2, int, "Nouvelles tentatives pour les appels idempotents",
            minimum=0, maximum=10),
    # --- card payment terminal (Caisse-AP over IP)
    Setting("payment_terminal_host", "127.0.0.1", str, "Adresse IP du terminal de paiement (Caisse-AP sur IP)"),
    Setting("payment_terminal_port", 8888, int, "Port TCP du terminal de paiement", minimum=1, maximum=65535),
    Setting("payment_terminal_till_id", "BMSKIOSK0001", str,
            "Identifiant protocole de la caisse (CJ, 12 caractères, attribué par l'Association du Paiement)"),
    Setting("payment_terminal_till_number", "01", str, "Numéro de caisse envoyé au terminal (CA, 2 chiffres)"),
    Setting("payment_terminal_connect_delay", 10.0, float, "Délai de connexion au terminal de paiement, en secondes",
            minimum=0.1, maximum=60.0),
    Setting("payment_terminal_payment_delay", 180.0, float,
            "Durée maximum d'un paiement sur le terminal (carte, code, autorisation), en secondes",
            minimum=1.0, maximum=600.0),
    Setting("payment_terminal_settle_delay", 0.3, float,
            "Attente d'une suite après une réponse complète du terminal (le protocole n'a pas de fin de message), "
            "en secondes", minimum=0.01, maximum=5.0),
    Setting("payment_outbox_dir", "/var/lib/bms-kiosk/payment-outbox", str,
            "Dossier des résultats de paiement pas encore accusés par le serveur (numéro d'ordre, statut, "
            "autorisation, 4 derniers chiffres)"),
    # --- technicians, diagnostics, supervision
    Setting("technician_code_hash", "", str,
            "Empreinte (scrypt salé) du code technicien ; `bms-kiosk set-technician-code` la calcule",
            secret=True),
    Setting("technician_max_attempts", 5, int, "Codes technicien faux avant verrouillage de l'accès",
            minimum=1, maximum=20),
    Setting("technician_lockout_delay", 300.0, float, "Durée du verrouillage de l'accès technicien, en secondes",
            minimum=1.0, maximum=86400.0),
    Setting("technician_gesture_delay", 5.0, float,
            "Appui long dans le coin haut gauche de l'accueil pour l'accès technicien, en secondes",
            minimum=0.05, maximum=30.0),
    Setting("maintenance_idle_delay", 300.0, float,
            "Inactivité avant de quitter l'écran de maintenance, en secondes", minimum=1.0, maximum=3600.0),
    Setting("audit_log_path", "/var/log/bms-kiosk/audit.jsonl", str,
            "Journal d'audit des accès et actions technicien (JSON lines, sans donnée personnelle)"),
    Setting("health_check_delay", 5.0, float,
            "Intervalle des vérifications lecteur / imprimante / serveur (hors service automatique), en secondes",
            minimum=0.1, maximum=300.0),
    # --- business rules (SPEC.md, 2026 values)
    Setting("auth_max_attempts", 3, int, "Codes faux avant blocage du compte pour la borne",
            minimum=1, maximum=10),
    Setting("auth_session_delay", 900.0, float, "Durée de vie d'une session côté serveur, en secondes",
            minimum=60.0, maximum=86400.0),
    Setting("sms_code_validity_delay", 300.0, float, "Validité d'un code reçu par SMS, en secondes",
            minimum=30.0, maximum=3600.0),
    Setting("creance_eligibility_min", Decimal("40"), Decimal,
            "Solde PF/FR minimum pour le paiement d'une créance, en euros"),
    Setting("creance_eligibility_max", Decimal("200"), Decimal,
            "Solde PF/FR maximum pour le paiement d'une créance, en euros"),
    Setting("payment_min", Decimal("16"), Decimal, "Montant minimum d'un paiement, en euros"),
    Setting("payment_max", Decimal("50"), Decimal, "Montant maximum d'un paiement, en euros"),
    Setting("oc_max_beneficiaries", 5, int,
            "Bénéficiaires concernés à partir duquel la sélection d'OC n'est pas proposée",
            minimum=1, maximum=20),
    Setting("oc_processing_days", 7, int, "Délai de traitement d'un choix d'OC, en jours",
            minimum=1, maximum=60),
    Setting("message_retention_months", 6, int, "Conservation des messages, en mois",
            minimum=1, maximum=60),
    Setting("releve_fiscal_months", 6, int, "Disponibilité du relevé fiscal, en mois",
            minimum=1, maximum=24),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, raw: Any) -> Any:
    expected = setting.type.__name__
    if setting.type is bool:
        if not isinstance(raw, bool):
            raise ConfigError(f"{setting.name}: attendu true ou false, reçu {raw!r}")
        return raw
    if setting.type is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ConfigError(f"{setting.name}: attendu un entier, reçu {raw!r}")
        value: Any = raw
    elif setting.type is float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ConfigError(f"{setting.name}: attendu un nombre, reçu {raw!r}")
        value = float(raw)
    elif setting.type is Decimal:
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise ConfigError(f"{setting.name}: attendu un montant, reçu {raw!r}")
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            raise ConfigError(f"{setting.name}: attendu un montant, reçu {raw!r}") from None
        if not value.is_finite() or value < 0:
            raise ConfigError(f"{setting.name}: attendu un montant positif, reçu {raw!r}")
    elif setting.type is str:
        if not isinstance(raw, str):
            raise ConfigError(f"{setting.name}: attendu du texte, reçu {raw!r}")
        value = raw
    else:  # pragma: no cover - the table only uses the types above
        raise ConfigError(f"{setting.name}: type {expected} inconnu")
    if setting.choices is not None and value not in setting.choices:
        raise ConfigError(f"{setting.name}: attendu l'une de {', '.join(setting.choices)}, reçu {raw!r}")
    if setting.minimum is not None and value < setting.minimum:
        raise ConfigError(f"{setting.name}: attendu au moins {setting.minimum}, reçu {raw!r}")
    if setting.maximum is not None and value > setting.maximum:
        raise ConfigError(f"{setting.name}: attendu au plus {setting.maximum}, reçu {raw!r}")
    return value


class Config(Mapping[str, Any]):
    """Read-only values of every setting; attribute or item access."""

    def __init__(self, overrides: Mapping[str, Any] | None = None, source: str = "défauts") -> None:
        values = {s.name: s.default for s in SETTINGS}
        for key, raw in (overrides or {}).items():
            setting = _BY_NAME.get(key)
            if setting is None:
                raise ConfigError(f"{key}: réglage inconnu ({source})")
            values[key] = _coerce(setting, raw)
        if values["creance_eligibility_min"] > values["creance_eligibility_max"]:
            raise ConfigError("creance_eligibility_min: attendu au plus creance_eligibility_max")
        if values["payment_min"] > values["payment_max"]:
            raise ConfigError("payment_min: attendu au plus payment_max")
        if len(values["payment_terminal_till_id"]) != 12:
            raise ConfigError("payment_terminal_till_id: attendu 12 caractères")
        if not (len(values["payment_terminal_till_number"]) == 2 and values["payment_terminal_till_number"].isdigit()):
            raise ConfigError("payment_terminal_till_number: attendu 2 chiffres")
        self._values = values
        self.source = source

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def replace(self, **changes: Any) -> "Config":
        merged = {k: v for k, v in self._values.items() if v != _BY_NAME[k].default}
        merged.update(changes)
        return Config(merged, source=self.source)

    def shown(self) -> list[tuple[str, str, str]]:
        """(name, value, help) for the maintenance screen, secrets hidden."""
        rows = []
        for s in SETTINGS:
            value = self._values[s.name]
            text = ("••••••" if value else "(vide)") if s.secret else str(value)
            rows.append((s.name, text, s.help))
        return rows


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Defaults, then the TOML file named by ``path`` or by ``$BMS_KIOSK_CONFIG``."""
    chosen = path or os.environ.get(CONFIG_ENV) or None
    if not chosen:
        return Config()
    file = Path(chosen)
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{file}: fichier de configuration introuvable") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: TOML invalide ({exc})") from None
    for key, value in data.items():
        if isinstance(value, dict):
            raise ConfigError(f"{key}: réglage inconnu ({file}); les réglages ne sont pas en sections")
    return Config(data, source=str(file))
