"""The settings table of every channel: the client's connection settings and the business thresholds.

One declarative table gives the defaults, what a TOML file may override, and what the kiosk's
maintenance screen shows. Business thresholds (SPEC.md) live here, with the 2026 values as
defaults, and every channel (kiosk, reference backend, client CLI, web) reads them from here.
The kiosk extends the table with its own settings (bms_kiosk/settings.py).

Precedence: table default < TOML file (``path``, or the file named by the caller's environment
variable). Standard library only.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator, Mapping

class ConfigError(Exception):
    """A configuration that cannot be used; the message names the key and what was expected."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name Qt's lupdate looks for
    """A setting's help, marked for the maintenance screen's English (this module imports no Qt)."""
    return text


DEFAULTS_SOURCE = QT_TRANSLATE_NOOP("maintenance", "défauts")  # a config from no file: the defaults


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
    Setting("terminal_id", "BMS-DEMO-0001", str, QT_TRANSLATE_NOOP("maintenance", "Identifiant de la borne, imprimé sur les documents")),
    # --- backend
    Setting("backend_url", "", str, QT_TRANSLATE_NOOP("maintenance", "URL de l'API téléservices (vide : serveur de référence embarqué)")),
    Setting("backend_terminal_key", "", str, QT_TRANSLATE_NOOP("maintenance", "Identifiant secret de la borne auprès de l'API"), secret=True),
    Setting("backend_ca_bundle", "", str, QT_TRANSLATE_NOOP("maintenance", "Certificats d'autorité pour TLS (vide : ceux du système)")),
    Setting("backend_client_cert", "", str, QT_TRANSLATE_NOOP("maintenance", "Certificat client TLS de la borne (PEM)")),
    Setting("backend_connect_timeout", 3.0, float, QT_TRANSLATE_NOOP("maintenance", "Délai de connexion à l'API, en secondes"),
            minimum=0.1, maximum=60.0),
    Setting("backend_read_timeout", 10.0, float, QT_TRANSLATE_NOOP("maintenance", "Délai de réponse de l'API, en secondes"),
            minimum=0.1, maximum=120.0),
    Setting("backend_retries", 2, int, QT_TRANSLATE_NOOP("maintenance", "Nouvelles tentatives pour les appels idempotents"),
            minimum=0, maximum=10),
    Setting("backend_call_delay", 20.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Durée maximale d'un appel à l'API, nouvelles tentatives comprises, en secondes"),
            minimum=0.5, maximum=300.0),
    Setting("backend_proxy", "", str,
            QT_TRANSLATE_NOOP("maintenance", "Mandataire HTTP(S) vers l'API (vide : connexion directe ; l'environnement n'est jamais lu)")),
    # --- business rules (SPEC.md, 2026 values)
    Setting("auth_max_attempts", 3, int, QT_TRANSLATE_NOOP("maintenance", "Codes faux avant blocage du compte pour la borne"),
            minimum=1, maximum=10),
    Setting("auth_session_delay", 900.0, float, QT_TRANSLATE_NOOP("maintenance", "Durée de vie d'une session côté serveur, en secondes"),
            minimum=60.0, maximum=86400.0),
    Setting("sms_code_validity_delay", 300.0, float, QT_TRANSLATE_NOOP("maintenance", "Validité d'un code reçu par SMS, en secondes"),
            minimum=30.0, maximum=3600.0),
    Setting("sms_resend_delay", 60.0, float, QT_TRANSLATE_NOOP("maintenance", "Délai minimum entre deux SMS de code pour un compte, en secondes"),
            minimum=1.0, maximum=3600.0),
    Setting("sms_code_length", 6, int, QT_TRANSLATE_NOOP("maintenance", "Nombre de chiffres d'un code envoyé par SMS"), minimum=4, maximum=8),
    Setting("auth_lock_delay", 86400.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Durée du blocage d'un compte après trop de codes faux (un conseiller peut le lever avant), "
            "en secondes"), minimum=60.0, maximum=30 * 86400.0),
    Setting("payment_order_delay", 900.0, float,
            QT_TRANSLATE_NOOP("maintenance", "Validité d'un ordre de paiement en attente ; son montant reste réservé jusque-là, en secondes"),
            minimum=30.0, maximum=86400.0),
    Setting("creance_eligibility_min", Decimal("40"), Decimal,
            QT_TRANSLATE_NOOP("maintenance", "Solde PF/FR minimum pour le paiement d'une créance, en euros")),
    Setting("creance_eligibility_max", Decimal("200"), Decimal,
            QT_TRANSLATE_NOOP("maintenance", "Solde PF/FR maximum pour le paiement d'une créance, en euros")),
    Setting("payment_min", Decimal("16"), Decimal, QT_TRANSLATE_NOOP("maintenance", "Montant minimum d'un paiement, en euros")),
    Setting("payment_max", Decimal("50"), Decimal, QT_TRANSLATE_NOOP("maintenance", "Montant maximum d'un paiement, en euros")),
    Setting("oc_max_beneficiaries", 5, int,
            QT_TRANSLATE_NOOP("maintenance", "Bénéficiaires concernés à partir duquel la sélection d'OC n'est pas proposée"),
            minimum=1, maximum=20),
    Setting("oc_processing_days", 7, int, QT_TRANSLATE_NOOP("maintenance", "Délai de traitement d'un choix d'OC, en jours"),
            minimum=1, maximum=60),
    Setting("message_retention_months", 6, int, QT_TRANSLATE_NOOP("maintenance", "Conservation des messages, en mois"),
            minimum=1, maximum=60),
    Setting("releve_fiscal_months", 6, int, QT_TRANSLATE_NOOP("maintenance", "Disponibilité du relevé fiscal, en mois"),
            minimum=1, maximum=24),
)


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
    """Read-only values of every setting of ``settings``; attribute or item access.

    A channel with more settings subclasses it with a longer table (the kiosk does).
    """

    settings: tuple[Setting, ...] = SETTINGS

    def __init__(self, overrides: Mapping[str, Any] | None = None, source: str = DEFAULTS_SOURCE) -> None:
        by_name = {s.name: s for s in self.settings}
        values = {s.name: s.default for s in self.settings}
        for key, raw in (overrides or {}).items():
            setting = by_name.get(key)
            if setting is None:
                raise ConfigError(f"{key}: réglage inconnu ({source})")
            values[key] = _coerce(setting, raw)
        if values["creance_eligibility_min"] > values["creance_eligibility_max"]:
            raise ConfigError("creance_eligibility_min: attendu au plus creance_eligibility_max")
        if values["payment_min"] > values["payment_max"]:
            raise ConfigError("payment_min: attendu au plus payment_max")
        self._check(values)
        self._values = values
        self.source = source

    def _check(self, values: Mapping[str, Any]) -> None:
        """Checks across settings of a longer table (a subclass's)."""

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
        defaults = {s.name: s.default for s in self.settings}
        merged = {k: v for k, v in self._values.items() if v != defaults[k]}
        merged.update(changes)
        return type(self)(merged, source=self.source)

    def shown(self) -> list[tuple[str, str, str]]:
        """(name, value, help) for the maintenance screen, secrets hidden."""
        rows = []
        for s in self.settings:
            value = self._values[s.name]
            text = ("••••••" if value else "(vide)") if s.secret else str(value)
            rows.append((s.name, text, s.help))
        return rows


def load_config(path: str | os.PathLike[str] | None = None, *, env: str | None = None,
                config_class: type[Config] = Config) -> Config:
    """Defaults, then the TOML file named by ``path`` or by the environment variable ``env``."""
    chosen = path or (os.environ.get(env) if env else None) or None
    if not chosen:
        return config_class()
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
    return config_class(data, source=str(file))
