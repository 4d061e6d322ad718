"""Without a browser the dashboard tests skip on a developer machine but fail in CI."""
from __future__ import annotations

import pytest

from .conftest import _unavailable


def test_missing_browser_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI"):
        _unavailable("no chromium")


def test_missing_browser_skips_elsewhere(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _unavailable("no chromium")
