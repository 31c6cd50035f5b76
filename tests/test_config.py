from decimal import Decimal

import pytest

from bms_kiosk.settings import SETTINGS, Config, ConfigError, load_config


def test_defaults_are_the_2026_values():
    cfg = Config()
    assert cfg.creance_eligibility_min == Decimal("40")
    assert cfg.creance_eligibility_max == Decimal("200")
    assert cfg.payment_min == Decimal("16") and cfg.payment_max == Decimal("50")
    assert cfg.oc_processing_days == 7
    assert cfg.inactivity_answer_delay >= 20
    assert cfg.inactivity_max_extensions >= 10


def test_every_default_passes_its_own_checks():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    Config({s.name: (str(s.default) if isinstance(s.default, Decimal) else s.default) for s in SETTINGS})


def test_toml_overrides(tmp_path):
    f = tmp_path / "kiosk.toml"
    f.write_text('terminal_id = "BMS-75-0042"\npayment_max = "60"\ninactivity_delay = 30\n')
    cfg = load_config(f)
    assert cfg.terminal_id == "BMS-75-0042"
    assert cfg.payment_max == Decimal("60")
    assert cfg.inactivity_delay == 30.0


def test_environment_variable_names_the_file(tmp_path, monkeypatch):
    f = tmp_path / "k.toml"
    f.write_text('card_source = "simulated"\n')
    monkeypatch.setenv("BMS_KIOSK_CONFIG", str(f))
    assert load_config().card_source == "simulated"


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ('terminl_id = "x"\n', "terminl_id", "inconnu"),
        ("inactivity_delay = \"soon\"\n", "inactivity_delay", "nombre"),
        ("inactivity_answer_delay = 5\n", "inactivity_answer_delay", "au moins"),
        ("fullscreen = 1\n", "fullscreen", "true ou false"),
        ('card_source = "usb"\n', "card_source", "l'une de"),
        ("auth_max_attempts = 2.5\n", "auth_max_attempts", "entier"),
        ('payment_min = "abc"\n', "payment_min", "montant"),
        ('[printer]\nqueue = "x"\n', "printer", "inconnu"),
    ],
)
def test_bad_values_name_the_key(tmp_path, text, key, expected):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(f)
    assert key in str(err.value) and expected in str(err.value)


def test_missing_file_and_bad_toml(tmp_path):
    with pytest.raises(ConfigError, match="introuvable"):
        load_config(tmp_path / "nope.toml")
    bad = tmp_path / "b.toml"
    bad.write_text("x = = 1")
    with pytest.raises(ConfigError, match="TOML invalide"):
        load_config(bad)


def test_secrets_hidden_on_the_maintenance_screen():
    rows = dict((n, v) for n, v, _ in Config({"backend_terminal_key": "s3cret"}).shown())
    assert rows["backend_terminal_key"] != "s3cret"
