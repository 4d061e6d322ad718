"""The docs build as a site (MkDocs, strict: a broken link or a page left out of the nav fails)
and the README stays the short front page that CI's command comes from."""
from __future__ import annotations

import subprocess
import sys

from .examples import ROOT

README = ROOT / "README.md"
TEST_COMMAND = "pip install -e '.[test]' && pytest"


def test_the_docs_build_strictly(tmp_path):
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                          str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "site" / "retailops" / "index.html").exists()


def test_the_readme_is_short():
    size = len(README.read_bytes())
    assert size <= 8 * 1024, f"README.md is {size} bytes; the details belong in docs/"


def test_ci_runs_the_readme_test_command():
    readme = README.read_text()
    assert TEST_COMMAND in readme
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text()
    assert "pip install . && dropsim serve" in readme


def test_the_readme_links_to_every_page():
    readme = README.read_text()
    pages = sorted(path.name for path in (ROOT / "docs").glob("*.md"))
    assert [page for page in pages if f"docs/{page}" not in readme] == []
