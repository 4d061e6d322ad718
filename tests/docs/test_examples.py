"""Every command in the docs runs against a fresh server and answers what the docs show.

Each page gets its own `dropsim serve` on a free port with a fresh database; its ```console
examples run in order, each in a shell that starts with the variables the page's earlier
examples set (`TOKEN=$(...)` on one line, `$TOKEN` on the next, as in a terminal), with the
page's `localhost:8080` pointed at that server and `DROPSIM_DB` at its database, so the CLI
examples act on the same state. See tests/docs/examples.py for the format.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .. import live
from .examples import PAGES, ROOT, examples, fenced_blocks, for_port, matches

PAGES_WITH_EXAMPLES = [page for page in PAGES if examples(page.read_text())]
# What a shell block that is not run may hold: setting a machine up, starting a server.
SETUP_COMMANDS = ("pip ", "python3 -m venv", "docker ", "apt-get ", "brew ", "npm ",
                  "python -m bench", "dropsim serve", ". .venv/bin/activate")


@pytest.fixture
def servers(tmp_path):
    started = live.Servers(tmp_path)
    yield started
    started.stop_all()


@pytest.mark.parametrize("page", PAGES_WITH_EXAMPLES, ids=lambda page: page.name)
def test_page_examples_answer_as_shown(page, servers, tmp_path):
    db = tmp_path / "dropsim.db"
    base, _ = servers.start("--db", str(db))
    port = int(base.rsplit(":", 1)[1])
    env = {**os.environ, "DROPSIM_DB": str(db),
           "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    env.pop("DROPSIM_ADMIN_TOKEN", None)
    state = tmp_path / "shell-variables"
    for example in examples(page.read_text()):
        run = subprocess.run(["bash", "-c", _keeping_variables(for_port(example.command, port))],
                             capture_output=True, text=True, env={**env, "STATE": str(state)},
                             cwd=tmp_path, timeout=120)
        output = run.stdout + run.stderr
        assert run.returncode == 0, (
            f"{example.where(page)}: `{example.command}` exited {run.returncode}:\n{output}")
        assert matches(for_port(example.answer, port), output), (
            f"{example.where(page)}: `{example.command}`\n--- the docs show:\n{example.answer}"
            f"--- it answered:\n{output}")


def _keeping_variables(command: str) -> str:
    """The command run after the variables earlier commands set, saving them for the next."""
    return (f'set -a; [ -f "$STATE" ] && . "$STATE"\n{command}\n'
            'status=$?; export -p > "$STATE"; exit $status')


def test_every_command_in_the_docs_is_an_example():
    """Shell blocks that are not ```console may only set a machine up or start a server."""
    stray = []
    for page in PAGES:
        for language, start, lines in fenced_blocks(page.read_text()):
            if language in ("", "sh", "bash", "shell"):
                for offset, line in enumerate(lines):
                    text = line.strip()
                    if text and not text.startswith("#") and not text.startswith(SETUP_COMMANDS):
                        stray.append(f"{page.relative_to(ROOT)}:{start + offset}: {text}")
    assert stray == [], "make these ```console examples (with their answers):\n" + "\n".join(stray)
