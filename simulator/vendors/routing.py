"""Case-insensitive routes, as ASP.NET's routing matches them (`/provet/API/Orders` is
`/provet/api/orders`): the literal segments of a path under a vendor's prefix are rewritten to
the case its routes are registered with before Flask routes it. Path parameters (codes, ids)
keep their case."""
from __future__ import annotations

import functools
from typing import Any, Callable


_PATHS_KEPT = 4096  # paths whose canonical form is remembered


class CanonicalPaths:
    """WSGI middleware giving the literal segments of paths under `prefix` their registered
    case, for the routes of the blueprint named `blueprint`."""

    def __init__(self, app: Any, wsgi_app: Callable, prefix: str, blueprint: str) -> None:
        self.app, self.wsgi_app = app, wsgi_app
        self.prefix, self.blueprint = prefix.rstrip("/") + "/", blueprint
        self.templates: list[list[str]] | None = None
        # A client repeats its paths: each one's canonical form is worked out once.
        self.remembered = functools.lru_cache(maxsize=_PATHS_KEPT)(self.canonical)

    def canonical(self, path: str) -> str:
        """The path with its literal segments in registered case (unchanged if none fits)."""
        if self.templates is None:
            self.templates = [r.rule.split("/") for r in self.app.url_map.iter_rules()
                              if r.endpoint.startswith(self.blueprint + ".")]
        parts, best = path.split("/"), None
        for template in self.templates:
            if len(template) == len(parts) and all(
                    t.startswith("<") or t.lower() == p.lower() for t, p in zip(template, parts)):
                literals = sum(not t.startswith("<") for t in template)
                if best is None or literals > best[0]:
                    best = (literals, template)
        if best is None:
            return path
        return "/".join(p if t.startswith("<") else t for t, p in zip(best[1], parts))

    def __call__(self, environ: dict, start_response: Callable):
        path = environ.get("PATH_INFO", "")
        if path[:len(self.prefix)].lower() == self.prefix:
            environ["PATH_INFO"] = self.remembered(path)
        return self.wsgi_app(environ, start_response)


def case_insensitive(blueprint, prefix: str) -> None:
    """Match `blueprint`'s routes under `prefix` in any case."""

    @blueprint.record_once
    def _install(state) -> None:
        state.app.wsgi_app = CanonicalPaths(state.app, state.app.wsgi_app, prefix, blueprint.name)
