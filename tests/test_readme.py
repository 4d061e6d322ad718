"""The README stays true: every setting documented, CI runs the README's test command."""
from __future__ import annotations

from pathlib import Path

from simulator.config import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented():
    missing = [s.env_var for s in SETTINGS if f"`{s.env_var}`" not in README]
    assert missing == []


def test_ci_runs_the_readme_test_command():
    command = "pip install -e '.[test]' && pytest"
    assert command in README
    assert command in (ROOT / ".ci" / "run").read_text()
    assert "pip install . && dropsim serve" in README
