"""docs/cli.md and docs/settings.md are what simulator/refdocs.py writes from the code."""
from __future__ import annotations

import pytest

from simulator import refdocs
from simulator.config import SETTINGS

STALE = "{name} is stale: run python -m simulator.refdocs and commit the result"


@pytest.mark.parametrize("path, text", refdocs.references().items(),
                         ids=lambda value: getattr(value, "name", ""))
def test_generated_reference_is_current(path, text):
    assert path.exists(), STALE.format(name=path.name)
    assert path.read_text() == text, STALE.format(name=path.name)


def test_every_setting_and_command_is_in_the_references():
    settings = refdocs.settings_reference()
    assert [s.env_var for s in SETTINGS if f"`{s.env_var}`" not in settings] == []
    cli = refdocs.cli_reference()
    for heading in ("## `dropsim serve`", "## `dropsim clock advance`",
                    "## `dropsim retailops change-po`", "## `dropsim provet product`"):
        assert heading in cli
    assert "`--status-interval TEXT`" in cli and "DROPSIM_PROVET_STATUS_INTERVAL" in cli
