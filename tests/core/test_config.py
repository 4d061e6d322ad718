"""Settings: declared once, read from defaults, DROPSIM_* variables and overrides."""
from __future__ import annotations

import pytest

from simulator.config import SETTINGS, ConfigError, load_config, parse_duration


def test_every_setting_has_a_help_line_and_a_valid_default():
    defaults = load_config(environ={})
    for setting in SETTINGS:
        assert setting.help and setting.env_var == "DROPSIM_" + setting.name.upper()
        assert setting.name in defaults
    assert defaults["provet_status_interval"] == 600
    assert defaults["port"] == 8080 and defaults["seed"] == 42


def test_environment_then_overrides():
    env = {"DROPSIM_PORT": "9000", "DROPSIM_SEED": "7", "DROPSIM_PROVET_STATUS_INTERVAL": "2m"}
    settings = load_config({"seed": 9}, environ=env)
    assert settings["port"] == 9000
    assert settings["seed"] == 9
    assert settings["provet_status_interval"] == 120


@pytest.mark.parametrize("env", [{"DROPSIM_PORT": "eighty"}, {"DROPSIM_SQLITE_SYNCHRONOUS": "maybe"},
                                 {"DROPSIM_PROVET_STATUS_INTERVAL": "soon"}])
def test_bad_values_name_the_setting(env):
    with pytest.raises(ConfigError) as info:
        load_config(environ=env)
    assert list(env)[0] in str(info.value)


def test_unknown_override_is_refused():
    with pytest.raises(ConfigError):
        load_config({"colour": "blue"}, environ={})


@pytest.mark.parametrize("text,seconds", [("90", 90), ("30s", 30), ("10m", 600), ("2h", 7200),
                                          ("1d", 86400), ("1h30m", 5400), (45, 45)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "ten", "5x", "-5", "10m later"])
def test_parse_duration_rejects(text):
    with pytest.raises(ConfigError):
        parse_duration(text)
