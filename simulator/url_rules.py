"""URL rules whose URL builders are compiled when first used.

When a rule is added, werkzeug compiles two Python functions that build its URL (for
`url_for`), through `ast` and `compile`: for dropsim's 84 routes that is about three quarters
of what `create_app` costs, and an app builds few URLs (the dashboard's links) or none (a
vendor API). The test suite builds an app per test, so this is most of its set-up time.
Matching requests is unchanged: it uses the rule's regular expressions, compiled as before.
"""
from __future__ import annotations

from typing import Any, Callable

from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    """A werkzeug Rule that compiles each URL builder on its first call."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        compile_now = super()._compile_builder
        compiled: list[Callable[..., tuple[str, str]]] = []

        def build(rule: Rule, *args: Any, **kwargs: Any) -> tuple[str, str]:
            if not compiled:
                compiled.append(compile_now(append_unknown).__get__(rule, None))
            return compiled[0](*args, **kwargs)

        return build  # werkzeug binds it to the rule, as it binds the compiled one
