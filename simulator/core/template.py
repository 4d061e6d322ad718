"""Seeded templates: a fresh database starts as a copy of one seeded before, not by seeding.

Seeding generates every vendor's catalogue (Faker, thousands of rows) and takes about a second;
copying a database of the same seed takes milliseconds. So the first time a database is seeded
with a seed, the result is kept in the template folder (setting `template_dir`), under a name
made of dropsim's version, the seed and a digest of the code and fixtures that seed it; a
later fresh database with the same seed and the same code is a copy of it. Then what must not
be shared between databases is made afresh (each vendor's `renew`): Allivet's signing key,
the Provet catalogue's anchor day, and the default account's instants, moved by the time since
the template was seeded so that its orders and POs are as old as in a database seeded now.
A template never holds more than the seeded state: it is saved before any request.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from importlib import resources

from .. import version

MADE_KEY = "template_made_us"  # meta: when the template's seeding ran


def default_folder() -> str:
    """Where templates are kept unless `template_dir` says otherwise: the user's cache."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "dropsim", "templates")


_digest: str | None = None


def code_digest() -> str:
    """A digest of every source and fixture file of the package: a template is only used by
    the code that made it."""
    global _digest
    if _digest is None:
        root = resources.files("simulator")
        found = hashlib.sha256()
        for path in sorted(_files(str(root))):
            found.update(os.path.relpath(path, str(root)).encode())
            with open(path, "rb") as handle:
                found.update(handle.read())
        _digest = found.hexdigest()[:16]
    return _digest


def _files(root: str):
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            if name.endswith((".py", ".json", ".sql")):
                yield os.path.join(folder, name)


def path_for(folder: str, seed: int) -> str:
    """The template of `seed` for this code in `folder`."""
    return os.path.join(folder, f"dropsim-{version.__version__}-seed{seed}-{code_digest()}.db")


def restore(conn: sqlite3.Connection, template: str, seed: int) -> bool:
    """Copy the template into the (empty) database of `conn`; False when there is none, or
    it is not a database seeded with `seed` (the database is then seeded, and the template
    made again)."""
    if not os.path.exists(template):
        return False
    source = None
    try:
        # immutable: a template never changes once named (it is replaced whole).
        source = sqlite3.connect(f"file:{template}?mode=ro&immutable=1", uri=True)
        meta = dict(source.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                                   ["seeded_with", MADE_KEY]).fetchall())
        if meta.get("seeded_with") != str(seed) or not meta.get(MADE_KEY):
            return False
        source.backup(conn)
        return True
    except sqlite3.Error:
        return False
    finally:
        if source is not None:
            source.close()


def save(conn: sqlite3.Connection, template: str) -> None:
    """Keep the database of `conn` as the template (written aside, then renamed into place,
    so that a reader never sees half a template). Failing to save is not an error."""
    folder = os.path.dirname(template)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=".db")
        os.close(fd)
        os.unlink(partial)  # VACUUM INTO wants to create the file itself
        try:
            conn.execute("VACUUM INTO ?", [partial])
            os.replace(partial, template)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
    except (OSError, sqlite3.Error):
        pass
